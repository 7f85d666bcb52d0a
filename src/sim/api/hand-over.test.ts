import { describe, expect, it } from 'vitest';
import type { KubeObject } from './types.ts';
import { handOver, takeOver } from './hand-over.ts';
import { testServer } from '../apiserver/test-helpers.ts';

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } };
}

describe('handing a request body over to the apiserver', () => {
  it('stores a handed-over body itself and copies any other', () => {
    const t = testServer({ freezeObjects: false });
    const kept = handOver(configMap('kept'));
    const copied = configMap('copied');
    t.ok('POST', '/api/v1/namespaces/default/configmaps', kept);
    t.ok('POST', '/api/v1/namespaces/default/configmaps', copied);
    expect(t.server.etcd.get('/registry/configmaps/default/kept')?.value).toBe(kept);
    // The stored object was stamped in place: the body is the object as stored.
    expect(kept.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const stored = t.server.etcd.get('/registry/configmaps/default/copied')?.value;
    expect(stored).not.toBe(copied);
    // A body that was not handed over stays the caller's: later changes do not reach the store.
    (copied.data as Record<string, string>).a = 'changed';
    expect(stored?.data).toEqual({ a: '1' });
    expect(copied.metadata?.uid).toBeUndefined();
  });

  it('takes the mark once', () => {
    const body = handOver({});
    expect(takeOver(body)).toBe(true);
    expect(takeOver(body)).toBe(false);
    expect(takeOver({})).toBe(false);
    expect(takeOver(undefined)).toBe(false);
  });
});
