/**
 * The inspector: the selected object as stored (YAML from a GET, shown as text), its status and
 * conditions, `kubectl describe`-style events, its relations (owner, node, selected pods,
 * endpoints, volumes), and the actions that make sense for its kind.
 */
import { useEffect, useMemo, useState } from 'react';
import type { KubeObject } from '../../sim/api/types';
import { eventTime } from '../connection';
import { useConnection } from '../connection-context';
import { podIP, podNodeName, podStatusText, selects } from '../diagram/model';
import { podReferences } from '../diagram/signature';
import { objectsOf } from '../store/cluster-store';
import { useThrottledCluster, useView } from '../store/react';
import { select, viewStore, type ObjectRef } from '../store/view-store';
import { formatClock } from '../timebar/format';
import { ComponentActions, ObjectActions } from './InspectorActions';
import { getObject } from './actions';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function Relation({ label, refs }: { label: string; refs: ObjectRef[] }) {
  if (refs.length === 0) return null;
  return (
    <div className="relation">
      <dt>{label}</dt>
      <dd>
        {refs.map((ref) => (
          <button
            key={`${ref.kind}:${ref.key}`}
            type="button"
            className="link"
            onClick={() => select(ref)}
          >
            {ref.kind} {ref.key}
          </button>
        ))}
      </dd>
    </div>
  );
}

/** The objects related to `object`, for the relations list. */
function relations(state: Parameters<typeof objectsOf>[0], kind: string, object: KubeObject) {
  const ns = object.metadata?.namespace ?? '';
  const keyIn = (name: string) => (ns ? `${ns}/${name}` : name);
  const owner = (object.metadata?.ownerReferences ?? []).map((r) => ({
    kind: r.kind,
    key: keyIn(r.name),
  }));
  const uid = object.metadata?.uid;
  const owned: ObjectRef[] = [];
  for (const k of ['ReplicaSet', 'Pod', 'Job']) {
    for (const [key, o] of Object.entries(objectsOf(state, k))) {
      if (uid && o.metadata?.ownerReferences?.some((r) => r.uid === uid))
        owned.push({ kind: k, key });
    }
  }
  const result: { label: string; refs: ObjectRef[] }[] = [
    { label: 'Owner', refs: owner },
    { label: 'Owns', refs: owned.slice(0, 30) },
  ];
  if (kind === 'Pod') {
    const node = podNodeName(object);
    if (node) result.push({ label: 'Node', refs: [{ kind: 'Node', key: node }] });
    result.push({
      label: 'Uses',
      refs: podReferences(object).map((r) => ({
        kind: r.slice(0, r.indexOf('/')),
        key: keyIn(r.slice(r.indexOf('/') + 1)),
      })),
    });
    const services = Object.entries(objectsOf(state, 'Service'))
      .filter(([, s]) => s.metadata?.namespace === ns)
      .filter(([, s]) =>
        selects(
          (s.spec as { selector?: Record<string, string> } | undefined)?.selector,
          object.metadata?.labels,
        ),
      )
      .map(([key]) => ({ kind: 'Service', key }));
    result.push({ label: 'Services', refs: services });
  }
  if (kind === 'Service') {
    const selector = (object.spec as { selector?: Record<string, string> } | undefined)?.selector;
    const pods = Object.entries(objectsOf(state, 'Pod'))
      .filter(([, p]) => p.metadata?.namespace === ns && selects(selector, p.metadata?.labels))
      .map(([key]) => ({ kind: 'Pod', key }));
    result.push({ label: 'Selects', refs: pods });
    const slices = Object.entries(objectsOf(state, 'EndpointSlice'))
      .filter(
        ([, s]) =>
          s.metadata?.namespace === ns &&
          s.metadata?.labels?.['kubernetes.io/service-name'] === object.metadata?.name,
      )
      .map(([key]) => ({ kind: 'EndpointSlice', key }));
    result.push({ label: 'Endpoints', refs: slices });
  }
  if (kind === 'Node') {
    const pods = Object.entries(objectsOf(state, 'Pod'))
      .filter(([, p]) => podNodeName(p) === object.metadata?.name)
      .map(([key]) => ({ kind: 'Pod', key }));
    result.push({ label: 'Pods', refs: pods.slice(0, 40) });
  }
  return result;
}

/** Events about an object, oldest first, as `kubectl describe` lists them. */
function eventsFor(state: Parameters<typeof objectsOf>[0], ref: ObjectRef): KubeObject[] {
  const name = ref.key.includes('/') ? ref.key.slice(ref.key.indexOf('/') + 1) : ref.key;
  return Object.values(objectsOf(state, 'Event'))
    .filter((e) => {
      const o = (e.involvedObject ?? e.regarding ?? {}) as { kind?: string; name?: string };
      return o.kind === ref.kind && o.name === name;
    })
    .sort((a, b) => (eventTime(a) ?? 0) - (eventTime(b) ?? 0));
}

function summaryOf(kind: string, object: KubeObject): string {
  if (kind === 'Pod') {
    const ip = podIP(object);
    return `${podStatusText(object)}${ip ? ` · IP ${ip}` : ''}${podNodeName(object) ? ` · on ${podNodeName(object)}` : ''}`;
  }
  const phase = (object.status as { phase?: string } | undefined)?.phase;
  return phase ?? '';
}

export function Inspector() {
  const selected = useView((s) => s.selected);
  if (!selected) {
    return (
      <section className="panel inspector" aria-label="Inspector">
        <p className="muted inspector-empty">
          Click anything in the diagram (or Tab to it and press Enter) to inspect it.
        </p>
      </section>
    );
  }
  if (selected.kind === 'Component') return <ComponentInspector id={selected.key} />;
  return <ObjectInspector selected={selected} />;
}

function ComponentInspector({ id }: { id: string }) {
  return (
    <section className="panel inspector" aria-label="Inspector">
      <header className="inspector-header">
        <h2>{id.replace('/', ' on ')}</h2>
        <button type="button" aria-label="Close inspector" onClick={() => select(undefined)}>
          ×
        </button>
      </header>
      <ComponentActions id={id} />
    </section>
  );
}

function ObjectInspector({ selected }: { selected: ObjectRef }) {
  const connection = useConnection();
  // The whole state (stable between changes): the derived lists below are new arrays each time,
  // which a store selector must not return. Relations and events are passes over whole kinds:
  // while the cluster churns, they follow it a few times a second, not every frame.
  const state = useThrottledCluster((s) => s, 250);
  const object = objectsOf(state, selected.kind)[selected.key];
  const related = useMemo(
    () => (object ? relations(state, selected.kind, object) : []),
    [state, selected.kind, object],
  );
  const events = useMemo(() => eventsFor(state, selected), [state, selected]);
  const past = useView((s) => s.past);
  const [yaml, setYaml] = useState('');
  const resourceVersion = object?.metadata?.resourceVersion;

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        // While time-travelling, the past object is what was stored then; live, GET it.
        const stored = past ? object : await getObject(connection, selected.kind, selected.key);
        const { stringify } = await import('yaml');
        if (!cancelled) setYaml(stored ? stringify(stored) : 'not found');
      } catch (error) {
        if (!cancelled) setYaml(`error: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
    // Reload when the stored object changes (its resourceVersion), not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, selected.kind, selected.key, resourceVersion, past]);

  const name = selected.key.includes('/')
    ? selected.key.slice(selected.key.indexOf('/') + 1)
    : selected.key;
  const conditions = (object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  return (
    <section className="panel inspector" aria-label="Inspector">
      <header className="inspector-header">
        <h2>
          <span className="muted">{selected.kind}</span> {name}
        </h2>
        <button
          type="button"
          aria-label="Close inspector"
          onClick={() => viewStore.setState({ selected: undefined })}
        >
          ×
        </button>
      </header>
      <div className="inspector-body">
        {!object && (
          <p className="bad">
            This object does not exist {past ? 'at this revision' : 'any more'}.
          </p>
        )}
        {object && (
          <>
            <p className="inspector-summary">
              {[object.metadata?.namespace, summaryOf(selected.kind, object)]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {!past && (
              <ObjectActions kind={selected.kind} objectKey={selected.key} object={object} />
            )}
            {conditions.length > 0 && (
              <table className="conditions" aria-label="Conditions">
                <thead>
                  <tr>
                    <th>Condition</th>
                    <th>Status</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {conditions.map((c) => (
                    <tr key={c.type} title={c.message}>
                      <td>{c.type}</td>
                      <td className={c.status === 'True' ? 'ok' : 'bad'}>{c.status}</td>
                      <td>{c.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <dl className="relations">
              {related.map((r) => (
                <Relation key={r.label} label={r.label} refs={r.refs} />
              ))}
            </dl>
            <h3>Events</h3>
            {events.length === 0 ? (
              <p className="muted">&lt;none&gt;</p>
            ) : (
              <table className="events" aria-label="Events">
                <thead>
                  <tr>
                    <th>Type</th>
                    <th>Reason</th>
                    <th>At</th>
                    <th>From</th>
                    <th>Message</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr key={e.metadata?.uid ?? e.metadata?.name}>
                      <td className={e.type === 'Warning' ? 'bad' : ''}>{String(e.type ?? '')}</td>
                      <td>{String(e.reason ?? '')}</td>
                      <td>{formatClock(eventTime(e) ?? 0)}</td>
                      <td>
                        {String(
                          e.reportingComponent ||
                            (e.source as { component?: string } | undefined)?.component ||
                            '',
                        )}
                      </td>
                      <td>{String(e.message ?? '')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
        <h3>YAML as stored</h3>
        <pre className="yaml" aria-label="YAML">
          {yaml}
        </pre>
      </div>
    </section>
  );
}
