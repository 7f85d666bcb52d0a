/**
 * ingress-nginx as kind and minikube install it: namespace `ingress-nginx`, a Deployment
 * `ingress-nginx-controller` (its pods are made by the workload controllers) behind a LoadBalancer
 * Service of the same name, and the IngressClass `nginx` (controller `k8s.io/ingress-nginx`) marked
 * default with `ingressclass.kubernetes.io/is-default-class: "true"`. The controller serves the
 * Ingresses of its class (and those without class, since its class is the default), and publishes
 * its Service's external address in their `status.loadBalancer` (`--publish-service`). Routing
 * itself (host, path, TLS) happens in the traffic model, from the same rules.
 */
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ClusterContext, SimComponent } from '../component.ts';
import { EventRecorder } from '../controllers/events.ts';
import { WorkQueue } from '../workqueue.ts';
import { ingressClassOf } from './ingress-rules.ts';
import { keyOf } from '../controllers/util.ts';
import { isPodReady } from './pod-util.ts';
import type { ClusterView } from './view.ts';

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_CONTROLLER_NAME = 'ingress-nginx-controller';
export const INGRESS_CLASS = 'nginx';
export const INGRESS_CONTROLLER_ID = 'k8s.io/ingress-nginx';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const INGRESS_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.12.0';
/** The identity the bootstrap objects are created under (`kubectl apply -f deploy.yaml`). */
const INSTALLER = 'kubectl-client-side-apply';

const LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

/** The objects `kubectl apply` of ingress-nginx's kind manifest creates (the parts that matter here). */
export function ingressNginxManifests(): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: INGRESS_NAMESPACE,
        labels: {
          'app.kubernetes.io/name': 'ingress-nginx',
          'app.kubernetes.io/instance': 'ingress-nginx',
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: INGRESS_CLASS,
        labels: { ...LABELS },
        annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
      },
      spec: { controller: INGRESS_CONTROLLER_ID },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: INGRESS_CONTROLLER_NAME,
        namespace: INGRESS_NAMESPACE,
        labels: { ...LABELS },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { ...LABELS },
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', appProtocol: 'http' },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: INGRESS_CONTROLLER_NAME,
        namespace: INGRESS_NAMESPACE,
        labels: { ...LABELS },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...LABELS } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            containers: [
              {
                name: 'controller',
                image: INGRESS_IMAGE,
                args: [
                  '/nginx-ingress-controller',
                  `--publish-service=$(POD_NAMESPACE)/${INGRESS_CONTROLLER_NAME}`,
                  '--election-id=ingress-nginx-leader',
                  `--controller-class=${INGRESS_CONTROLLER_ID}`,
                  `--ingress-class=${INGRESS_CLASS}`,
                ],
                ports: [
                  { name: 'http', containerPort: 80, protocol: 'TCP' },
                  { name: 'https', containerPort: 443, protocol: 'TCP' },
                  { name: 'webhook', containerPort: 8443, protocol: 'TCP' },
                ],
                readinessProbe: {
                  httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                resources: { requests: { cpu: '100m', memory: '90Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
}

/** The IngressClass names this controller serves, and whether it is the default class. */
function ourClasses(view: ClusterView): { names: Set<string>; isDefault: boolean } {
  const names = new Set<string>();
  let isDefault = false;
  for (const obj of view.ingressClasses.list()) {
    const cls = obj as unknown as IngressClass;
    if (cls.spec?.controller !== INGRESS_CONTROLLER_ID) continue;
    names.add(cls.metadata?.name ?? '');
    if (cls.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') isDefault = true;
  }
  return { names, isDefault };
}

/** The Ingresses ingress-nginx serves: of its class, or without class when its class is default. */
export function servedIngresses(view: ClusterView): Ingress[] {
  const { names, isDefault } = ourClasses(view);
  return (view.ingresses.list() as unknown as Ingress[]).filter((ing) => {
    const cls = ingressClassOf(ing);
    return cls ? names.has(cls) : isDefault;
  });
}

/** The controller Service's external address (what the controller publishes). */
export function controllerAddress(view: ClusterView): string | undefined {
  const svc = view.services.get(`${INGRESS_NAMESPACE}/${INGRESS_CONTROLLER_NAME}`) as
    Service | undefined;
  return svc?.status?.loadBalancer?.ingress?.[0]?.ip;
}

/** The controller pods that are ready (those that can serve and write status). */
export function readyControllerPods(view: ClusterView): KubeObject[] {
  return [...view.pods.list()].filter(
    (p) =>
      p.metadata?.namespace === INGRESS_NAMESPACE &&
      p.metadata?.labels?.['app.kubernetes.io/component'] === 'controller' &&
      p.metadata?.labels?.['app.kubernetes.io/name'] === 'ingress-nginx' &&
      !p.metadata?.deletionTimestamp &&
      isPodReady(p as never),
  );
}

/** Creates the ingress-nginx objects (idempotent: existing ones are kept). */
export function installIngressNginx(ctx: ClusterContext): void {
  const client = ctx.client(INSTALLER);
  for (const obj of ingressNginxManifests()) {
    const [group, version] = obj.apiVersion!.includes('/')
      ? obj.apiVersion!.split('/')
      : ['', obj.apiVersion!];
    const resource = {
      Namespace: 'namespaces',
      IngressClass: 'ingressclasses',
      Service: 'services',
      Deployment: 'deployments',
    }[obj.kind as 'Namespace'];
    client.create(
      apiPath(group ? `${group}/${version}` : version, resource, obj.metadata?.namespace),
      obj,
    );
  }
}

/** Starts the controller's status loop as component `ingress-nginx-controller`. */
export function startIngressController(ctx: ClusterContext, view: ClusterView): SimComponent {
  const client = ctx.client(INGRESS_CONTROLLER_NAME);
  const recorder = new EventRecorder(client, ctx.clock, 'nginx-ingress-controller');
  let running = false;
  const synced = new Map<string, string>();
  const sync = (key: string) => {
    if (!running) return;
    const ing = view.ingresses.get(key) as Ingress | undefined;
    if (!ing) {
      synced.delete(key);
      return;
    }
    if (!servedIngresses(view).some((i) => `${i.metadata?.namespace}/${i.metadata?.name}` === key))
      return;
    const version = ing.metadata?.resourceVersion ?? '';
    if (synced.get(key) !== ing.metadata?.generation?.toString()) {
      synced.set(key, ing.metadata?.generation?.toString() ?? version);
      recorder.event(ing as unknown as KubeObject, 'Normal', 'Sync', 'Scheduled for sync');
    }
    // Only a running controller (the elected leader pod) writes status.
    if (readyControllerPods(view).length === 0) return;
    const ip = controllerAddress(view);
    const current = ing.status?.loadBalancer?.ingress?.[0]?.ip;
    if (!ip || current === ip) return;
    const [namespace, name] = key.split('/');
    client.patch(apiPath('networking.k8s.io/v1', 'ingresses', namespace, name, 'status'), {
      status: { loadBalancer: { ingress: [{ ip }] } },
    });
  };
  const queue = new WorkQueue(ctx.clock, sync, INGRESS_CONTROLLER_NAME);
  const queueAll = () => view.ingresses.list().forEach((i) => queue.add(keyOf(i)));
  view.ingresses.on({ add: (i) => queue.add(keyOf(i)), update: (_o, i) => queue.add(keyOf(i)) });
  view.services.on({
    update: (_o, s) => {
      if (keyOf(s) === `${INGRESS_NAMESPACE}/${INGRESS_CONTROLLER_NAME}`) queueAll();
    },
    add: (s) => {
      if (keyOf(s) === `${INGRESS_NAMESPACE}/${INGRESS_CONTROLLER_NAME}`) queueAll();
    },
  });
  view.pods.on({
    update: (_o, p) => {
      if (p.metadata?.namespace === INGRESS_NAMESPACE) queueAll();
    },
  });
  view.ingressClasses.on({ add: queueAll, update: queueAll });
  const component: SimComponent = {
    name: INGRESS_CONTROLLER_NAME,
    start() {
      if (running) return;
      running = true;
      queue.resume();
      queueAll();
    },
    stop() {
      running = false;
      queue.pause();
    },
    running: () => running,
  };
  component.start();
  ctx.register(component);
  return component;
}
