/**
 * The template palette's manifests: one small, valid object per kind, named uniquely against the
 * names already in the cluster, plus the two targeted drops: a Service selecting a workload's pods
 * and a pod pinned to a node with a `kubernetes.io/hostname` nodeSelector.
 */

export const TEMPLATE_KINDS = [
  'Deployment',
  'Service',
  'Ingress',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;

export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Short labels for the palette chips. */
export const TEMPLATE_LABELS: Record<TemplateKind, string> = {
  Deployment: 'Deployment',
  Service: 'Service',
  Ingress: 'Ingress',
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  PersistentVolumeClaim: 'PVC',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  Job: 'Job',
  CronJob: 'CronJob',
};

const BASE_NAMES: Record<TemplateKind, string> = {
  Deployment: 'web',
  Service: 'web',
  Ingress: 'web',
  ConfigMap: 'settings',
  Secret: 'credentials',
  PersistentVolumeClaim: 'data',
  StatefulSet: 'db',
  DaemonSet: 'agent',
  Job: 'task',
  CronJob: 'report',
};

/** `base`, or `base-2`, `base-3`, ... the first not in `taken`. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

const podSpec = (name: string, image: string, indent: string, extra = '') =>
  [
    'containers:',
    `  - name: ${name}`,
    `    image: ${image}`,
    ...(extra ? extra.split('\n') : []),
    '    resources:',
    '      requests:',
    '        cpu: 100m',
    '        memory: 64Mi',
  ]
    .map((l) => indent + l)
    .join('\n');

/** The base name a template uses (before it is made unique). */
export function templateBaseName(kind: TemplateKind): string {
  return BASE_NAMES[kind];
}

/** A manifest for `kind` named `name`. */
export function templateManifest(kind: TemplateKind, name: string): string {
  const head = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  const selector = `  selector:\n    matchLabels:\n      app: ${name}\n`;
  const template = (extra = '') =>
    `  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n${podSpec(name, 'nginx:1.27', '      ', extra)}\n`;
  switch (kind) {
    case 'Deployment':
      return `${head('apps/v1')}spec:\n  replicas: 2\n${selector}${template('    ports:\n      - containerPort: 80')}`;
    case 'Service':
      return `${head('v1')}spec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 80\n`;
    case 'Ingress':
      return `${head('networking.k8s.io/v1')}spec:\n  ingressClassName: nginx\n  rules:\n    - host: ${name}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${name}\n                port:\n                  number: 80\n`;
    case 'ConfigMap':
      return `${head('v1')}data:\n  LOG_LEVEL: info\n  GREETING: hello\n`;
    case 'Secret':
      // stringData: the apiserver stores it base64-encoded in data (Secrets are encoded, not encrypted).
      return `${head('v1')}type: Opaque\nstringData:\n  username: admin\n  password: change-me\n`;
    case 'PersistentVolumeClaim':
      return `${head('v1')}spec:\n  accessModes:\n    - ReadWriteOnce\n  resources:\n    requests:\n      storage: 1Gi\n`;
    case 'StatefulSet':
      return `${head('apps/v1')}spec:\n  serviceName: ${name}\n  replicas: 3\n${selector}${template()}`;
    case 'DaemonSet':
      return `${head('apps/v1')}spec:\n${selector}${template()}`;
    case 'Job':
      return `${head('batch/v1')}spec:\n  completions: 1\n  backoffLimit: 4\n  template:\n    spec:\n      restartPolicy: Never\n${podSpec(name, 'busybox:1.36', '      ', '    command: ["sh", "-c", "sleep 5"]')}\n`;
    case 'CronJob':
      return `${head('batch/v1')}spec:\n  schedule: "*/1 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n${podSpec(name, 'busybox:1.36', '          ', '    command: ["sh", "-c", "sleep 5"]')}\n`;
  }
}

/** A Service that selects the pods with `labels` (a workload's selector), named after it. */
export function serviceFor(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  port = 80,
): string {
  const selector = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n${selector}\n  ports:\n    - port: ${port}\n      targetPort: ${port}\n`;
}

/** A pod pinned to `node` with a nodeSelector on the node's `kubernetes.io/hostname` label. */
export function pinnedPod(name: string, node: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  nodeSelector:\n    kubernetes.io/hostname: ${node}\n${podSpec(name, 'nginx:1.27', '  ')}\n`;
}
