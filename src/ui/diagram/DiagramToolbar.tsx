/** Above the diagram: namespace filter, lens, owners overlay, and the time-travel banner. */
import { useStore } from 'zustand';
import type { Lens } from '../embed/embed-options';
import { LENS_INFO, setLens } from '../embed/lens';
import { appOptionsStore } from '../embed/options-store';
import { useCluster, useView } from '../store/react';
import { objectsOf } from '../store/cluster-store';
import { returnToLive, viewStore } from '../store/view-store';
import { formatClock } from '../timebar/format';

export function DiagramToolbar() {
  const namespace = useView((s) => s.namespace);
  const showOwners = useView((s) => s.showOwners);
  const past = useView((s) => s.past);
  const lens = useStore(appOptionsStore, (s) => s.options.lens);
  const namespaces = useCluster((s) => Object.keys(objectsOf(s, 'Namespace')).sort().join('\n'));
  return (
    <div className="diagram-toolbar">
      <label className="speed">
        Namespace
        <select
          value={namespace}
          onChange={(e) => viewStore.setState({ namespace: e.target.value })}
        >
          <option value="">all but kube-system</option>
          <option value="*">all namespaces</option>
          {namespaces
            .split('\n')
            .filter(Boolean)
            .map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
        </select>
      </label>
      <select
        aria-label="Lens"
        title={`Lens: ${LENS_INFO[lens]}`}
        value={lens}
        onChange={(e) => setLens(e.target.value as Lens)}
      >
        {(Object.keys(LENS_INFO) as Lens[]).map((l) => (
          <option key={l} value={l} title={LENS_INFO[l]}>
            {l[0].toUpperCase() + l.slice(1)}
          </option>
        ))}
      </select>
      <label className="toggle">
        <input
          type="checkbox"
          checked={showOwners}
          onChange={(e) => viewStore.setState({ showOwners: e.target.checked })}
        />{' '}
        Owners
      </label>
      {past && (
        <span className="past-banner" role="status">
          Viewing the past: revision {past.revision} at {formatClock(past.atMs)} (read-only)
          <button type="button" className="primary" onClick={returnToLive}>
            Live
          </button>
        </span>
      )}
    </div>
  );
}
