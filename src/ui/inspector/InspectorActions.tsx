/** The inspector's buttons: delete, scale, cordon, drain, stop/start nodes and components, traffic. */
import { useState, type ReactNode } from 'react';
import type { KubeObject } from '../../sim/api/types';
import type { Connection } from '../connection';
import { useConnection } from '../connection-context';
import { markStopped } from '../store/view-store';
import { cordon, deletePod, drain, scale, sendTraffic, simulate } from './actions';

/** Runs an action and keeps its result line (or error) for display. */
function useAction() {
  const [line, setLine] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      setLine({ ok: true, text: await fn() });
    } catch (error) {
      setLine({
        ok: false,
        text: `error: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };
  const result = line ? (
    <p className={`action-result ${line.ok ? 'ok' : 'bad'}`} role="status">
      {line.text}
    </p>
  ) : (
    <p className="action-result" role="status" />
  );
  return { run, busy, result };
}

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

export function ObjectActions({
  kind,
  objectKey,
  object,
}: {
  kind: string;
  objectKey: string;
  object: KubeObject;
}) {
  const connection = useConnection();
  const { run, busy, result } = useAction();
  const replicas = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const [target, setTarget] = useState(String(replicas));
  const name = object.metadata?.name ?? '';
  const buttons: ReactNode[] = [];
  if (kind === 'Pod') {
    buttons.push(
      <button
        key="delete"
        type="button"
        disabled={busy}
        onClick={() => void run(() => deletePod(connection, objectKey))}
      >
        Delete pod
      </button>,
      <button
        key="kill"
        type="button"
        disabled={busy}
        title="The container exits (as if it crashed); the kubelet restarts it with back-off"
        onClick={() =>
          void run(() =>
            simulate(
              connection,
              {
                op: 'kill-container',
                namespace: object.metadata?.namespace ?? 'default',
                pod: name,
              },
              `killed a container of ${name}`,
            ),
          )
        }
      >
        Kill container
      </button>,
    );
  }
  if (SCALABLE.has(kind)) {
    buttons.push(
      <span key="scale" className="scale">
        <input
          type="number"
          min={0}
          max={1000}
          aria-label="Replicas"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(() => scale(connection, kind, objectKey, Math.max(0, Number(target) || 0)))
          }
        >
          Scale
        </button>
      </span>,
    );
  }
  if (kind === 'Node') {
    const cordoned = Boolean(
      (object.spec as { unschedulable?: boolean } | undefined)?.unschedulable,
    );
    buttons.push(
      <button
        key="cordon"
        type="button"
        disabled={busy}
        onClick={() => void run(() => cordon(connection, name, !cordoned))}
      >
        {cordoned ? 'Uncordon' : 'Cordon'}
      </button>,
      <button
        key="drain"
        type="button"
        disabled={busy}
        onClick={() => void run(() => drain(connection, name))}
      >
        Drain
      </button>,
      <NodePower key="power" connection={connection} node={name} run={run} busy={busy} />,
    );
  }
  if (kind === 'Service' || kind === 'Ingress') {
    buttons.push(
      <button
        key="traffic"
        type="button"
        disabled={busy}
        onClick={() => void run(() => sendTraffic(connection, kind, object))}
      >
        Send traffic
      </button>,
    );
  }
  if (buttons.length === 0) return null;
  return (
    <div className="inspector-actions" role="group" aria-label="Actions">
      <div className="action-buttons">{buttons}</div>
      {result}
    </div>
  );
}

function NodePower({
  connection,
  node,
  run,
  busy,
}: {
  connection: Connection;
  node: string;
  run: (fn: () => Promise<string>) => Promise<void>;
  busy: boolean;
}) {
  const stop = async () => {
    const line = await simulate(
      connection,
      { op: 'stop-node', node },
      `node ${node} stopped: its kubelet no longer heartbeats; NotReady after the 50 s grace period`,
    );
    markStopped(`kubelet/${node}`, true);
    return line;
  };
  const start = async () => {
    const line = await simulate(connection, { op: 'start-node', node }, `node ${node} started`);
    markStopped(`kubelet/${node}`, false);
    return line;
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run(stop)}>
        Stop node
      </button>
      <button type="button" disabled={busy} onClick={() => void run(start)}>
        Start node
      </button>
    </>
  );
}

const COMPONENT_NOTES: Record<string, string> = {
  'kube-apiserver':
    'Every client reads and writes through it; it validates, admits and stores objects in etcd, and serves watches.',
  etcd: 'The key-value store holding every object. Each write gets a new revision; watches resume from a revision.',
  'kube-scheduler': 'Binds Pending pods to nodes. Stopped, new pods stay in the Pending lane.',
  'kube-controller-manager':
    'Runs the control loops (Deployment, ReplicaSet, Job, endpoints, node lifecycle, ...). Stopped, nothing reconciles: deleted pods are not replaced.',
  'cloud-controller-manager':
    'Talks to the (simulated) cloud: load-balancer addresses, node addresses, removal of deleted machines.',
  kubelet:
    'The node agent: runs the pods bound to its node and reports their status and its heartbeat.',
  'kube-proxy': "Programs the node's service rules (iptables) from Services and EndpointSlices.",
  containerd: 'The container runtime the kubelet drives through CRI.',
};

export function ComponentActions({ id }: { id: string }) {
  const connection = useConnection();
  const { run, busy, result } = useAction();
  const [name, node] = id.includes('/')
    ? [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)]
    : [id, ''];
  const stoppable = !node && name !== 'etcd';
  return (
    <div className="inspector-body">
      <p>{COMPONENT_NOTES[name] ?? ''}</p>
      {node && (
        <p className="muted">
          Runs on {node}. Use the node's Stop node / Start node to take the machine down.
        </p>
      )}
      {stoppable && (
        <div className="inspector-actions" role="group" aria-label="Actions">
          <div className="action-buttons">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await connection.sim({ op: 'stop-component', component: name });
                  markStopped(name, true);
                  return `${name} stopped`;
                })
              }
            >
              Stop {name}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await connection.sim({ op: 'start-component', component: name });
                  markStopped(name, false);
                  return `${name} started`;
                })
              }
            >
              Start {name}
            </button>
          </div>
          {result}
        </div>
      )}
    </div>
  );
}
