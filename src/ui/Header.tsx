/** The top bar: product name and a one-line summary of the cluster from the informers. */
import './embed/embed.css';
import { useThrottledCluster } from './store/react';
import { objectsOf } from './store/cluster-store';
import { isControlPlane } from './diagram/model';
import { useStore } from 'zustand';
import { appOptionsStore, togglePanel } from './embed/options-store';
import type { Panel } from './embed/embed-options';
import { ShareButton } from './share/ShareButton';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const TOGGLABLE = ['editor', 'console', 'timeline', 'inspector'] as const;

/** In embed mode, panels open on demand. */
function PanelToggles({ panels }: { panels: readonly Panel[] }) {
  return (
    <>
      {TOGGLABLE.map((panel) => {
        const shown = panels.includes(panel);
        return (
          <button
            key={panel}
            type="button"
            className="button"
            aria-pressed={shown}
            onClick={() => togglePanel(panel)}
          >
            {panel[0].toUpperCase() + panel.slice(1)}
          </button>
        );
      })}
    </>
  );
}

export function Header() {
  const options = useStore(appOptionsStore, (s) => s.options);
  // Counting every pod on every frame of a busy cluster is wasted: a few times a second will do.
  const summary = useThrottledCluster((state) => {
    const nodes = Object.values(objectsOf(state, 'Node'));
    if (!state.synced.Node) return 'connecting…';
    const cp = nodes.filter(isControlPlane).length;
    return `cluster: ${plural(cp, 'control plane')} · ${plural(nodes.length - cp, 'worker')} · ${plural(Object.keys(objectsOf(state, 'Pod')).length, 'pod')}`;
  }, 250);
  return (
    <header className="app-header">
      <h1 className="brand">
        <span aria-hidden="true" className="brand-mark">
          ⎈
        </span>{' '}
        k8s-explorer
      </h1>
      <span className="chip" aria-live="polite">
        {summary}
      </span>
      <span className="header-actions">
        {options.embed && <PanelToggles panels={options.panels} />}
        <ShareButton />
      </span>
    </header>
  );
}
