/**
 * Controller expectations (pkg/controller/controller_utils.go `ControllerExpectations` and
 * `UIDTrackingControllerExpectations`): after a controller creates or deletes pods it waits until its
 * informer has seen those changes before it counts pods again, or it would create twice. Expectations
 * expire after 5 minutes (ExpectationsTimeout) so a lost event cannot wedge a controller.
 */
import type { KubeObject } from '../api/types.ts';
import type { Clock } from '../clock.ts';
import type { InformerHandlers } from '../informer.ts';
import { keyOf } from './util.ts';

const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: Set<string>;
  at: number;
}

export class Expectations {
  private readonly items = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** Whether the controller `key` may sync its pods again. */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Records that `adds` creations and the deletion of `deleteKeys` are in flight. */
  expect(key: string, adds: number, deleteKeys: string[] = []): void {
    this.items.set(key, { adds, deletes: new Set(deleteKeys), at: this.clock.now() });
  }

  /** A creation was seen (or failed). */
  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.adds--;
  }

  /** The deletion of `podKey` was seen (or failed). */
  deletionObserved(key: string, podKey: string): void {
    this.items.get(key)?.deletes.delete(podKey);
  }

  /**
   * Informer handlers for the pods a controller owns: each change is recorded as observed for its
   * owner (found by `ownerKey`), and the owner is queued for a sync.
   */
  podHandlers<P extends KubeObject>(
    ownerKey: (pod: P) => string | undefined,
    enqueue: (key: string) => void,
  ): InformerHandlers<P> {
    return {
      add: (pod) => {
        const key = ownerKey(pod);
        if (!key) return;
        this.creationObserved(key);
        enqueue(key);
      },
      update: (_old, pod) => {
        const key = ownerKey(pod);
        if (!key) return;
        if (pod.metadata?.deletionTimestamp) this.deletionObserved(key, keyOf(pod));
        enqueue(key);
      },
      delete: (pod) => {
        const key = ownerKey(pod);
        if (!key) return;
        this.deletionObserved(key, keyOf(pod));
        enqueue(key);
      },
    };
  }

  /** Forgets a controller (it was deleted). */
  delete(key: string): void {
    this.items.delete(key);
  }
}
