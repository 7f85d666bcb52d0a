/**
 * The embedding API: what a host page may ask an embedded explorer through postMessage, and the
 * validation every message passes before anything is done. Messages from origins that are not
 * allowed are ignored; malformed or unknown messages get an error reply and are never acted on.
 *
 * Requests:  { k8sExplorer: 1, id?: string, type: 'apply', yaml: string }
 *            { k8sExplorer: 1, id?, type: 'kubectl', command: string }
 *            { k8sExplorer: 1, id?, type: 'play' | 'pause' }
 *            { k8sExplorer: 1, id?, type: 'seek', atMs: number }        (virtual ms since start)
 *            { k8sExplorer: 1, id?, type: 'subscribe', events: ('clock' | 'change' | 'event')[] }
 *            { k8sExplorer: 1, id?, type: 'unsubscribe' }
 * Replies:   { k8sExplorer: 1, id, type: 'result', ok: true, result? } or { ..., ok: false, error }
 * Events:    { k8sExplorer: 1, type: 'event', event: {...} } to subscribers.
 */

export const EMBED_PROTOCOL = 1;
export const MAX_MESSAGE_TEXT = 1024 * 1024;
const SUBSCRIPTIONS = ['clock', 'change', 'event'] as const;
export type Subscription = (typeof SUBSCRIPTIONS)[number];

export type EmbedRequest =
  | { type: 'apply'; id?: string; yaml: string }
  | { type: 'kubectl'; id?: string; command: string }
  | { type: 'play'; id?: string }
  | { type: 'pause'; id?: string }
  | { type: 'seek'; id?: string; atMs: number }
  | { type: 'subscribe'; id?: string; events: Subscription[] }
  | { type: 'unsubscribe'; id?: string };

export type Validation =
  | { ok: true; request: EmbedRequest }
  | { ok: false; id?: string; error: string }
  | { ok: false; ignore: true };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a message from `origin` may drive this embed. */
export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes(origin);
}

/**
 * Validates one message. Messages that are not addressed to k8s-explorer at all (other scripts on
 * the page use postMessage too) are ignored silently; addressed but invalid ones get an error.
 */
export function validateEmbedMessage(data: unknown): Validation {
  if (!isRecord(data) || !('k8sExplorer' in data)) return { ok: false, ignore: true };
  const rawId = data.id;
  const id = typeof rawId === 'string' && rawId.length <= 100 ? rawId : undefined;
  const fail = (error: string): Validation => ({
    ok: false,
    ...(id !== undefined ? { id } : {}),
    error,
  });
  if (rawId !== undefined && id === undefined)
    return fail('"id" must be a string of at most 100 characters');
  if (data.k8sExplorer !== EMBED_PROTOCOL)
    return fail(
      `unsupported protocol version ${JSON.stringify(data.k8sExplorer)}; this embed speaks ${EMBED_PROTOCOL}`,
    );
  const base = id !== undefined ? { id } : {};
  switch (data.type) {
    case 'apply':
      if (typeof data.yaml !== 'string' || data.yaml.length === 0)
        return fail('"apply" needs a non-empty "yaml" string');
      if (data.yaml.length > MAX_MESSAGE_TEXT)
        return fail(`"yaml" is larger than ${MAX_MESSAGE_TEXT} characters`);
      return { ok: true, request: { type: 'apply', ...base, yaml: data.yaml } };
    case 'kubectl':
      if (typeof data.command !== 'string' || data.command.trim().length === 0)
        return fail('"kubectl" needs a "command" string');
      if (data.command.length > 10_000) return fail('"command" is longer than 10000 characters');
      return { ok: true, request: { type: 'kubectl', ...base, command: data.command } };
    case 'play':
    case 'pause':
    case 'unsubscribe':
      return { ok: true, request: { type: data.type, ...base } };
    case 'seek':
      if (
        typeof data.atMs !== 'number' ||
        !Number.isFinite(data.atMs) ||
        data.atMs < 0 ||
        data.atMs > 7 * 24 * 3_600_000
      ) {
        return fail('"seek" needs "atMs", a number of virtual milliseconds between 0 and 7 days');
      }
      return { ok: true, request: { type: 'seek', ...base, atMs: Math.floor(data.atMs) } };
    case 'subscribe': {
      const events = data.events;
      if (
        !Array.isArray(events) ||
        events.length === 0 ||
        !events.every((e) => (SUBSCRIPTIONS as readonly unknown[]).includes(e))
      ) {
        return fail(`"subscribe" needs "events", a list of ${SUBSCRIPTIONS.join(', ')}`);
      }
      return {
        ok: true,
        request: { type: 'subscribe', ...base, events: [...new Set(events as Subscription[])] },
      };
    }
    default:
      return fail(
        `unknown message type ${JSON.stringify(typeof data.type === 'string' ? data.type.slice(0, 50) : data.type)}`,
      );
  }
}
