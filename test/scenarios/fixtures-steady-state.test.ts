/**
 * Every real-world manifest of test/fixtures/manifests reaches the steady state its CATALOGUE.md
 * expects on the default simulated cluster (3 workers + a tainted control plane, a default
 * StorageClass with a provisioner, a cloud load balancer and an ingress controller). Each entry
 * (a file, or a catalogue group applied together) gets a fresh cluster, is applied with
 * `kubectl apply -f -` as the console does, runs for a few virtual minutes, and is checked.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim/cluster.ts';
import {
  applyFixtures,
  endpointAddresses,
  eventsFor,
  fixture,
  getRow,
  getRows,
  kubectl,
  podsNamed,
} from './fixture-helpers.ts';
import { get, isReady, list, type Obj } from '../../src/sim/scenarios/workload-helpers.ts';

const web = (path: string) => `kubernetes__website/content__en__examples__${path}.yaml`;
const tf = (name: string) => `kubernetes__examples/AI__model-serving-tensorflow__${name}.yaml`;
const podinfo = (path: string) => `stefanprodan__podinfo/${path}.yaml`;
const vote = (name: string) => `dockersamples__example-voting-app/k8s-specifications__${name}.yaml`;

/** FailedScheduling for a pod whose claims block it before any node is looked at. */
const unschedulable = (reason: string) =>
  `0/4 nodes are available: ${reason}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..`;

interface FixtureCase {
  /** Catalogue numbers and what is applied. */
  name: string;
  files: string[];
  /** Virtual time after the last apply before checking. */
  settleMs: number;
  startMs?: number;
  check(c: Cluster): Promise<void> | void;
}

const t = (c: Cluster) => c.client('test');
const spec = (o: Obj | undefined) => (o?.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const status = (o: Obj | undefined) => (o?.status ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `kubectl get deploy NAME` shows READY `want` and AVAILABLE. */
async function expectDeploymentReady(c: Cluster, name: string, replicas: number, ns = 'default') {
  const row = await getRow(c, `deployment ${name} -n ${ns}`);
  expect(row).toMatchObject({
    READY: `${replicas}/${replicas}`,
    'UP-TO-DATE': String(replicas),
    AVAILABLE: String(replicas),
  });
}

/** Every pod with the prefix shows `ready` in READY, STATUS Running, no restarts. */
async function expectPodsRunning(c: Cluster, prefix: string, count: number, ready = '1/1') {
  const rows = (await getRows(c, 'pods')).filter((r) => r[0].startsWith(prefix));
  expect(rows.map((r) => r.slice(1, 4))).toEqual(Array(count).fill([ready, 'Running', '0']));
}

const CASES: FixtureCase[] = [
  {
    name: '1+2 G-vote: vote 1/1, NodePort 8080:31000 with 1 endpoint',
    files: [vote('vote-deployment'), vote('vote-service')],
    settleMs: 60_000,
    async check(c) {
      await expectDeploymentReady(c, 'vote', 1);
      await expectPodsRunning(c, 'vote-', 1);
      expect(await getRow(c, 'service vote')).toMatchObject({
        TYPE: 'NodePort',
        'PORT(S)': '8080:31000/TCP',
        'EXTERNAL-IP': '<none>',
      });
      expect(spec(get(t(c), 'v1', 'services', 'vote')).ports[0]).toMatchObject({
        port: 8080,
        targetPort: 80,
        nodePort: 31000,
      });
      const ep = endpointAddresses(c, 'vote');
      expect(ep.ready).toHaveLength(1);
      expect(ep.ports).toEqual([80]);
    },
  },
  {
    name: '2 vote-service alone: NodePort 31000 with no endpoints',
    files: [vote('vote-service')],
    settleMs: 10_000,
    async check(c) {
      expect(await getRow(c, 'service vote')).toMatchObject({ 'PORT(S)': '8080:31000/TCP' });
      expect(endpointAddresses(c, 'vote').ready).toHaveLength(0);
      // The fixed nodePort is taken: a second Service asking for it is refused.
      const copy = fixture(vote('vote-service')).replace('name: vote\n', 'name: vote-copy\n');
      expect(await kubectl(c, 'apply -f -', copy)).toMatchObject({
        exitCode: 1,
        stderr:
          'Error from server (Invalid): error when creating "STDIN": Service "vote-copy" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated\n',
      });
    },
  },
  {
    name: '3 bookinfo: 4 Services on 9080, 4 ServiceAccounts, 6 Deployments 1/1; reviews has 3 endpoints',
    files: ['istio__istio/samples__bookinfo__platform__kube__bookinfo.yaml'],
    settleMs: 60_000,
    async check(c) {
      const services = ['details', 'ratings', 'reviews', 'productpage'];
      for (const s of services) {
        const row = await getRow(c, `service ${s}`);
        expect(row.TYPE).toBe('ClusterIP');
        expect(row['CLUSTER-IP']).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
        expect(row['PORT(S)']).toBe('9080/TCP');
        expect(endpointAddresses(c, s).ready).toHaveLength(s === 'reviews' ? 3 : 1);
        expect(endpointAddresses(c, s).ports).toEqual([9080]);
        expect(get(t(c), 'v1', 'serviceaccounts', `bookinfo-${s}`)).toBeDefined();
      }
      for (const d of [
        'details-v1',
        'ratings-v1',
        'reviews-v1',
        'reviews-v2',
        'reviews-v3',
        'productpage-v1',
      ])
        await expectDeploymentReady(c, d, 1);
      const pods = list(t(c), 'v1', 'pods');
      expect(pods.filter((p) => status(p).phase === 'Running' && isReady(p))).toHaveLength(6);
      expect(
        spec(pods.find((p) => p.metadata?.name?.startsWith('reviews-v2'))).serviceAccountName,
      ).toBe('bookinfo-reviews');
    },
  },
  {
    name: '4-8 G-tf: claim pre-bound to my-model-pv; Service with 2 ports; Ingress served by the ingress controller',
    files: [tf('pv'), tf('pvc'), tf('deployment'), tf('service'), tf('ingress')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'pv my-model-pv')).toMatchObject({
        CAPACITY: '1Gi',
        'ACCESS MODES': 'ROX',
        'RECLAIM POLICY': 'Retain',
        STORAGECLASS: '',
      });
      expect(await getRow(c, 'service tf-serving')).toMatchObject({
        TYPE: 'ClusterIP',
        'PORT(S)': '8500/TCP,8501/TCP',
      });
      const ingress = get(t(c), 'networking.k8s.io/v1', 'ingresses', 'tf-serving-ingress');
      expect(spec(ingress).rules[0].http.paths[0]).toMatchObject({
        path: '/tf(/|$)(.*)',
        pathType: 'Prefix',
        backend: { service: { name: 'tf-serving', port: { number: 8501 } } },
      });
      expect(status(ingress).loadBalancer?.ingress?.[0]?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      // The catalogue's TRAP: DefaultStorageClass admission gives the claim `standard`, so it cannot
      // bind the class-less PV it names and stays Pending, and so does tf-serving's pod.
      expect(await getRow(c, 'pvc my-model-pvc')).toMatchObject({
        STATUS: 'Pending',
        VOLUME: 'my-model-pv',
        STORAGECLASS: 'standard',
      });
      expect(eventsFor(c, 'PersistentVolumeClaim', 'my-model-pvc')[0]).toMatchObject({
        type: 'Warning',
        reason: 'VolumeMismatch',
        message: 'Cannot bind to requested volume "my-model-pv": storageClassName does not match',
      });
      expect(await getRow(c, 'pv my-model-pv')).toMatchObject({ STATUS: 'Available' });
      const tfPods = podsNamed(c, 'tf-serving-');
      expect(tfPods.map((p) => status(p).phase)).toEqual(['Pending']);
    },
  },
  {
    name: '7 my-model-pvc alone: Pending (the requested volume does not exist), never Lost',
    files: [tf('pvc')],
    settleMs: 30_000,
    async check(c) {
      expect(await getRow(c, 'pvc my-model-pvc')).toMatchObject({
        STATUS: 'Pending',
        VOLUME: 'my-model-pv',
      });
      expect(eventsFor(c, 'PersistentVolumeClaim', 'my-model-pvc')).toEqual([]);
    },
  },
  {
    name: '9 dns-horizontal-autoscaler: kube-system SA, RBAC and Deployment 1/1 at system-cluster-critical',
    files: [web('admin__dns__dns-horizontal-autoscaler')],
    settleMs: 60_000,
    async check(c) {
      expect(
        get(t(c), 'v1', 'serviceaccounts', 'kube-dns-autoscaler', 'kube-system'),
      ).toBeDefined();
      expect(
        get(t(c), 'rbac.authorization.k8s.io/v1', 'clusterroles', 'system:kube-dns-autoscaler', ''),
      ).toBeDefined();
      expect(
        get(
          t(c),
          'rbac.authorization.k8s.io/v1',
          'clusterrolebindings',
          'system:kube-dns-autoscaler',
          '',
        ),
      ).toBeDefined();
      await expectDeploymentReady(c, 'kube-dns-autoscaler', 1, 'kube-system');
      const [pod] = podsNamed(c, 'kube-dns-autoscaler-', 'kube-system');
      expect(spec(pod)).toMatchObject({
        priorityClassName: 'system-cluster-critical',
        priority: 2000000000,
      });
      expect(spec(pod).nodeName).toMatch(/^worker-/);
      expect(status(pod).phase).toBe('Running');
    },
  },
  {
    name: '10 deployment-sidecar: myapp 1/1; pod 2/2 Running, the native sidecar started first',
    files: [web('application__deployment-sidecar')],
    settleMs: 60_000,
    async check(c) {
      await expectDeploymentReady(c, 'myapp', 1);
      // The app's `while true; ...; sleep 1; done` runs forever; the sidecar counts in READY.
      await expectPodsRunning(c, 'myapp-', 1, '2/2');
      const [pod] = podsNamed(c, 'myapp-');
      const sidecar = status(pod).initContainerStatuses[0];
      const app = status(pod).containerStatuses[0];
      expect(sidecar).toMatchObject({ name: 'logshipper', ready: true, restartCount: 0 });
      expect(app).toMatchObject({ name: 'myapp', ready: true, restartCount: 0 });
      expect(Date.parse(sidecar.state.running.startedAt)).toBeLessThanOrEqual(
        Date.parse(app.state.running.startedAt),
      );
    },
  },
  {
    name: '11 web.yaml: headless nginx, StatefulSet web 2/2 in order, claims bound by the provisioner',
    files: [web('application__web__web')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'service nginx')).toMatchObject({ 'CLUSTER-IP': 'None' });
      expect(await getRow(c, 'statefulset web')).toMatchObject({ READY: '2/2' });
      await expectPodsRunning(c, 'web-', 2);
      const [web0, web1] = podsNamed(c, 'web-');
      const readyAt = (p: Obj) =>
        Date.parse(
          status(p).conditions.find((x: { type: string }) => x.type === 'Ready').lastTransitionTime,
        );
      // OrderedReady: web-1 is created only once web-0 is Ready.
      expect(Date.parse(String(web1.metadata?.creationTimestamp))).toBeGreaterThanOrEqual(
        readyAt(web0),
      );
      for (const claim of ['www-web-0', 'www-web-1'])
        expect(await getRow(c, `pvc ${claim}`)).toMatchObject({
          STATUS: 'Bound',
          CAPACITY: '1Gi',
          'ACCESS MODES': 'RWO',
          STORAGECLASS: 'standard',
        });
      const ep = endpointAddresses(c, 'nginx');
      expect(ep.ready.map((a) => a.hostname).sort()).toEqual(['web-0', 'web-1']);
    },
  },
  {
    name: '12+22 G-cm: ConfigMap special-config; dapi-test-pod runs env once and Completes',
    files: [web('configmap__configmap-multikeys'), web('pods__pod-configmap-envFrom')],
    settleMs: 60_000,
    async check(c) {
      expect(get(t(c), 'v1', 'configmaps', 'special-config')?.data).toEqual({
        SPECIAL_LEVEL: 'very',
        SPECIAL_TYPE: 'charm',
      });
      expect(await getRow(c, 'pod dapi-test-pod')).toMatchObject({
        READY: '0/1',
        STATUS: 'Completed',
        RESTARTS: '0',
      });
      expect(status(get(t(c), 'v1', 'pods', 'dapi-test-pod')).phase).toBe('Succeeded');
    },
  },
  {
    name: '22 pod-configmap-envFrom alone: CreateContainerConfigError, configmap not found',
    files: [web('pods__pod-configmap-envFrom')],
    settleMs: 30_000,
    async check(c) {
      expect(await getRow(c, 'pod dapi-test-pod')).toMatchObject({
        READY: '0/1',
        STATUS: 'CreateContainerConfigError',
      });
      expect(status(get(t(c), 'v1', 'pods', 'dapi-test-pod')).phase).toBe('Pending');
      expect(eventsFor(c, 'Pod', 'dapi-test-pod')).toContainEqual(
        expect.objectContaining({
          type: 'Warning',
          reason: 'Failed',
          message: 'Error: configmap "special-config" not found',
        }),
      );
    },
  },
  {
    name: '13 fluentd DaemonSet: one pod per node, control plane included (4)',
    files: [web('controllers__fluentd-daemonset')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'daemonset fluentd-elasticsearch -n kube-system')).toMatchObject({
        DESIRED: '4',
        CURRENT: '4',
        READY: '4',
        'UP-TO-DATE': '4',
        AVAILABLE: '4',
      });
      const nodes = podsNamed(c, 'fluentd-elasticsearch-', 'kube-system').map(
        (p) => spec(p).nodeName,
      );
      expect(nodes.sort()).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    },
  },
  {
    name: '14 frontend ReplicaSet: 3/3 ready, pods owned by the ReplicaSet',
    files: [web('controllers__frontend')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'replicaset frontend')).toMatchObject({
        DESIRED: '3',
        CURRENT: '3',
        READY: '3',
      });
      await expectPodsRunning(c, 'frontend-', 3);
      for (const p of podsNamed(c, 'frontend-'))
        expect(p.metadata?.ownerReferences?.[0]).toMatchObject({
          kind: 'ReplicaSet',
          name: 'frontend',
        });
    },
  },
  {
    name: '15 job pi: Complete 1/1, one pod Completed',
    files: [web('controllers__job')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'job pi')).toMatchObject({ STATUS: 'Complete', COMPLETIONS: '1/1' });
      const pods = await getRows(c, 'pods');
      expect(pods.map((r) => r.slice(1, 4))).toEqual([['0/1', 'Completed', '0']]);
      expect(status(get(t(c), 'batch/v1', 'jobs', 'pi'))).toMatchObject({ succeeded: 1 });
    },
  },
  {
    name: '16 nginx-deployment: 3/3, one ReplicaSet, one pod per worker',
    files: [web('controllers__nginx-deployment')],
    settleMs: 60_000,
    async check(c) {
      await expectDeploymentReady(c, 'nginx-deployment', 3);
      const rss = await getRows(c, 'replicasets');
      expect(rss).toHaveLength(1);
      expect(rss[0][0]).toMatch(/^nginx-deployment-[a-z0-9]+$/);
      expect(rss[0].slice(1, 4)).toEqual(['3', '3', '3']);
      await expectPodsRunning(c, 'nginx-deployment-', 3);
      const nodes = podsNamed(c, 'nginx-deployment-').map((p) => spec(p).nodeName);
      expect(nodes.sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    },
  },
  {
    name: '17+18 G-crd: CRD Established with Color/Size columns; three Shirts served',
    files: [
      web('customresourcedefinition__shirt-resource-definition'),
      web('customresourcedefinition__shirt-resources'),
    ],
    settleMs: 5_000,
    async check(c) {
      const crd = get(
        t(c),
        'apiextensions.k8s.io/v1',
        'customresourcedefinitions',
        'shirts.stable.example.com',
        '',
      );
      const conditions = Object.fromEntries(
        (status(crd).conditions ?? []).map((x: { type: string; status: string }) => [
          x.type,
          x.status,
        ]),
      );
      expect(conditions).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
      expect(status(crd).storedVersions).toEqual(['v1']);
      // The CRD's printer columns replace the default AGE column (as in the kubernetes.io page).
      expect(await kubectl(c, 'get shirts')).toMatchObject({
        stdout: [
          'NAME       COLOR   SIZE',
          'example1   blue    S',
          'example2   blue    M',
          'example3   green   M',
          '',
        ].join('\n'),
      });
      // The CRD's selectableFields make `spec.color` a field label.
      expect(await kubectl(c, 'get shirts --field-selector spec.color=blue')).toMatchObject({
        stdout: [
          'NAME       COLOR   SIZE',
          'example1   blue    S',
          'example2   blue    M',
          '',
        ].join('\n'),
        exitCode: 0,
      });
    },
  },
  {
    name: '18 shirt-resources alone: no matches for kind Shirt',
    files: [],
    settleMs: 0,
    async check(c) {
      const result = await kubectl(
        c,
        'apply -f -',
        fixture(web('customresourcedefinition__shirt-resources')),
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        'no matches for kind "Shirt" in version "stable.example.com/v1"',
      );
    },
  },
  {
    name: '19 init-demo: Init:0/1, PodInitializing, then nginx Running 1/1',
    files: [],
    settleMs: 0,
    async check(c) {
      // Applied here, without the usual gap after the apply, to watch the init phase.
      await applyFixtures(c, [web('pods__init-containers')], 0);
      const seen: string[] = [];
      for (let i = 0; i < 120; i++) {
        const { STATUS } = await getRow(c, 'pod init-demo');
        if (seen.at(-1) !== STATUS) seen.push(STATUS);
        c.clock.advance(250);
      }
      expect(seen.filter((x) => x !== 'Pending')).toEqual([
        'Init:0/1',
        'PodInitializing',
        'Running',
      ]);
      c.clock.advance(30_000);
      expect(await getRow(c, 'pod init-demo')).toMatchObject({
        READY: '1/1',
        STATUS: 'Running',
        RESTARTS: '0',
      });
      const pod = get(t(c), 'v1', 'pods', 'init-demo');
      expect(status(pod).initContainerStatuses[0]).toMatchObject({
        name: 'install',
        // The prober manager reports a completed init container ready, not started (1.32).
        ready: true,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      });
    },
  },
  {
    name: '20+21 G-secret: Opaque Secret; secret-envars-test-pod Running',
    files: [web('pods__inject__secret'), web('pods__inject__secret-envars-pod')],
    settleMs: 60_000,
    async check(c) {
      expect(await getRow(c, 'secret test-secret')).toMatchObject({ TYPE: 'Opaque', DATA: '2' });
      const data = get(t(c), 'v1', 'secrets', 'test-secret')?.data as Record<string, string>;
      expect(atob(data.username)).toBe('my-app');
      expect(atob(data.password)).toBe('39528$vdg7Jb');
      expect(await getRow(c, 'pod secret-envars-test-pod')).toMatchObject({
        READY: '1/1',
        STATUS: 'Running',
        RESTARTS: '0',
      });
    },
  },
  {
    name: '20 secret-envars-pod alone: CreateContainerConfigError, secret not found',
    files: [web('pods__inject__secret-envars-pod')],
    settleMs: 30_000,
    async check(c) {
      expect(await getRow(c, 'pod secret-envars-test-pod')).toMatchObject({
        READY: '0/1',
        STATUS: 'CreateContainerConfigError',
      });
      expect(eventsFor(c, 'Pod', 'secret-envars-test-pod')).toContainEqual(
        expect.objectContaining({
          reason: 'Failed',
          message: 'Error: secret "test-secret" not found',
        }),
      );
    },
  },
  {
    name: '23 goproxy: Running, Ready only after the 15 s readiness delay, no restarts',
    files: [web('pods__probe__tcp-liveness-readiness')],
    settleMs: 0,
    async check(c) {
      const pod = () => get(t(c), 'v1', 'pods', 'goproxy');
      c.clock.advance(8_000);
      expect(status(pod()).phase).toBe('Running');
      expect(isReady(pod()!)).toBe(false);
      c.clock.advance(60_000);
      expect(isReady(pod()!)).toBe(true);
      expect(await getRow(c, 'pod goproxy')).toMatchObject({
        READY: '1/1',
        STATUS: 'Running',
        RESTARTS: '0',
      });
      const started = Date.parse(status(pod()).containerStatuses[0].state.running.startedAt);
      const ready = Date.parse(
        status(pod()).conditions.find((x: { type: string }) => x.type === 'Ready')
          .lastTransitionTime,
      );
      expect(ready - started).toBeGreaterThanOrEqual(15_000);
    },
  },
  {
    name: '24-26 G-pv (claim, pod, then volume): claim Bound to task-pv-volume, pod Running',
    files: [
      web('pods__storage__pv-claim'),
      web('pods__storage__pv-pod'),
      web('pods__storage__pv-volume'),
    ],
    settleMs: 60_000,
    async check(c) {
      // Before the volume existed the pod could not be scheduled.
      expect(eventsFor(c, 'Pod', 'task-pv-pod')[0]).toMatchObject({
        type: 'Warning',
        reason: 'FailedScheduling',
        message: unschedulable('pod has unbound immediate PersistentVolumeClaims'),
      });
      expect(await getRow(c, 'pvc task-pv-claim')).toMatchObject({
        STATUS: 'Bound',
        VOLUME: 'task-pv-volume',
        CAPACITY: '10Gi',
        'ACCESS MODES': 'RWO',
        STORAGECLASS: 'manual',
      });
      expect(await getRow(c, 'pv task-pv-volume')).toMatchObject({
        STATUS: 'Bound',
        CLAIM: 'default/task-pv-claim',
      });
      expect(await getRow(c, 'pod task-pv-pod')).toMatchObject({
        READY: '1/1',
        STATUS: 'Running',
        RESTARTS: '0',
      });
    },
  },
  {
    name: '24-26 G-pv (volume, claim, pod): bound at once',
    files: [
      web('pods__storage__pv-volume'),
      web('pods__storage__pv-claim'),
      web('pods__storage__pv-pod'),
    ],
    settleMs: 20_000,
    async check(c) {
      expect(await getRow(c, 'pvc task-pv-claim')).toMatchObject({ STATUS: 'Bound' });
      expect(await getRow(c, 'pod task-pv-pod')).toMatchObject({ STATUS: 'Running' });
    },
  },
  {
    name: '25 pv-pod alone: Pending, its claim not found',
    files: [web('pods__storage__pv-pod')],
    settleMs: 30_000,
    async check(c) {
      expect(await getRow(c, 'pod task-pv-pod')).toMatchObject({ READY: '0/1', STATUS: 'Pending' });
      const scheduling = eventsFor(c, 'Pod', 'task-pv-pod').filter(
        (e) => e.reason === 'FailedScheduling',
      );
      // UnschedulableAndUnresolvable at PreFilter: preemption is not helpful on any node.
      expect(scheduling.at(-1)?.message).toBe(
        unschedulable('persistentvolumeclaim "task-pv-claim" not found'),
      );
    },
  },
  {
    name: '27 networkpolicy: accepted, selects role=db, nothing else changes',
    files: [web('service__networking__networkpolicy')],
    settleMs: 5_000,
    async check(c) {
      expect(await getRow(c, 'networkpolicy test-network-policy')).toMatchObject({
        'POD-SELECTOR': 'role=db',
      });
      const np = get(t(c), 'networking.k8s.io/v1', 'networkpolicies', 'test-network-policy');
      expect(spec(np).policyTypes).toEqual(['Ingress', 'Egress']);
      expect(spec(np).ingress[0].from[0].ipBlock).toEqual({
        cidr: '172.17.0.0/16',
        except: ['172.17.1.0/24'],
      });
      expect(list(t(c), 'v1', 'pods')).toEqual([]);
    },
  },
  {
    name: '28 simple-fanout: host foo.bar.com, /foo and /bar; the ingress controller gives it an address',
    files: [web('service__networking__simple-fanout-example')],
    settleMs: 30_000,
    async check(c) {
      const row = await getRow(c, 'ingress simple-fanout-example');
      expect(row).toMatchObject({ HOSTS: 'foo.bar.com', PORTS: '80' });
      const lb = await getRow(c, 'service ingress-nginx-controller -n ingress-nginx');
      expect(row.ADDRESS).toBe(lb['EXTERNAL-IP']);
      const ingress = get(t(c), 'networking.k8s.io/v1', 'ingresses', 'simple-fanout-example');
      expect(
        spec(ingress).rules[0].http.paths.map(
          (p: { path: string; backend: { service: { name: string; port: { number: number } } } }) =>
            `${p.path} -> ${p.backend.service.name}:${p.backend.service.port.number}`,
        ),
      ).toEqual(['/foo -> service1:4200', '/bar -> service2:8080']);
    },
  },
  {
    name: '29 backup-daily CronJob: no Job before midnight, one at midnight',
    files: [podinfo('deploy__bases__database__cronjob-backup-daily')],
    startMs: Date.UTC(2026, 0, 1) - 5 * 60_000,
    settleMs: 0,
    async check(c) {
      const midnight = Date.UTC(2026, 0, 1);
      c.clock.advance(midnight - c.clock.now() - 1_000);
      expect(list(t(c), 'batch/v1', 'jobs')).toEqual([]);
      expect(await getRow(c, 'cronjob backup-daily')).toMatchObject({
        SCHEDULE: '0 0 * * *',
        SUSPEND: 'False',
        ACTIVE: '0',
        'LAST SCHEDULE': '<none>',
      });
      c.clock.advance(30_000);
      expect(list(t(c), 'batch/v1', 'jobs').map((j) => j.metadata?.name)).toEqual([
        `backup-daily-${midnight / 60_000}`,
      ]);
      expect(await getRow(c, 'cronjob backup-daily')).toMatchObject({ ACTIVE: '1' });
      // ServiceAccount admission refuses the pod (named by its generateName, as admission runs
      // before naming): the Job records FailedCreate and retries with its API back-off (1 s, 2 s,
      // 4 s ...); the identical messages aggregate into one event with a count.
      const job = `backup-daily-${midnight / 60_000}`;
      const failed = eventsFor(c, 'Job', job).filter((e) => e.reason === 'FailedCreate');
      expect(failed).toHaveLength(1);
      expect(failed[0].count).toBeGreaterThan(1);
      for (const e of failed)
        expect(e.message).toMatch(
          new RegExp(
            `^Error creating: pods "${job}-" is forbidden: error looking up service account default/database: serviceaccount "database" not found$`,
          ),
        );
      expect(failed.reduce((n, e) => n + e.count, 0)).toBeLessThanOrEqual(5);
      expect(podsNamed(c, 'backup-daily-')).toEqual([]);
    },
  },
  {
    name: '30-32 G-podinfo: the HPA holds podinfo at 2/2; Service resolves named ports; 2 endpoints',
    files: [
      podinfo('kustomize__deployment'),
      podinfo('kustomize__service'),
      podinfo('kustomize__hpa'),
    ],
    settleMs: 120_000,
    async check(c) {
      await expectDeploymentReady(c, 'podinfo', 2);
      await expectPodsRunning(c, 'podinfo-', 2);
      const hpa = await getRow(c, 'hpa podinfo');
      expect(hpa).toMatchObject({
        REFERENCE: 'Deployment/podinfo',
        MINPODS: '2',
        MAXPODS: '4',
        REPLICAS: '2',
      });
      expect(hpa.TARGETS).toMatch(/^cpu: \d+%\/99%$/);
      expect(
        status(get(t(c), 'autoscaling/v2', 'horizontalpodautoscalers', 'podinfo')),
      ).toMatchObject({
        currentReplicas: 2,
        desiredReplicas: 2,
      });
      // Idle, the metric proposes 1 replica: held at the minimum, which `describe hpa` shows.
      const conditions = status(
        get(t(c), 'autoscaling/v2', 'horizontalpodautoscalers', 'podinfo'),
      ).conditions.map((x: { type: string; status: string; reason: string }) =>
        [x.type, x.status, x.reason].join(' '),
      );
      expect(conditions.sort()).toEqual([
        'AbleToScale True ReadyForNewScale',
        'ScalingActive True ValidMetricFound',
        'ScalingLimited True TooFewReplicas',
      ]);
      expect(eventsFor(c, 'HorizontalPodAutoscaler', 'podinfo')).toContainEqual(
        expect.objectContaining({
          reason: 'SuccessfulRescale',
          message: 'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
        }),
      );
      expect(await getRow(c, 'service podinfo')).toMatchObject({
        TYPE: 'ClusterIP',
        'PORT(S)': '9898/TCP,9999/TCP',
      });
      const ep = endpointAddresses(c, 'podinfo');
      expect(ep.ready).toHaveLength(2);
      expect(ep.ports).toEqual([9898, 9999]);
    },
  },
  {
    name: '30 podinfo deployment alone: replicas unset -> 1/1',
    files: [podinfo('kustomize__deployment')],
    settleMs: 60_000,
    async check(c) {
      await expectDeploymentReady(c, 'podinfo', 1);
      // minReadySeconds 3 (and maxUnavailable 0): Available only 3 s after the pod is Ready.
      const since = (o: Obj | undefined, type: string) =>
        Date.parse(
          status(o).conditions.find((x: { type: string }) => x.type === type).lastTransitionTime,
        );
      const [pod] = podsNamed(c, 'podinfo-');
      const deployment = get(t(c), 'apps/v1', 'deployments', 'podinfo');
      expect(since(deployment, 'Available') - since(pod, 'Ready')).toBeGreaterThanOrEqual(3_000);
    },
  },
];

describe('real-world manifests reach their catalogue steady state', () => {
  it.each(CASES.map((x) => [x.name, x] as const))('%s', async (_name, entry) => {
    const c = createCluster(entry.startMs === undefined ? {} : { startMs: entry.startMs });
    const lines = await applyFixtures(c, entry.files);
    expect(lines.every((l) => / created$/.test(l))).toBe(true);
    c.clock.advance(entry.settleMs);
    await entry.check(c);
  });
});
