/**
 * Real kubectl (v1.32) against `k8s-explorer serve`: the commands people type, with kubectl's
 * default validation, asserting the text kubectl prints as it would for a real cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  columns,
  deployment,
  ok,
  MISSING_KUBECTL,
  kubectlAvailable,
  startHarness,
  type Harness,
  type KubectlResult,
} from './kubectl-harness.ts';

const available = kubectlAvailable();
if (!available && !process.env.CI) console.warn(`kubectl-compat: skipped, ${MISSING_KUBECTL}`);

describe.runIf(!available && process.env.CI)('kubectl in CI', () => {
  it('is installed', () => {
    expect.fail(MISSING_KUBECTL);
  });
});

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: demo
data:
  greeting: hello
  mode: test
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  namespace: demo
type: Opaque
stringData:
  password: s3cret
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        envFrom:
        - configMapRef:
            name: web-config
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

describe.skipIf(!available)('real kubectl against k8s-explorer serve', () => {
  let h: Harness;
  const k = (...args: string[]) => h.kubectl(args);
  const jsonOf = async (...args: string[]) =>
    JSON.parse(ok(await k(...args, '-o', 'json')).join('\n'));

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('applies a multi-document manifest with default validation', async () => {
    const result = await h.kubectl(['apply', '-f', '-'], { input: APP });
    expect(ok(result)).toEqual([
      'namespace/demo created',
      'configmap/web-config created',
      'secret/web-secret created',
      'deployment.apps/web created',
      'service/web created',
    ]);
    h.advance(60_000);
    // Re-applying the same manifest changes nothing.
    expect(ok(await h.kubectl(['apply', '-f', '-'], { input: APP }))).toEqual([
      'namespace/demo unchanged',
      'configmap/web-config unchanged',
      // As on a real cluster: stringData is never stored, so every apply re-sends it.
      'secret/web-secret configured',
      'deployment.apps/web unchanged',
      'service/web unchanged',
    ]);
    // A change is applied as a patch computed from last-applied-configuration.
    const changed = APP.replace('mode: test', 'mode: prod');
    expect(ok(await h.kubectl(['apply', '-f', '-'], { input: changed }))).toContain(
      'configmap/web-config configured',
    );
    const cm = await jsonOf('get', 'configmap', 'web-config', '-n', 'demo');
    expect(cm.data).toEqual({ greeting: 'hello', mode: 'prod' });
    expect(cm.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      '"mode":"prod"',
    );
  });

  it('prints server-side tables for get', async () => {
    const deploy = ok(await k('get', 'deployments', '-n', 'demo'));
    expect(columns(deploy[0])).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(columns(deploy[1]).slice(0, 4)).toEqual(['web', '2/2', '2', '2']);
    const pods = ok(await k('get', 'pods', '-n', 'demo'));
    expect(columns(pods[0])).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(pods.length).toBe(3);
    for (const row of pods.slice(1)) {
      expect(row).toMatch(/^web-[a-z0-9]{8,10}-[a-z0-9]{5}\s/);
      expect(columns(row).slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    }
    const svc = ok(await k('get', 'service', 'web', '-n', 'demo'));
    expect(columns(svc[0])).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
    ]);
    expect(columns(svc[1])[1]).toBe('ClusterIP');
    expect(columns(svc[1])[2]).toMatch(/^10\.9[6-9]\.|^10\.1[01]\d\./);
    expect(columns(svc[1])[4]).toBe('80/TCP');
  });

  it('prints objects as YAML and JSON', async () => {
    const yaml = ok(await k('get', 'configmap', 'web-config', '-n', 'demo', '-o', 'yaml')).join(
      '\n',
    );
    expect(yaml).toMatch(
      /^apiVersion: v1\ndata:\n {2}greeting: hello\n {2}mode: prod\nkind: ConfigMap\nmetadata:\n/,
    );
    expect(yaml).toMatch(
      /\n {2}name: web-config\n {2}namespace: demo\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}$/,
    );
    const secret = await jsonOf('get', 'secret', 'web-secret', '-n', 'demo');
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    expect(secret.stringData).toBeUndefined();
  });

  it('filters with -l and lists across namespaces with -A', async () => {
    const matched = ok(await k('get', 'pods', '-n', 'demo', '-l', 'app=web', '-o', 'name'));
    expect(matched.length).toBe(2);
    for (const line of matched) expect(line).toMatch(/^pod\/web-/);
    const none = await k('get', 'pods', '-n', 'demo', '-l', 'app=nothing');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('No resources found in demo namespace.\n');
    const all = ok(await k('get', 'configmaps', '-A'));
    expect(columns(all[0])).toEqual(['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    expect(all.map((line) => columns(line).slice(0, 3))).toContainEqual([
      'demo',
      'web-config',
      '2',
    ]);
    expect(new Set(all.slice(1).map((line) => columns(line)[0])).size).toBeGreaterThan(1);
  });

  it('streams changes with get --watch', async () => {
    const watch = h.spawnKubectl(['get', 'configmaps', '-n', 'demo', '--watch']);
    try {
      const initial = await watch.waitFor((lines) =>
        lines.some((line) => line.startsWith('web-config')),
      );
      expect(columns(initial[0])).toEqual(['NAME', 'DATA', 'AGE']);
      ok(await k('create', 'configmap', 'watched', '-n', 'demo', '--from-literal=a=1'));
      const after = await watch.waitFor((lines) =>
        lines.some((line) => line.startsWith('watched')),
      );
      expect(columns(after.find((line) => line.startsWith('watched'))!).slice(0, 2)).toEqual([
        'watched',
        '1',
      ]);
      ok(await k('delete', 'configmap', 'watched', '-n', 'demo'));
      const deleted = await watch.waitFor(
        (lines) => lines.filter((line) => line.startsWith('watched')).length >= 2,
      );
      expect(deleted.filter((line) => line.startsWith('watched')).length).toBe(2);
    } finally {
      watch.stop();
    }
  });

  it('describes a deployment', async () => {
    const text = ok(await k('describe', 'deployment', 'web', '-n', 'demo')).join('\n');
    expect(text).toMatch(/^Name:\s+web$/m);
    expect(text).toMatch(/^Namespace:\s+demo$/m);
    expect(text).toMatch(/^Selector:\s+app=web$/m);
    expect(text).toMatch(
      /^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m,
    );
    expect(text).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(text).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(text).toMatch(/^NewReplicaSet:\s+web-[a-z0-9]+ \(2\/2 replicas created\)$/m);
  });

  it('labels and annotates', async () => {
    expect(ok(await k('label', 'deployment', 'web', '-n', 'demo', 'tier=frontend'))).toEqual([
      'deployment.apps/web labeled',
    ]);
    expect(ok(await k('annotate', 'deployment', 'web', '-n', 'demo', 'owner=team-a'))).toEqual([
      'deployment.apps/web annotated',
    ]);
    const d = await jsonOf('get', 'deployment', 'web', '-n', 'demo');
    expect(d.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });
    expect(d.metadata.annotations.owner).toBe('team-a');
    const overwrite = await k('label', 'deployment', 'web', '-n', 'demo', 'tier=backend');
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toBe(
      "error: 'tier' already has a value (frontend), and --overwrite is false\n",
    );
    expect(ok(await k('label', 'deployment', 'web', '-n', 'demo', 'tier-'))).toEqual([
      'deployment.apps/web unlabeled',
    ]);
  });

  it('patches with strategic merge, JSON merge and JSON patch', async () => {
    const strategic =
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}';
    expect(ok(await k('patch', 'deployment', 'web', '-n', 'demo', '-p', strategic))).toEqual([
      'deployment.apps/web patched',
    ]);
    const d = await jsonOf('get', 'deployment', 'web', '-n', 'demo');
    // Strategic merge matched the container by name: image changed, ports and envFrom kept.
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      name: 'web',
      image: 'nginx:1.28',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    expect(d.spec.template.spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'web-config' } },
    ]);
    expect(d.metadata.generation).toBe(2);
    expect(ok(await k('patch', 'deployment', 'web', '-n', 'demo', '-p', strategic))).toEqual([
      'deployment.apps/web patched (no change)',
    ]);

    expect(
      ok(
        await k(
          'patch',
          'configmap',
          'web-config',
          '-n',
          'demo',
          '--type',
          'merge',
          '-p',
          '{"data":{"extra":"1","mode":null}}',
        ),
      ),
    ).toEqual(['configmap/web-config patched']);
    expect((await jsonOf('get', 'configmap', 'web-config', '-n', 'demo')).data).toEqual({
      greeting: 'hello',
      extra: '1',
    });

    const jsonPatch = '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]';
    expect(
      ok(await k('patch', 'service', 'web', '-n', 'demo', '--type', 'json', '-p', jsonPatch)),
    ).toEqual(['service/web patched']);
    expect((await jsonOf('get', 'service', 'web', '-n', 'demo')).spec.ports[0]).toMatchObject({
      port: 8080,
      targetPort: 80,
      protocol: 'TCP',
    });

    const failed = await k(
      'patch',
      'service',
      'web',
      '-n',
      'demo',
      '--type',
      'json',
      '-p',
      '[{"op":"test","path":"/spec/type","value":"NodePort"}]',
    );
    expect(failed.code).toBe(1);
    // apiserver handlers/patch.go: NewGenericServerResponse(422, ...) keeps only its generic text.
    expect(failed.stderr).toMatch(
      /^The request is invalid: the server rejected our request due to an error in our request\n$/,
    );
  });

  it('scales', async () => {
    expect(ok(await k('scale', 'deployment', 'web', '-n', 'demo', '--replicas=3'))).toEqual([
      'deployment.apps/web scaled',
    ]);
    h.advance(60_000);
    const rows = ok(await k('get', 'deployment', 'web', '-n', 'demo'));
    expect(columns(rows[1]).slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
    const wrongPrecondition = await k(
      'scale',
      'deployment',
      'web',
      '-n',
      'demo',
      '--current-replicas=2',
      '--replicas=1',
    );
    expect(wrongPrecondition.code).toBe(1);
    expect(wrongPrecondition.stderr).toBe('error: Expected replicas to be 2, was 3\n');
  });

  it('rejects an invalid manifest with the apiserver message', async () => {
    const result = await h.kubectl(['apply', '-f', '-'], { input: deployment('web', -1) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    const created = await h.kubectl(['create', '-f', '-'], { input: deployment('bad', -1) });
    expect(created.stderr).toBe(
      'The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    const unknownField = await h.kubectl(['apply', '-f', '-'], {
      input: deployment('typo', 1).replace('  replicas: 1', '  replicas: 1\n  replica: 2'),
    });
    expect(unknownField.code).toBe(1);
    expect(unknownField.stderr).toContain('unknown field "spec.replica"');
  });

  describe('delete --cascade', () => {
    const replicaSetsOf = async (app: string) => {
      const list = await jsonOf('get', 'replicasets', '-n', 'demo', '-l', `app=${app}`);
      return list.items as { metadata: { name: string; ownerReferences?: unknown[] } }[];
    };
    /** Runs a command while virtual time plays fast, for commands that wait on controllers. */
    const whilePlaying = async (run: () => Promise<KubectlResult>) => {
      h.cluster.runner.setSpeed(100);
      h.cluster.runner.play();
      try {
        return await run();
      } finally {
        h.cluster.runner.pause();
        h.cluster.runner.setSpeed(1);
      }
    };

    beforeAll(async () => {
      const manifests = ['background', 'foreground', 'orphan']
        .map((name) => deployment(name, 1))
        .join('---\n');
      ok(await h.kubectl(['apply', '-f', '-'], { input: manifests }));
      h.advance(30_000);
    });

    it('background: the deployment goes at once, the garbage collector removes its ReplicaSet', async () => {
      expect(await replicaSetsOf('background')).toHaveLength(1);
      expect(
        ok(
          await whilePlaying(() =>
            k('delete', 'deployment', 'background', '-n', 'demo', '--cascade=background'),
          ),
        ),
      ).toEqual(['deployment.apps "background" deleted']);
      h.advance(30_000);
      expect(await replicaSetsOf('background')).toHaveLength(0);
    });

    it('foreground: kubectl waits until the dependents are gone', async () => {
      expect(
        ok(
          await whilePlaying(() =>
            k('delete', 'deployment', 'foreground', '-n', 'demo', '--cascade=foreground'),
          ),
        ),
      ).toEqual(['deployment.apps "foreground" deleted']);
      expect(await replicaSetsOf('foreground')).toHaveLength(0);
      const gone = await k('get', 'deployment', 'foreground', '-n', 'demo');
      expect(gone.stderr).toBe(
        'Error from server (NotFound): deployments.apps "foreground" not found\n',
      );
    });

    it('orphan: the ReplicaSet stays, without its owner reference', async () => {
      expect(
        ok(
          await whilePlaying(() =>
            k('delete', 'deployment', 'orphan', '-n', 'demo', '--cascade=orphan'),
          ),
        ),
      ).toEqual(['deployment.apps "orphan" deleted']);
      h.advance(30_000);
      const left = await replicaSetsOf('orphan');
      expect(left).toHaveLength(1);
      expect(left[0].metadata.ownerReferences ?? []).toEqual([]);
    });
  });

  it('reports a missing object like a real apiserver', async () => {
    const result = await k('get', 'deployment', 'nope', '-n', 'demo');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});
