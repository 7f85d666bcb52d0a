/**
 * Column-by-column comparison with real kubectl v1.32: the same commands run through /usr/bin/kubectl
 * and through runKubectl (over HTTP with fetch) against one `k8s-explorer serve` instance, on
 * paused virtual time so both see the same state. Skipped when kubectl is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlAvailable, startHarness, type Harness } from '../../server/kubectl-harness';
import { httpEnv } from './http-env';
import { runKubectl } from './kubectl';
import type { KubectlEnv } from './types';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
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
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

describe.skipIf(!kubectlAvailable())('runKubectl matches real kubectl', () => {
  let h: Harness;
  let env: KubectlEnv;
  beforeAll(async () => {
    h = await startHarness({ workers: 3, seed: 7 });
    env = httpEnv(h.server.url, { files: { 'web.yaml': WEB } });
    const applied = await h.kubectl(['apply', '-f', '-'], { input: WEB });
    expect(applied.stderr).toBe('');
    h.advance(60_000);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Runs both and returns them for comparison. */
  async function both(args: string[]) {
    const real = await h.kubectl(args);
    const ours = await runKubectl(args, env);
    return {
      real: { stdout: real.stdout, stderr: real.stderr, exitCode: real.code },
      ours: { stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode },
    };
  }

  const same = [
    ['get', 'nodes'],
    ['get', 'nodes', '-o', 'wide'],
    ['get', 'pods', '-A'],
    ['get', 'all'],
    ['get', 'deploy,rs', '-o', 'wide'],
    ['get', 'pods', '--show-labels'],
    ['get', 'pods', '-l', 'app=web', '-o', 'name'],
    ['get', 'svc', 'web', '-o', 'yaml'],
    ['get', 'cm', 'settings', '-o', 'json'],
    ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'],
    ['get', 'pods', '-n', 'empty'],
    ['get', 'pod', 'nope'],
    ['get', 'foo'],
    ['describe', 'deploy', 'web'],
    ['describe', 'svc', 'web'],
    ['describe', 'cm', 'settings'],
    ['describe', 'ns', 'default'],
    ['describe', 'node', 'worker-1'],
    ['api-resources'],
    ['api-versions'],
    ['rollout', 'status', 'deploy/web'],
    ['rollout', 'history', 'deploy/web'],
    ['cluster-info'],
    ['explain', 'deployment.spec.replicas'],
    ['explain', 'pods.spec.containers.ports'],
    [
      'create',
      'deployment',
      'x',
      '--image=nginx',
      '--replicas=2',
      '--port=80',
      '--dry-run=client',
      '-o',
      'yaml',
    ],
    ['create', 'configmap', 'c', '--from-literal=a=1', '--dry-run=client', '-o', 'yaml'],
    ['create', 'secret', 'generic', 's', '--from-literal=p=pw', '--dry-run=client', '-o', 'json'],
    ['expose', 'deploy', 'web', '--port=8080', '--name=web2', '--dry-run=client', '-o', 'yaml'],
    ['label', 'pods', 'nope', 'a=b'],
    ['scale', 'deploy', 'web', '--replicas=3'],
    ['rollout', 'undo', 'deploy/web'],
    ['rollout', 'resume', 'deploy/web'],
    ['cordon', 'worker-3', '--dry-run=client'],
    ['taint', 'nodes', 'worker-3', 'bad'],
    ['delete', 'pod', 'nope'],
    ['get', 'pods', '--bogus'],
    ['describe', 'pods', '-l', 'app=web'],
    ['describe', 'pod', 'web'],
    ['events'],
    ['events', '--for', 'deployment/web'],
    ['top', 'nodes'],
    ['explain', 'deployment'],
    ['explain', 'svc.spec', '--recursive'],
    ['get', 'deploy', '-o', 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas'],
    ['get', 'deploy', 'web', '-o', 'wide', '--no-headers'],
    ['api-resources', '-o', 'wide'],
    ['api-resources', '--namespaced=false', '--sort-by=kind'],
    ['create', 'namespace', 'x', '--dry-run=client', '-o', 'json'],
    [
      'autoscale',
      'deploy',
      'web',
      '--max=4',
      '--min=2',
      '--cpu-percent=70',
      '--dry-run=client',
      '-o',
      'json',
    ],
    ['delete', 'deploy'],
    ['get'],
    ['get', 'pods', '-A', '--sort-by=.metadata.name'],
    ['get', 'pods', '-A', '--sort-by=.spec.nodeName', '-o', 'wide'],
    ['get', 'nodes', '--sort-by=.metadata.creationTimestamp', '-o', 'name'],
  ];
  for (const args of same) {
    it(`kubectl ${args.join(' ')}`, async () => {
      const { real, ours } = await both(args);
      expect(ours).toEqual(real);
    });
  }

  it('kubectl version --client (the Debian build adds a suffix)', async () => {
    const { real, ours } = await both(['version', '--client']);
    expect(ours.stdout).toBe(real.stdout.replace(/-dispatcher/, ''));
  });

  it('mutations print the same lines', async () => {
    await runKubectl('create configmap a1 --from-literal=k=v', env);
    await h.kubectl(['create', 'configmap', 'a2', '--from-literal=k=v']);
    const pairs: [string[], string[]][] = [
      [
        ['label', 'cm', 'a1', 'x=1'],
        ['label', 'cm', 'a2', 'x=1'],
      ],
      [
        ['label', 'cm', 'a1', 'x=2'],
        ['label', 'cm', 'a2', 'x=2'],
      ],
      [
        ['label', 'cm', 'a1', 'x-'],
        ['label', 'cm', 'a2', 'x-'],
      ],
      [
        ['annotate', 'cm', 'a1', 'n=1'],
        ['annotate', 'cm', 'a2', 'n=1'],
      ],
      [
        ['patch', 'cm', 'a1', '-p', '{"data":{"k":"w"}}'],
        ['patch', 'cm', 'a2', '-p', '{"data":{"k":"w"}}'],
      ],
      [
        ['patch', 'cm', 'a1', '-p', '{"data":{"k":"w"}}'],
        ['patch', 'cm', 'a2', '-p', '{"data":{"k":"w"}}'],
      ],
      [
        ['delete', 'cm', 'a1'],
        ['delete', 'cm', 'a2'],
      ],
    ];
    for (const [oursArgs, realArgs] of pairs) {
      const ours = await runKubectl(oursArgs, env);
      const real = await h.kubectl(realArgs);
      expect({
        stdout: ours.stdout.replace(/a1/g, 'a2'),
        stderr: ours.stderr.replace(/a1/g, 'a2'),
      }).toEqual({ stdout: real.stdout, stderr: real.stderr });
    }
  });
});
