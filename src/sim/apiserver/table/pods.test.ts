import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { buildTable } from './index';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (seconds: number) => {
  // Test-only helper: an RFC 3339 timestamp `seconds` before `now`.
  return new Date(now - seconds * 1000).toISOString().replace('.000Z', 'Z');
};

function pod(
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace: 'default', creationTimestamp: ago(300), ...metadata },
    spec,
    status,
  };
}

const running = { running: { startedAt: ago(200) } };
const twoContainers = { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'node-1' };

function rowsOf(pods: KubeObject[]): unknown[][] {
  const table = buildTable({ group: '', resource: 'pods', objects: pods, nowMs: now });
  return (table.rows as Array<{ cells: unknown[] }>).map((row) => row.cells);
}

describe('pod table (printPod golden rows)', () => {
  it('prints the columns kubectl shows, wide ones last with priority 1', () => {
    const table = buildTable({ group: '', resource: 'pods', objects: [], nowMs: now });
    const columns = table.columnDefinitions as Array<{ name: string; priority: number }>;
    expect(columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
  });

  it.each([
    [
      'running and ready',
      pod('web', twoContainers, {
        phase: 'Running',
        podIPs: [{ ip: '10.244.1.5' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: running },
          { name: 'b', ready: true, restartCount: 0, state: running },
        ],
      }),
      ['web', '2/2', 'Running', '0', '5m', '10.244.1.5', 'node-1', '<none>', '<none>'],
    ],
    [
      'pending, unscheduled',
      pod(
        'pending',
        { containers: [{ name: 'a' }] },
        {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        },
      ),
      ['pending', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'image pulling',
      pod('pull', twoContainers, {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'a',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          },
          {
            name: 'b',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ErrImagePull' } },
          },
        ],
      }),
      ['pull', '0/2', 'ContainerCreating', '0', '5m', '<none>', 'node-1', '<none>', '<none>'],
    ],
    [
      'crash looping with a last restart 30 s ago',
      pod(
        'crash',
        { containers: [{ name: 'a' }] },
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(30) } },
            },
          ],
        },
      ),
      [
        'crash',
        '0/1',
        'CrashLoopBackOff',
        '2 (30s ago)',
        '5m',
        '<none>',
        '<none>',
        '<none>',
        '<none>',
      ],
    ],
    [
      'init container 1 of 2 running',
      pod(
        'init',
        { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'i1',
              ready: true,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
            { name: 'i2', ready: false, restartCount: 0, state: running },
          ],
          containerStatuses: [
            {
              name: 'a',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'PodInitializing' } },
            },
          ],
        },
      ),
      ['init', '0/1', 'Init:1/2', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'failed init container',
      pod(
        'initfail',
        { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', ready: false, restartCount: 3, state: { terminated: { exitCode: 2 } } },
          ],
        },
      ),
      ['initfail', '0/1', 'Init:ExitCode:2', '3', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'completed job pod',
      pod(
        'done',
        { containers: [{ name: 'a' }] },
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'a',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      ),
      ['done', '0/1', 'Completed', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'one container completed, the other still running',
      pod('mixed', twoContainers, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: running },
          {
            name: 'b',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
      ['mixed', '1/2', 'NotReady', '0', '5m', '<none>', 'node-1', '<none>', '<none>'],
    ],
    [
      'being deleted',
      pod(
        'bye',
        { containers: [{ name: 'a' }] },
        { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: running }] },
        { deletionTimestamp: ago(1) },
      ),
      ['bye', '1/1', 'Terminating', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'lost with its node',
      pod(
        'lost',
        { containers: [{ name: 'a' }] },
        { phase: 'Running', reason: 'NodeLost' },
        { deletionTimestamp: ago(1) },
      ),
      ['lost', '0/1', 'Unknown', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'sidecar (restartable init container) counted in READY',
      pod(
        'sidecar',
        {
          initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
          containers: [{ name: 'a' }],
          readinessGates: [{ conditionType: 'x/ready' }],
        },
        {
          phase: 'Running',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'x/ready', status: 'True' },
          ],
          initContainerStatuses: [
            {
              name: 'proxy',
              ready: true,
              started: true,
              restartCount: 1,
              state: running,
              lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } },
            },
          ],
          containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }],
        },
      ),
      ['sidecar', '2/2', 'Running', '1 (90s ago)', '5m', '<none>', '<none>', '<none>', '1/1'],
    ],
  ])('%s', (_title, object, expected) => {
    expect(rowsOf([object])[0]).toEqual(expected);
  });

  it('marks finished pods with a Completed row condition and includes PartialObjectMetadata', () => {
    const done = pod('done', { containers: [] }, { phase: 'Failed' });
    const table = buildTable({ group: '', resource: 'pods', objects: [done], nowMs: now });
    const row = (table.rows as Array<Record<string, unknown>>)[0];
    expect(row.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    expect(row.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: done.metadata,
    });
  });
});
