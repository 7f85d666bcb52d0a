/**
 * A KubectlEnv over HTTP with the global `fetch` (browsers, Node 20): requests go to a
 * Kubernetes-compatible server (`k8s-explorer serve`, or a `kubectl proxy`), watches read the
 * newline-delimited JSON stream. Used by the compatibility test against real kubectl.
 */
import type { ApiRequest, ApiResponse, WatchEvent } from '../../sim/api/types';
import type { KubectlEnv } from './types';

function url(base: string, req: ApiRequest): string {
  const q = new URLSearchParams(req.query ?? {}).toString();
  return `${base.replace(/\/$/, '')}${req.path}${q ? `?${q}` : ''}`;
}

function headersFor(req: ApiRequest): Record<string, string> {
  const h: Record<string, string> = {
    'User-Agent': `${req.user ?? 'kubectl'}/v1.32.4 (k8s-explorer)`,
  };
  if (req.accept) h.Accept = req.accept;
  if (req.body !== undefined) h['Content-Type'] = req.contentType ?? 'application/json';
  return h;
}

/** Creates an env whose requests and watches go to `baseUrl` over HTTP. */
export function httpEnv(baseUrl: string, options: Partial<KubectlEnv> = {}): KubectlEnv {
  return {
    nowMs: () => Date.now(),
    serverUrl: baseUrl,
    ...options,
    async request(req: ApiRequest): Promise<ApiResponse> {
      const res = await fetch(url(baseUrl, req), {
        method: req.method,
        headers: headersFor(req),
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      const text = await res.text();
      let body: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: res.status, body };
    },
    watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): () => void {
      const controller = new AbortController();
      void (async () => {
        try {
          const res = await fetch(url(baseUrl, req), {
            method: 'GET',
            headers: headersFor(req),
            signal: controller.signal,
          });
          const reader = res.body?.getReader();
          if (!reader) return;
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (line) onEvent(JSON.parse(line) as WatchEvent);
            }
          }
        } catch {
          // Aborted or the connection closed: the watch simply ends.
        }
      })();
      return () => controller.abort();
    },
  };
}
