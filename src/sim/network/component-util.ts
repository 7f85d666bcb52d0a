/**
 * A SimComponent made of informers and work queues: stopping it stops the watches and pauses the
 * queues (a stopped controller misses nothing: on start the informers list again and every key is
 * re-queued, as a restarted kube-controller-manager resyncs).
 */
import type { SimComponent } from '../component.ts';
import type { Informer } from '../informer.ts';
import type { WorkQueue } from '../workqueue.ts';
import type { KubeObject } from '../api/types.ts';

export interface InformerComponentParts {
  name: string;
  node?: string;
  informers: Informer<KubeObject>[];
  queues: WorkQueue[];
  /** Called after the informers have listed on every start (queue everything). */
  onStart?(): void;
}

/** Builds a component that starts/stops its informers and queues together. */
export function informerComponent(parts: InformerComponentParts): SimComponent {
  let running = false;
  return {
    name: parts.name,
    node: parts.node,
    start() {
      if (running) return;
      running = true;
      for (const informer of parts.informers) informer.start();
      for (const queue of parts.queues) queue.resume();
      parts.onStart?.();
    },
    stop() {
      if (!running) return;
      running = false;
      for (const informer of parts.informers) informer.stop();
      for (const queue of parts.queues) queue.pause();
    },
    running: () => running,
  };
}
