/**
 * What every controller of the kube-controller-manager receives: the clock, the random source,
 * the shared informers, a client and an event recorder under the controller's own name, and work
 * queues that pause together when the controller manager is stopped.
 */
import type { SimClient } from '../client.ts';
import type { VirtualClock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import { WorkQueue } from '../workqueue.ts';
import { EventRecorder } from './events.ts';
import type { InformerFactory } from './informers.ts';

export interface ControllerContext {
  clock: VirtualClock;
  rng: Rng;
  informers: InformerFactory;
  /** A client acting as `user` (e.g. `deployment-controller`). */
  client(user: string): SimClient;
  /** The event recorder of component `user`. */
  recorder(user: string): EventRecorder;
  /** A work queue that pauses with the controller manager (optionally with its own back-off). */
  queue(
    label: string,
    process: (key: string) => void,
    backoff?: { baseMs: number; maxMs: number },
  ): WorkQueue;
}

/** Builds a ControllerContext; `queues` collects the queues so the manager can pause them. */
export function createControllerContext(
  clock: VirtualClock,
  rng: Rng,
  informers: InformerFactory,
  client: (user: string) => SimClient,
  queues: WorkQueue[],
): ControllerContext {
  const recorders = new Map<string, EventRecorder>();
  const clients = new Map<string, SimClient>();
  const clientFor = (user: string): SimClient => {
    let c = clients.get(user);
    if (!c) {
      c = client(user);
      clients.set(user, c);
    }
    return c;
  };
  return {
    clock,
    rng,
    informers,
    client: clientFor,
    recorder(user) {
      let r = recorders.get(user);
      if (!r) {
        r = new EventRecorder(clientFor(user), clock, user);
        recorders.set(user, r);
      }
      return r;
    },
    queue(label, process, backoff) {
      const q = new WorkQueue(clock, process, label, backoff);
      queues.push(q);
      return q;
    },
  };
}
