/**
 * A small Kubernetes client over any transport: requests, watches, and the identity (user agent)
 * every request carries so the apiserver can attribute changes to it.
 */
import type { ApiRequest, KubeObject, Status, WatchEvent } from '../sim/api/types';
import type { Transport, WireResponse } from './transport';

export interface WatchSubscription {
  /** Resolves with the server's answer to the watch request (200 when the stream opened). */
  ready: Promise<WireResponse>;
  stop(): void;
}

export interface KubeClient {
  /** Who this client is (sent as `user` on every request unless the request names one). */
  readonly user: string;
  request(request: ApiRequest): Promise<WireResponse>;
  /** Starts a watch; `onClose` runs if the server ends it. */
  watch(
    request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
    onClose?: () => void,
  ): WatchSubscription;
}

/** Creates a client that sends requests through `transport` as `user`. */
export function createKubeClient(transport: Transport, user = 'k8s-explorer-ui'): KubeClient {
  const withUser = (request: ApiRequest): ApiRequest =>
    request.user ? request : { ...request, user };
  return {
    user,
    request: (request) => transport.request(withUser(request)),
    watch(request, onEvent, onClose) {
      const query = { ...request.query, watch: 'true' };
      return transport.watch(withUser({ ...request, query }), { onEvent, onClose });
    },
  };
}

/** True when a response body is a metav1 Status. */
export function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as KubeObject).kind === 'Status';
}

/** The message of a failed response, as kubectl would print it. */
export function errorMessage(response: WireResponse): string {
  if (isStatus(response.body) && response.body.message) return response.body.message;
  return `the server responded with status ${response.status}`;
}
