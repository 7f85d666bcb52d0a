/**
 * The components running on a node (kubelet, etcd, ...), each a named item. A component lights up
 * when it makes a change (see activity-store pulses); the highlight replays on every new change.
 */
import { useActivity, useView } from '../store/react';
import { select } from '../store/view-store';

export interface ComponentItem {
  name: string;
  /** The pulse id (`kube-scheduler`, `kubelet/worker-1`). */
  id: string;
}

function ComponentChip({ item, order }: { item: ComponentItem; order: number }) {
  const pulse = useActivity((s) => s.pulses[item.id] ?? 0);
  const stopped = useView((s) => s.stoppedComponents.includes(item.id));
  return (
    <li
      // A new key remounts the chip, which restarts its CSS highlight.
      key={pulse}
      className={`component ${pulse ? 'acted' : ''} ${stopped ? 'stopped' : ''}`}
      style={{ animationDelay: `${order * 120}ms` }}
      aria-label={stopped ? `${item.name}, stopped` : item.name}
      title={
        stopped ? `${item.name} (stopped)` : `${item.name}: lights up when it changes something`
      }
      onClick={(event) => {
        event.stopPropagation();
        select({ kind: 'Component', key: item.id });
      }}
    >
      {item.name}
    </li>
  );
}

/** Highlight order of a change's path: the actor first, then the apiserver, then etcd. */
const pathOrder = (name: string) => (name === 'etcd' ? 2 : name === 'kube-apiserver' ? 1 : 0);

export function ComponentList({ items }: { items: readonly ComponentItem[] }) {
  return (
    <ul className="components" aria-label="Components">
      {items.map((item) => (
        <ComponentChip key={item.id} item={item} order={pathOrder(item.name)} />
      ))}
    </ul>
  );
}
