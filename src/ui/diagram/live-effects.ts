/**
 * Effects that keep the diagram's live extras up to date: etcd's key count and revision (polled
 * from the Worker, or derived from the informer cache when the Worker cannot answer), and the
 * hop-by-hop animation of the newest traffic trace.
 */
import { useEffect } from 'react';
import type { TrafficHop } from '../../sim/network/datapath';
import type { TrafficResult } from '../../sim/network/traffic';
import { useConnection } from '../connection-context';
import { activityStore, setEtcdStats } from '../store/activity-store';
import { viewStore } from '../store/view-store';

const ETCD_POLL_MS = 2_000;
/** How long each hop of a traffic trace stays lit. */
export const HOP_MS = 450;

/** Polls etcd's stats while mounted. */
export function useEtcdStats(): void {
  const connection = useConnection();
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const stats = (await connection.sim({ op: 'etcd-stats' })) as {
          keys?: number;
          revision?: number;
          bytes?: number;
        };
        if (!stopped && typeof stats?.keys === 'number') {
          setEtcdStats({ keys: stats.keys, revision: stats.revision ?? 0, bytes: stats.bytes });
          return;
        }
      } catch {
        // Older Workers have no etcd-stats: count what the informers hold instead (below).
      }
      if (stopped) return;
      const objects = connection.cluster.store.getState().objects;
      let keys = 0;
      let revision = activityStore.getState().revision;
      for (const byKey of Object.values(objects)) {
        for (const object of Object.values(byKey)) {
          keys++;
          revision = Math.max(revision, Number(object.metadata?.resourceVersion ?? 0) || 0);
        }
      }
      setEtcdStats({ keys, revision });
    };
    void poll();
    const id = setInterval(() => void poll(), ETCD_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [connection]);
}

/** The diagram element ids one hop of a trace lights up. */
export function hopElements(hop: TrafficHop, result: TrafficResult): string[] {
  switch (hop.kind) {
    case 'ingress-controller': {
      const to = result.request?.to ?? '';
      return to.startsWith('ingress/') ? [`ingress/${to.slice('ingress/'.length)}`] : [];
    }
    case 'service':
      return hop.service ? [`service/${hop.service}`] : [];
    case 'node':
    case 'kube-proxy':
      return hop.node ? [`node/${hop.node}`] : [];
    case 'pod':
      return hop.pod ? [`pod/${hop.pod}`, ...(hop.node ? [`node/${hop.node}`] : [])] : [];
    default:
      return [];
  }
}

/** Animates the newest traffic trace hop by hop (the ids in the view store's `trafficHop`). */
export function useTrafficAnimation(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastId = activityStore.getState().traffic.at(-1)?.id ?? 0;
    const unsubscribe = activityStore.subscribe((state) => {
      const latest = state.traffic.at(-1);
      if (!latest || latest.id === lastId) return;
      lastId = latest.id;
      if (timer) clearTimeout(timer);
      const steps = latest.result.hops
        .map((hop) => hopElements(hop, latest.result))
        .filter((ids) => ids.length > 0);
      let i = 0;
      const next = () => {
        if (i < steps.length) {
          viewStore.setState({ trafficHop: steps[i++] });
          timer = setTimeout(next, HOP_MS);
        } else {
          timer = setTimeout(() => viewStore.setState({ trafficHop: [] }), HOP_MS * 3);
        }
      };
      next();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}
