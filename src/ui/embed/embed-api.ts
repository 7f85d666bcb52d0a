/**
 * The embedding API at run time: listens for postMessage calls from the host page, accepts them
 * only from the origins the embed allows, validates each one (embed-messages.ts), acts, and
 * replies to the sender. Subscribers receive clock, change and Kubernetes Event notifications.
 */
import type { Connection } from '../connection';
import { sessionStore } from '../store/session-store';
import {
  EMBED_PROTOCOL,
  originAllowed,
  validateEmbedMessage,
  type EmbedRequest,
  type Subscription,
} from './embed-messages';

interface Target {
  source: MessageEventSource;
  origin: string;
}

function reply(target: Target, message: Record<string, unknown>): void {
  (target.source as WindowProxy).postMessage(
    { k8sExplorer: EMBED_PROTOCOL, ...message },
    target.origin,
  );
}

/** Starts the embedding API; returns a function that stops it. */
export function startEmbedApi(
  connection: Connection,
  allowedOrigins: readonly string[],
  win: Window = window,
): () => void {
  const subscribers = new Map<MessageEventSource, { target: Target; events: Set<Subscription> }>();
  const notify = (event: Subscription, payload: unknown) => {
    for (const { target, events } of subscribers.values()) {
      if (events.has(event)) reply(target, { type: 'event', event: { type: event, payload } });
    }
  };
  const offChanges = connection.onChanges((changes) => {
    notify('change', changes);
    const events = changes.filter((c) => c.kind === 'Event' && c.type === 'ADDED');
    if (events.length > 0) notify('event', events);
  });
  let lastClock = 0;
  const offClock = sessionStore.subscribe((s) => {
    if (s.clock && s.clock.now !== lastClock) {
      lastClock = s.clock.now;
      notify('clock', s.clock);
    }
  });

  const act = async (request: EmbedRequest, target: Target): Promise<unknown> => {
    switch (request.type) {
      case 'apply': {
        // Loaded on first use, like the editor's Apply (keeps the YAML parser out of the start-up).
        const { applyManifest } = await import('../editor/apply-manifest');
        return applyManifest(connection.client, request.yaml, 'default', 'embedding page');
      }
      case 'kubectl':
        return connection.sim({ op: 'kubectl', command: request.command });
      case 'play':
      case 'pause':
        connection.control({ action: request.type });
        return { ok: true };
      case 'seek': {
        const journal = (await connection.sim({ op: 'journal' })) as { nowMs: number };
        if (request.atMs < journal.nowMs)
          throw new Error(
            `cannot seek back in time (now ${journal.nowMs} ms); use a share link to replay from the start`,
          );
        connection.control({ action: 'advance', ms: request.atMs - journal.nowMs });
        return { atMs: request.atMs };
      }
      case 'subscribe':
        subscribers.set(target.source, { target, events: new Set(request.events) });
        return { subscribed: request.events };
      case 'unsubscribe':
        subscribers.delete(target.source);
        return { subscribed: [] };
    }
  };

  const onMessage = (event: MessageEvent) => {
    // Only origins the embed was configured with may drive it; everything else is ignored.
    if (!event.source || !originAllowed(event.origin, allowedOrigins)) return;
    const target: Target = { source: event.source, origin: event.origin };
    const validation = validateEmbedMessage(event.data);
    if (!validation.ok) {
      if ('ignore' in validation) return;
      reply(target, {
        type: 'result',
        ...(validation.id !== undefined ? { id: validation.id } : {}),
        ok: false,
        error: validation.error,
      });
      return;
    }
    const { request } = validation;
    const id = request.id !== undefined ? { id: request.id } : {};
    act(request, target).then(
      (result) =>
        reply(target, {
          type: 'result',
          ...id,
          ok: true,
          result: JSON.parse(JSON.stringify(result ?? null)),
        }),
      (error: unknown) =>
        reply(target, {
          type: 'result',
          ...id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };
  win.addEventListener('message', onMessage);
  return () => {
    win.removeEventListener('message', onMessage);
    offChanges();
    offClock();
  };
}
