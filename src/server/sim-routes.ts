/**
 * Simulation controls over HTTP, on `/sim/v1/...`: outside the Kubernetes API, so no Kubernetes
 * client ever reaches them by accident. The clock routes are built in; more routes (nodes, faults)
 * plug in through `SimRoute` without touching the HTTP server.
 */
import type { ApiRequest, Status } from '../sim/api/types.ts';
import { MAX_SPEED, MIN_SPEED } from '../sim/runner.ts';
import { badRequest, failureStatus } from './status.ts';

/** The prefix of every simulation-control path. */
export const SIM_PREFIX = '/sim/v1';

/** What the clock routes need from the running simulation. */
export interface SimulationControl {
  /** Virtual now (ms since the epoch), whether time flows on its own, and at what speed. */
  state(): { now: number; playing: boolean; speed: number };
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** Jumps to the next pending timer and runs what is due then. */
  step(): void;
  /** Moves virtual time forward by `ms`, running every timer on the way. */
  advance(ms: number): void;
  /** Called by the server in real time: advances virtual time by `wallMs * speed` while playing. */
  tick(wallMs: number): void;
}

/** The answer of a simulation route: a JSON body and an HTTP status. */
export interface SimResponse {
  status: number;
  body: unknown;
}

/**
 * One simulation route. `path` is relative to `/sim/v1` (e.g. `/clock`, `/nodes/worker-1/fail`);
 * a RegExp is matched against that relative path. The extension point for later controls.
 */
export interface SimRoute {
  method: ApiRequest['method'];
  path: string | RegExp;
  handle(request: ApiRequest, match: RegExpMatchArray | null): SimResponse;
}

/** The built-in routes: GET and POST `/sim/v1/clock`, and the route index `GET /sim/v1`. */
export function clockRoutes(control: SimulationControl): SimRoute[] {
  const clockState = () => {
    const { now, playing, speed } = control.state();
    return { now, time: new Date(now).toISOString(), playing, speed };
  };
  return [
    { method: 'GET', path: '/clock', handle: () => ({ status: 200, body: clockState() }) },
    {
      method: 'POST',
      path: '/clock',
      handle: (request) => {
        const error = applyClockAction(control, request.body);
        if (error) return { status: error.code, body: error };
        return { status: 200, body: clockState() };
      },
    },
  ];
}

function applyClockAction(control: SimulationControl, body: unknown): Status | undefined {
  if (typeof body !== 'object' || body === null)
    return badRequest('expected a JSON object such as {"action": "play"}');
  const { action, ms, speed } = body as { action?: unknown; ms?: unknown; speed?: unknown };
  if (speed !== undefined) {
    if (typeof speed !== 'number' || !(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
      return invalid(
        `speed: Invalid value: ${JSON.stringify(speed)}: must be between ${MIN_SPEED} and ${MAX_SPEED}`,
      );
    }
    control.setSpeed(speed);
  }
  switch (action) {
    case undefined:
      if (speed === undefined) return invalid('action: Required value');
      return undefined;
    case 'play':
      control.play();
      return undefined;
    case 'pause':
      control.pause();
      return undefined;
    case 'step':
      control.step();
      return undefined;
    case 'advance':
      // A day is plenty for one request; longer jumps are loops of requests, which keeps the
      // server responsive while a large backlog of timers runs.
      if (typeof ms !== 'number' || !(ms >= 0 && ms <= 86_400_000)) {
        return invalid(`ms: Invalid value: ${JSON.stringify(ms)}: must be between 0 and 86400000`);
      }
      control.advance(ms);
      return undefined;
    default:
      return invalid(
        `action: Unsupported value: ${JSON.stringify(action)}: supported values: "play", "pause", "step", "advance"`,
      );
  }
}

function invalid(message: string): Status {
  return failureStatus(422, 'Invalid', message);
}

/** Finds and runs the route for a `/sim/v1` request; a 404 or 405 Status when there is none. */
export function handleSimRequest(routes: readonly SimRoute[], request: ApiRequest): SimResponse {
  const relative = request.path.slice(SIM_PREFIX.length) || '/';
  if (relative === '/' && request.method === 'GET') {
    const paths = routes.map(
      (route) =>
        `${route.method} ${SIM_PREFIX}${typeof route.path === 'string' ? route.path : route.path.source}`,
    );
    return { status: 200, body: { routes: paths } };
  }
  let pathMatched = false;
  for (const route of routes) {
    const match =
      typeof route.path === 'string'
        ? route.path === relative
          ? null
          : undefined
        : (relative.match(route.path) ?? undefined);
    if (match === undefined) continue;
    pathMatched = true;
    if (route.method === request.method) return route.handle(request, match);
  }
  const status = pathMatched
    ? failureStatus(
        405,
        'MethodNotAllowed',
        `${request.method} is not supported on ${request.path}`,
      )
    : failureStatus(
        404,
        'NotFound',
        `the server could not find the requested resource (${request.path})`,
      );
  return { status: status.code, body: status };
}
