/**
 * runKubectl against a simulated cluster on virtual time: what each command prints, and what it
 * changes in the cluster.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../sim/cluster';
import { runKubectl } from './kubectl';
import { simEnv } from './testing/sim-env';
import type { KubectlEnv } from './types';
import { finishEdit } from './commands/edit';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

/** Lets pending promise chains (runKubectl between requests) run before time moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function started(): Promise<{
  env: KubectlEnv;
  advance(ms: number): void;
  run(line: string): ReturnType<typeof runKubectl>;
}> {
  const cluster = createCluster({ workers: 3, seed: 7 });
  const env = simEnv(cluster, { files: { 'web.yaml': WEB } });
  const run = (line: string) => runKubectl(line, env);
  expect(await run('apply -f web.yaml')).toEqual({
    stdout: 'deployment.apps/web created\n',
    stderr: '',
    exitCode: 0,
  });
  cluster.clock.advance(30_000);
  return { env, advance: (ms) => cluster.clock.advance(ms), run };
}

describe('runKubectl on a simulated cluster', () => {
  it('gets tables with kubectl columns and alignment', async () => {
    const { run } = await started();
    expect((await run('get deploy')).stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           30s\n',
    );
    const pods = (await run('get pods --no-headers')).stdout.trimEnd().split('\n');
    expect(pods).toHaveLength(3);
    for (const line of pods)
      expect(line).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} {3}1\/1 {3}Running {3}0 {5}30s$/);
    const all = (await run('get all')).stdout;
    expect(all).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\npod\/web-/);
    expect(all).toContain(
      '\n\nNAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s\n',
    );
    expect(all).toContain('deployment.apps/web   3/3     3            3           30s');
    expect((await run('get nodes -o name')).stdout).toBe(
      'node/control-plane\nnode/worker-1\nnode/worker-2\nnode/worker-3\n',
    );
  });

  it('describes a deployment with its replica sets and events', async () => {
    const { run } = await started();
    const out = (await run('describe deployment web')).stdout;
    expect(out).toMatch(
      /^Name: {19}web\nNamespace: {14}default\nCreationTimestamp: {6}\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\n/,
    );
    expect(out).toContain(
      'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n',
    );
    expect(out).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(out).toMatch(/NewReplicaSet: {3}web-[a-z0-9]+ \(3\/3 replicas created\)\n/);
    expect(out).toMatch(
      /Events:\n {2}Type {4}Reason {13}Age {3}From {19}Message\n {2}---- {4}------ {13}---- {2}---- {19}-------\n {2}Normal {2}ScalingReplicaSet {2}30s {3}deployment-controller {2}Scaled up replica set web-[a-z0-9]+ from 0 to 3\n$/,
    );
  });

  it('scales, labels, annotates, patches and deletes', async () => {
    const { run, advance } = await started();
    expect((await run('scale deploy/web --replicas=5')).stdout).toBe(
      'deployment.apps/web scaled\n',
    );
    advance(30_000);
    expect((await run('get deploy web -o jsonpath={.status.readyReplicas}')).stdout).toBe('5');
    expect((await run('label deploy web tier=front')).stdout).toBe('deployment.apps/web labeled\n');
    expect(await run('label deploy web tier=back')).toMatchObject({
      stderr: "error: 'tier' already has a value (front), and --overwrite is false\n",
      exitCode: 1,
    });
    expect((await run('label deploy web tier=back --overwrite')).stdout).toBe(
      'deployment.apps/web labeled\n',
    );
    expect((await run('annotate deploy web owner=team-a')).stdout).toBe(
      'deployment.apps/web annotated\n',
    );
    expect((await run(`patch deploy web -p '{"spec":{"replicas":2}}'`)).stdout).toBe(
      'deployment.apps/web patched\n',
    );
    expect((await run(`patch deploy web --type merge -p '{"spec":{"replicas":2}}'`)).stdout).toBe(
      'deployment.apps/web patched (no change)\n',
    );
    expect((await run('get deploy web --show-labels --no-headers')).stdout).toMatch(/tier=back$/m);
    expect((await run('delete deploy web')).stdout).toBe('deployment.apps "web" deleted\n');
    expect(await run('get deploy web')).toMatchObject({
      stderr: 'Error from server (NotFound): deployments.apps "web" not found\n',
      exitCode: 1,
    });
  });

  it('rolls out, shows history, undoes, restarts, pauses', async () => {
    const { run, advance } = await started();
    expect((await run('set image deployment/web nginx=nginx:1.28')).stdout).toBe(
      'deployment.apps/web image updated\n',
    );
    const status = run('rollout status deploy/web');
    // rollout status waits for watch events; let the rollout progress on virtual time.
    await settle();
    for (let i = 0; i < 12; i++) {
      advance(5_000);
      await settle();
    }
    const s = await status;
    expect(s.exitCode).toBe(0);
    expect(s.stdout).toMatch(/^Waiting for deployment spec update to be observed...\n/);
    expect(s.stdout).toContain(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    expect(s.stdout.trimEnd().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    expect((await run('rollout history deploy/web')).stdout).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    expect((await run('rollout undo deploy/web')).stdout).toBe('deployment.apps/web rolled back\n');
    advance(60_000);
    expect(
      (await run('get deploy web -o jsonpath={.spec.template.spec.containers[0].image}')).stdout,
    ).toBe('nginx:1.27');
    expect((await run('rollout undo deploy/web --to-revision=9')).stderr).toBe(
      'error: unable to find specified revision 9 in history\n',
    );
    expect((await run('rollout restart deploy/web')).stdout).toBe(
      'deployment.apps/web restarted\n',
    );
    expect(
      (await run('get deploy web -o jsonpath={.spec.template.metadata.annotations}')).stdout,
    ).toMatch(/kubectl.kubernetes.io\/restartedAt/);
    expect((await run('rollout pause deploy/web')).stdout).toBe('deployment.apps/web paused\n');
    expect((await run('rollout pause deploy/web')).stderr).toBe(
      'error: deployments.apps "web" is already paused\n',
    );
    expect((await run('rollout resume deploy/web')).stdout).toBe('deployment.apps/web resumed\n');
  });

  it('cordons, taints and drains a node, evicting its pods', async () => {
    const { run } = await started();
    expect((await run('cordon worker-1')).stdout).toBe('node/worker-1 cordoned\n');
    expect((await run('cordon worker-1')).stdout).toBe('node/worker-1 already cordoned\n');
    expect((await run('taint nodes worker-1 dedicated=gpu:NoSchedule')).stdout).toBe(
      'node/worker-1 tainted\n',
    );
    expect((await run('taint nodes worker-1 dedicated:NoSchedule-')).stdout).toBe(
      'node/worker-1 untainted\n',
    );
    // Like kubectl, a word without '=', ':' or a trailing '-' is a resource name, not a taint.
    expect((await run('taint nodes worker-1 bad')).stderr).toBe(
      'error: at least one taint update is required\n',
    );
    expect((await run('taint nodes worker-1 bad:Sometimes')).stderr).toBe(
      'error: invalid taint effect: Sometimes, unsupported taint effect\n',
    );
    const refused = await run('drain worker-1');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: unable to drain node "worker-1" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w+, continuing command...\nThere are pending nodes to be drained:\n worker-1\nerror: cannot delete DaemonSet-managed Pods/,
    );
    const drained = await run('drain worker-1 --ignore-daemonsets');
    expect(drained.exitCode).toBe(0);
    expect(drained.stderr).toMatch(
      /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w+\n$/,
    );
    expect(drained.stdout).toMatch(/^node\/worker-1 already cordoned\nevicting pod default\/web-/);
    expect(drained.stdout).toMatch(/pod\/web-[\w-]+ evicted\n/);
    expect(drained.stdout.endsWith('node/worker-1 drained\n')).toBe(true);
    const wide = (await run('get pods -o wide --no-headers')).stdout;
    expect(wide).not.toMatch(/worker-1/);
    expect((await run('uncordon worker-1')).stdout).toBe('node/worker-1 uncordoned\n');
  });

  it('creates with generators and reports conflicts', async () => {
    const { run } = await started();
    expect((await run('create deployment api --image=nginx:1.27 --replicas=2')).stdout).toBe(
      'deployment.apps/api created\n',
    );
    expect((await run('create configmap cfg --from-literal=a=1')).stdout).toBe(
      'configmap/cfg created\n',
    );
    expect((await run('create secret generic pw --from-literal=p=s3cret')).stdout).toBe(
      'secret/pw created\n',
    );
    expect((await run('get secret pw -o jsonpath={.data.p}')).stdout).toBe('czNjcmV0');
    expect((await run('create namespace team-a')).stdout).toBe('namespace/team-a created\n');
    expect(await run('create namespace team-a')).toMatchObject({
      stderr: 'Error from server (AlreadyExists): namespaces "team-a" already exists\n',
      exitCode: 1,
    });
    expect((await run('expose deployment api --port=80')).stdout).toBe('service/api exposed\n');
    expect((await run('get svc api -o jsonpath={.spec.selector.app}')).stdout).toBe('api');
    expect((await run('autoscale deployment api --max=4 --cpu-percent=60')).stdout).toBe(
      'horizontalpodautoscaler.autoscaling/api autoscaled\n',
    );
    expect((await run('describe secret pw')).stdout).toBe(
      'Name:         pw\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\np:  6 bytes\n',
    );
  });

  it('streams get -w until the event budget is spent', async () => {
    const cluster = createCluster({ workers: 2, seed: 3 });
    const chunks: string[] = [];
    const env = simEnv(cluster, {
      files: { 'web.yaml': WEB },
      maxWatchEvents: 3,
      onOutput: (_s, t) => chunks.push(t),
    });
    await runKubectl('apply -f web.yaml', env);
    const watching = runKubectl('get deploy web -w', env);
    await settle();
    for (let i = 0; i < 10; i++) {
      cluster.clock.advance(2_000);
      await settle();
    }
    const r = await watching;
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(lines.length).toBe(5);
    for (const l of lines.slice(1)) expect(l).toMatch(/^web {4}\d\/3 {5}\d +\d +\d+s$/);
    expect(chunks.join('')).toContain(lines[0]);
  });

  it('stops a watch when the signal aborts', async () => {
    const cluster = createCluster({ workers: 1, seed: 3 });
    const controller = new AbortController();
    const env = simEnv(cluster, { signal: controller.signal });
    const watching = runKubectl('get pods -A -w', env);
    await Promise.resolve();
    controller.abort();
    expect((await watching).exitCode).toBe(0);
  });

  it('returns an edit request and applies the edited text', async () => {
    const { env, run } = await started();
    const r = await run('edit deploy web');
    expect(r.stdout).toBe('');
    expect(r.edit?.path).toBe('/apis/apps/v1/namespaces/default/deployments/web');
    expect(r.edit?.yaml).toMatch(/^# Please edit the object below\./);
    expect(r.edit?.yaml).not.toContain('managedFields');
    const edited = (r.edit?.yaml ?? '').replace('replicas: 3', 'replicas: 1');
    expect(await finishEdit(r.edit!, edited, env)).toEqual({
      stdout: 'deployment.apps/web edited\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await finishEdit(r.edit!, r.edit!.yaml, env)).toMatchObject({
      stderr: 'Edit cancelled, no changes made.\n',
    });
  });

  it('prints api-resources, version, cluster-info, events, logs and top', async () => {
    const { run } = await started();
    const res = (await run('api-resources')).stdout.split('\n');
    expect(res[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(res).toContainEqual(
      expect.stringMatching(/^deployments +deploy +apps\/v1 +true +Deployment$/),
    );
    expect((await run('version')).stdout).toMatch(
      /^Client Version: v1\.32\.4\nKustomize Version: v5\.5\.0\nServer Version: v1\.32\.\d+\n$/,
    );
    expect((await run('cluster-info')).stdout).toBe(
      "Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    const events = (await run('events --for deployment/web')).stdout;
    expect(events).toMatch(
      /^LAST SEEN {3}TYPE {5}REASON {14}OBJECT {11}MESSAGE\n30s {9}Normal {3}ScalingReplicaSet {3}Deployment\/web {3}Scaled up replica set web-\w+ from 0 to 3\n$/,
    );
    const logs = await run('logs deploy/web');
    expect(logs.stderr).toMatch(/^Found 3 pods, using pod\/web-/);
    expect(logs.stdout).toContain('Configuration complete; ready for start up');
    const top = await run('top pods');
    expect(
      top.stderr === 'error: Metrics API not available\n' || top.stdout.startsWith('NAME'),
    ).toBe(true);
  });
});
