import { describe, expect, it } from 'vitest';
import { completeKubectl } from './complete';
import { createFakeServer } from './testing/fake-server';

function env() {
  const s = createFakeServer();
  s.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' } });
  s.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-2' } });
  s.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'data' } });
  s.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'data' } });
  s.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } });
  return s.env();
}
const complete = (line: string) => completeKubectl(line, line.length, env());

describe('completeKubectl', () => {
  it('completes commands and sub-commands', async () => {
    expect(await complete('kubectl de')).toEqual(['delete', 'describe']);
    expect(await complete('kubectl rollout st')).toEqual(['status']);
    expect(await complete('kubectl create de')).toEqual(['deployment']);
  });
  it('completes resource types and names, also in TYPE/NAME form', async () => {
    expect(await complete('kubectl get dep')).toEqual(['deployments']);
    expect(await complete('kubectl get pods w')).toEqual(['web-1', 'web-2']);
    expect(await complete('kubectl describe pod/w')).toEqual(['pod/web-1', 'pod/web-2']);
    expect(await complete('kubectl get pods -n data ')).toEqual(['db-0']);
    expect(await complete('kubectl logs ')).toEqual(['web-1', 'web-2']);
    expect(await complete('kubectl drain w')).toEqual(['worker-1']);
  });
  it('completes flags and flag values', async () => {
    expect(await complete('kubectl get pods --all')).toEqual(['--all-namespaces']);
    expect(await complete('kubectl get pods -o ')).toEqual([
      'json',
      'yaml',
      'wide',
      'name',
      'jsonpath=',
      'custom-columns=',
    ]);
    expect(await complete('kubectl get pods -n d')).toEqual(['data']);
    expect(await complete('kubectl get pods --output=y')).toEqual(['--output=yaml']);
  });
});
