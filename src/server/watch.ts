/**
 * Streams a watch the way the apiserver does for JSON clients: HTTP 200, chunked transfer, one
 * `{"type": ..., "object": ...}` document per line, each written (and so flushed) as soon as the
 * simulation delivers it. The stream ends when the server closes the watch (timeout, 410 Expired
 * sent as an ERROR event, shutdown) or when the client goes away, which stops the WatchStream.
 */
import type { ServerResponse } from 'node:http';
import type { ApiResponse, WatchEvent } from '../sim/api/types.ts';

/** Bytes a slow client may leave unread before its watch is dropped (it will re-list and re-watch). */
export const MAX_UNREAD_WATCH_BYTES = 16 * 1024 * 1024;

/**
 * Starts streaming `response.watch` into `res`. Returns the function that ends the stream from
 * the server side; `onEnd` runs exactly once, however the stream ends.
 */
export function streamWatch(
  res: ServerResponse,
  response: ApiResponse,
  onEnd: () => void,
): () => void {
  const watch = response.watch;
  if (!watch) throw new Error('streamWatch needs a watch response');
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    watch.stop();
    if (!res.writableEnded && !res.destroyed) res.end();
    onEnd();
  };

  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  // Headers go out now: clients (kubectl get --watch) wait for them before reading events.
  res.flushHeaders();

  watch.onEvent((event: WatchEvent) => {
    if (ended) return;
    res.write(`${JSON.stringify(event)}\n`);
    if (res.writableLength > MAX_UNREAD_WATCH_BYTES) {
      res.destroy();
      end();
    }
  });
  watch.onClose(end);
  // The response's 'close' (not the request's, which fires once the request is read) tells that
  // the client went away.
  res.on('close', end);
  res.on('error', end);
  return end;
}
