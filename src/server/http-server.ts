/**
 * `k8s-explorer serve`'s transport: the simulated apiserver's `handle()` behind node:http on
 * loopback, so real kubectl and client libraries drive the simulation. This file only translates:
 * HTTP in, ApiRequest to the handler, ApiResponse back out (a JSON body, a text body, or a chunked
 * stream of watch events). It also drives virtual time in real time, so timers run and watch
 * events flush while clients wait.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiHandler, ApiRequest, ApiResponse, Status } from '../sim/api/types.ts';
import { toApiRequest } from './request.ts';
import {
  SIM_PREFIX,
  clockRoutes,
  handleSimRequest,
  type SimRoute,
  type SimulationControl,
} from './sim-routes.ts';
import { DEFAULT_MAX_BODY_BYTES, internalError, tooManyRequests } from './status.ts';
import { streamWatch } from './watch.ts';

export interface StartServerOptions {
  /** The simulated apiserver (or anything that answers ApiRequests). */
  handler: ApiHandler;
  /** The simulation's time controls; without one, virtual time does not move on its own. */
  runner?: SimulationControl;
  /** Loopback by default: the simulation has no authentication. */
  host?: string;
  /** 6443 like a kubeadm apiserver; 0 picks a free port. */
  port?: number;
  /** Real milliseconds between clock ticks (default 20). */
  tickIntervalMs?: number;
  /** Request body limit in bytes (default 3 MiB, the apiserver's `--max-request-bytes`). */
  maxBodyBytes?: number;
  /** Open watches allowed at once before 429 TooManyRequests (default 1000). */
  maxWatches?: number;
  /** Longest request header block in bytes (default 32 KiB). */
  maxHeaderBytes?: number;
  /** Keep-alive idle timeout for non-watch connections in ms (default 30 s). */
  idleTimeoutMs?: number;
  /** Extra `/sim/v1` routes (nodes, faults...) besides the built-in clock routes. */
  simRoutes?: SimRoute[];
  /** Where to report handler failures (default: nowhere). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port`, the value for a kubeconfig's `server:`. */
  url: string;
  host: string;
  port: number;
  /** Number of watches being streamed now. */
  openWatches(): number;
  /** Stops the clock ticker, ends every watch, closes every connection. */
  close(): Promise<void>;
}

/** Starts the HTTP facade; resolves once it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxWatches = options.maxWatches ?? 1000;
  const log = options.log ?? (() => {});
  const runner = options.runner;
  const simRoutes = [...(runner ? clockRoutes(runner) : []), ...(options.simRoutes ?? [])];
  const stopWatches = new Set<{ stop: () => void }>();
  const sockets = new Set<Socket>();

  // Virtual time follows real time: each tick hands the real elapsed milliseconds to the runner,
  // which scales them by the speed while playing and always runs due timers (watch deliveries).
  // Whole milliseconds only (the fraction carries over): virtual time stays integral.
  let lastTick = performance.now();
  const tick = () => {
    const now = performance.now();
    const elapsed = Math.floor(now - lastTick);
    lastTick += elapsed;
    if (!runner) return;
    try {
      runner.tick(elapsed);
    } catch (error) {
      log(`clock tick failed: ${stack(error)}`);
    }
  };
  const ticker = setInterval(tick, options.tickIntervalMs ?? 20);
  ticker.unref();

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed = await toApiRequest(req, maxBodyBytes);
    if (!parsed.ok) {
      // The rest of an oversized body is not read: close the connection after answering.
      if (parsed.status.code === 413) res.setHeader('Connection', 'close');
      sendJson(res, parsed.status.code, parsed.status);
      return;
    }
    const request = parsed.request;
    if (request.path === SIM_PREFIX || request.path.startsWith(`${SIM_PREFIX}/`)) {
      const answer = handleSimRequest(simRoutes, request);
      sendJson(res, answer.status, answer.body);
      return;
    }
    if (request.query?.watch === 'true' || request.query?.watch === '1') {
      if (stopWatches.size >= maxWatches) {
        const status = tooManyRequests(
          `too many open watches (limit ${maxWatches}), please try again later`,
        );
        res.setHeader('Retry-After', '1');
        sendJson(res, 429, status);
        return;
      }
    }
    const response = callHandler(options.handler, request, log);
    if (response.watch) {
      // Registered before streaming starts: a watch that is already closed ends synchronously.
      const entry = { stop: () => {} };
      stopWatches.add(entry);
      entry.stop = streamWatch(res, response, () => stopWatches.delete(entry));
    } else {
      sendResponse(res, response);
    }
    // Run what the request made due (e.g. watch deliveries) without waiting for the next tick.
    setImmediate(tick);
  };

  const server: Server = createServer(
    { maxHeaderSize: options.maxHeaderBytes ?? 32 * 1024 },
    (req, res) => {
      handleRequest(req, res).catch((error: unknown) => {
        log(`request failed: ${stack(error)}`);
        if (!res.headersSent) sendJson(res, 500, internalError(String(error)));
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = options.idleTimeoutMs ?? 30_000;
  // Bounds a slow client's upload; watches are responses, so they are not cut by it.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that sends garbage gets a 400 and the socket closes; it never takes the server down.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 6443, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    openWatches: () => stopWatches.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        for (const entry of [...stopWatches]) entry.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Calls the handler; a throw (a bug) becomes a 500 Status instead of a dropped connection. */
function callHandler(
  handler: ApiHandler,
  request: ApiRequest,
  log: (line: string) => void,
): ApiResponse {
  try {
    return handler.handle(request);
  } catch (error) {
    log(`handler threw on ${request.method} ${request.path}: ${stack(error)}`);
    const status: Status = internalError(error instanceof Error ? error.message : String(error));
    return { status: 500, body: status };
  }
}

/** Writes a non-watch ApiResponse: strings as text/plain (healthz), everything else as JSON. */
export function sendResponse(res: ServerResponse, response: ApiResponse): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (typeof response.body === 'string') {
    if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.statusCode = response.status;
    res.end(response.body);
    return;
  }
  sendJson(res, response.status, response.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.statusCode = status;
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-cache, private');
  res.end(text);
}

function stack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
