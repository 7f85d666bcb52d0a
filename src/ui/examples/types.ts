/** A guided experiment: manifests, a few sentences of explanation, and what to watch. */
export interface Example {
  id: string;
  title: string;
  /** One line: the concept it teaches. */
  teaches: string;
  /** A few short paragraphs in plain words. */
  explanation: string[];
  /** The thing to look at in the diagram while it runs. */
  watch: string;
  files: { name: string; text: string }[];
  /** Optional scripted timeline (src/sim/timeline.ts format). */
  timeline?: string;
  /** Cluster shape the experiment needs (defaults: 3 workers, 1 control plane). */
  cluster?: { workers?: number; controlPlanes?: number };
}

/** A Deployment manifest with the usual fields, for examples that need one. */
export function deployment(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    port?: number;
    labels?: Record<string, string>;
    extra?: string;
  } = {},
): string {
  const { replicas = 3, image = 'nginx:1.27', port = 80, extra = '' } = options;
  const labels = options.labels ?? { app: name };
  const labelLines = (indent: string) =>
    Object.entries(labels)
      .map(([k, v]) => `${indent}${k}: ${v}`)
      .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
${labelLines('      ')}
  template:
    metadata:
      labels:
${labelLines('        ')}
    spec:
      containers:
        - name: ${name}
          image: ${image}
          ports:
            - containerPort: ${port}
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
${extra}`;
}

/** A ClusterIP (or other type) Service selecting `app: <selector>`. */
export function service(
  name: string,
  selector: string,
  options: { type?: string; port?: number; targetPort?: number } = {},
): string {
  const { type = 'ClusterIP', port = 80, targetPort = 80 } = options;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${type}
  selector:
    app: ${selector}
  ports:
    - port: ${port}
      targetPort: ${targetPort}
`;
}
