import { describe, expect, it } from 'vitest';
import { runKubectl } from './kubectl';
import { createFakeServer } from './testing/fake-server';

function setup() {
  const server = createFakeServer();
  server.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', labels: { app: 'web' } },
  });
  server.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'db-0', namespace: 'data', labels: { app: 'db', tier: 'x' } },
  });
  server.add({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
  server.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  server.columns.set('pods', [
    { def: { name: 'Status', type: 'string' }, cell: () => 'Running' },
    { def: { name: 'IP', type: 'string', priority: 1 }, cell: () => '10.244.1.5' },
  ]);
  return server;
}

describe('kubectl get', () => {
  it('prints a table with kubectl alignment', async () => {
    const s = setup();
    const r = await runKubectl('kubectl get pods', s.env());
    expect(r).toEqual({
      stdout: 'NAME    STATUS    AGE\nweb-1   Running   5m\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('adds wide columns, NAMESPACE for -A and LABELS', async () => {
    const s = setup();
    expect((await runKubectl('get po -o wide', s.env())).stdout).toBe(
      'NAME    STATUS    IP           AGE\nweb-1   Running   10.244.1.5   5m\n',
    );
    expect((await runKubectl('get pods -A --show-labels', s.env())).stdout).toBe(
      'NAMESPACE   NAME    STATUS    AGE   LABELS\ndata        db-0    Running   5m    app=db,tier=x\ndefault     web-1   Running   5m    app=web\n',
    );
  });

  it('reports empty namespaces and unknown types like kubectl', async () => {
    const s = setup();
    expect(await runKubectl('get pods -n empty', s.env())).toEqual({
      stdout: '',
      stderr: 'No resources found in empty namespace.\n',
      exitCode: 0,
    });
    expect(await runKubectl('get foo', s.env())).toEqual({
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "foo"\n',
      exitCode: 1,
    });
    expect(await runKubectl('get pod nope', s.env())).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect((await runKubectl('frobnicate', s.env())).stderr).toBe(
      'error: unknown command "frobnicate" for "kubectl"\n',
    );
    expect((await runKubectl('get pods --bogus', s.env())).stderr).toBe(
      "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
    );
  });

  it('prefixes kind/name for several types and separates tables', async () => {
    const s = setup();
    const r = await runKubectl('get pods,deploy', s.env());
    expect(r.stdout).toBe(
      'NAME        STATUS    AGE\npod/web-1   Running   5m\n\nNAME                  AGE\ndeployment.apps/web   5m\n',
    );
    expect((await runKubectl('get deployment/web pod/web-1 -o name', s.env())).stdout).toBe(
      'deployment.apps/web\npod/web-1\n',
    );
  });

  it('prints -o yaml, json and jsonpath', async () => {
    const s = setup();
    const y = await runKubectl(['get', 'deploy', 'web', '-o', 'yaml'], s.env());
    expect(y.stdout).toContain(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: "2026-01-01T11:55:00Z"\n',
    );
    const j = await runKubectl('get pods -o json', s.env());
    expect(JSON.parse(j.stdout)).toMatchObject({
      kind: 'List',
      items: [{ metadata: { name: 'web-1' } }],
    });
    expect(j.stdout).toContain('\n    "apiVersion": "v1",\n');
    const p = await runKubectl(
      `get pods -A -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.app}{"\\n"}{end}'`,
      s.env(),
    );
    expect(p.stdout).toBe('db-0\tdb\nweb-1\tweb\n');
    expect(
      (await runKubectl('get pods -A -o jsonpath={.items[*].metadata.name}', s.env())).stdout,
    ).toBe('db-0 web-1');
  });

  it('filters by label selector', async () => {
    const s = setup();
    expect((await runKubectl('get pods -A -l app=db --no-headers', s.env())).stdout).toBe(
      'data   db-0   Running   5m\n',
    );
  });
});
