/** The top bar: product name and a one-line summary of the cluster from the informers. */
import { useCluster } from './store/react';
import { objectsOf } from './store/cluster-store';
import { isControlPlane } from './diagram/model';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function Header() {
  const summary = useCluster((state) => {
    const nodes = Object.values(objectsOf(state, 'Node'));
    if (!state.synced.Node) return 'connecting…';
    const cp = nodes.filter(isControlPlane).length;
    return `cluster: ${plural(cp, 'control plane')} · ${plural(nodes.length - cp, 'worker')} · ${plural(Object.keys(objectsOf(state, 'Pod')).length, 'pod')}`;
  });
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
    </header>
  );
}
