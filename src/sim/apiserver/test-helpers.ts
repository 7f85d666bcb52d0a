/**
 * Helpers for the apiserver's tests: a server on a virtual clock and a tiny synchronous client.
 */
import { VirtualClock } from '../clock.ts';
import { createRng } from '../rng.ts';
import type { ApiRequest, ApiResponse, KubeObject, WatchEvent } from '../api/types.ts';
import { createApiServer, type ApiServer, type ApiServerOptions } from './apiserver.ts';

export interface TestServer {
  clock: VirtualClock;
  server: ApiServer;
  req(
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    extra?: Partial<ApiRequest>,
  ): ApiResponse;
  /** Body of a successful response; throws with the Status message otherwise. */
  ok<T = KubeObject>(
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    extra?: Partial<ApiRequest>,
  ): T;
  /** Opens a watch and collects its events. */
  watch(
    path: string,
    query?: Record<string, string>,
    accept?: string,
  ): { events: WatchEvent[]; closed: () => boolean; stop(): void; response: ApiResponse };
}

/** A fresh apiserver with frozen stored objects, seed 1. */
export function testServer(options: Partial<ApiServerOptions> = {}): TestServer {
  const clock = new VirtualClock();
  const server = createApiServer({ clock, rng: createRng(1), freezeObjects: true, ...options });
  const req = (
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    extra: Partial<ApiRequest> = {},
  ) => {
    const [p, q] = path.split('?');
    const query: Record<string, string> = { ...(extra.query ?? {}) };
    if (q)
      for (const part of q.split('&')) {
        const [k, v] = part.split('=');
        query[decodeURIComponent(k)] = decodeURIComponent(v ?? '');
      }
    return server.handle({ method, path: p, body, user: 'test', ...extra, query });
  };
  return {
    clock,
    server,
    req,
    ok(method, path, body, extra) {
      const r = req(method, path, body, extra);
      if (r.status >= 300)
        throw new Error(
          `${method} ${path}: ${r.status} ${(r.body as { message?: string }).message}`,
        );
      return r.body as never;
    },
    watch(path, query = {}, accept) {
      const response = req('GET', path, undefined, { query: { watch: 'true', ...query }, accept });
      const events: WatchEvent[] = [];
      let closed = false;
      response.watch?.onEvent((e) => events.push(e));
      response.watch?.onClose(() => (closed = true));
      return { events, closed: () => closed, stop: () => response.watch?.stop(), response };
    },
  };
}

/** A minimal valid pod. */
export function podManifest(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    ...extra,
  };
}

/** A minimal valid deployment. */
export function deploymentManifest(name: string, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
      },
    },
  };
}
