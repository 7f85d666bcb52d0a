import { describe, expect, it } from 'vitest';
import { recordManager, validateObjectMeta } from './object-meta.ts';
import { BUILTIN_RESOURCES } from './resources.ts';
import type { WriteOptions } from './registry.ts';

const pods = BUILTIN_RESOURCES.find((r) => r.group === '' && r.resource === 'pods');
const deployments = BUILTIN_RESOURCES.find(
  (r) => r.group === 'apps' && r.resource === 'deployments',
);
const opts = (manager: string, subresource?: string): WriteOptions => ({
  user: manager,
  manager,
  dryRun: false,
  subresource,
});
const T0 = Date.UTC(2026, 0, 1);

describe('recordManager', () => {
  it('keeps one entry per manager, operation and subresource, newest last', () => {
    if (!pods) throw new Error('no pods');
    const created = recordManager(undefined, opts('rs'), pods, T0);
    const status = recordManager(created, opts('kubelet', 'status'), pods, T0 + 1_000);
    const again = recordManager(status, opts('rs'), pods, T0 + 2_000);
    expect(again).toEqual([
      {
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:01Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {},
        subresource: 'status',
      },
      {
        manager: 'rs',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:02Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
    ]);
  });

  it('shares equal entries within a second and reuses an unchanged list', () => {
    if (!pods || !deployments) throw new Error('no resources');
    const a = recordManager(undefined, opts('kubelet', 'status'), pods, T0 + 5_000);
    const b = recordManager(undefined, opts('kubelet', 'status'), pods, T0 + 5_400);
    expect(b[0]).toBe(a[0]);
    expect(recordManager(a, opts('kubelet', 'status'), pods, T0 + 5_900)).toBe(a);
    // Another second, subresource or apiVersion makes another entry.
    expect(recordManager(a, opts('kubelet', 'status'), pods, T0 + 6_000)[0]).not.toBe(a[0]);
    expect(recordManager(undefined, opts('kubelet'), pods, T0 + 6_000)[0]).not.toHaveProperty(
      'subresource',
    );
    expect(recordManager(undefined, opts('kubelet'), deployments, T0 + 6_000)[0]).toMatchObject({
      apiVersion: 'apps/v1',
    });
  });
});

describe('validateObjectMeta', () => {
  it('checks the name on create only, and labels unless they are the stored ones', () => {
    if (!pods) throw new Error('no pods');
    const labels = { 'bad key!': 'x' };
    const meta = { name: 'Bad_Name', labels };
    expect(validateObjectMeta(meta, pods).map((e) => e.field)).toEqual([
      'metadata.name',
      'metadata.labels',
    ]);
    expect(validateObjectMeta(meta, pods, { name: 'Bad_Name', labels })).toEqual([]);
    expect(
      validateObjectMeta(meta, pods, { name: 'Bad_Name', labels: { ...labels } }).map(
        (e) => e.field,
      ),
    ).toEqual(['metadata.labels']);
  });
});
