/**
 * Request bodies an in-process client built for one request and hands over, never to touch them
 * again (like a transferable in postMessage): the apiserver may store such a body itself instead
 * of a private copy. Only a body that shares nothing mutable with anything else may be handed
 * over: the apiserver defaults and stamps it in place. Requests over HTTP or the Worker's port
 * never carry one (their bodies are decoded copies anyway).
 */
const handedOver = new WeakSet<object>();

/** Marks `body` as handed over to the apiserver with the next request that carries it. */
export function handOver<T extends object>(body: T): T {
  handedOver.add(body);
  return body;
}

/** Whether `body` was handed over (answered once: the mark is taken with it). */
export function takeOver(body: unknown): boolean {
  return typeof body === 'object' && body !== null && handedOver.delete(body);
}
