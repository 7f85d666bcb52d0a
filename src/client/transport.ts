/**
 * A transport carries Kubernetes API requests to a server and brings back responses and watch
 * events. The browser uses the cluster Worker's message port; other hosts can use HTTP.
 */
import type { ApiRequest, WatchEvent } from '../sim/api/types';
import type { WireResponse } from '../worker/protocol';

export type { WireResponse };

export interface WatchHandlers {
  /** Called with every event in order. */
  onEvent(event: WatchEvent): void;
  /** Called once when the watch ends for any reason other than `stop()`. */
  onClose?(): void;
}

export interface WatchHandle {
  /** Resolves with the server's answer to the watch request (200 when the stream opened). */
  ready: Promise<WireResponse>;
  stop(): void;
}

export interface Transport {
  request(request: ApiRequest): Promise<WireResponse>;
  watch(request: ApiRequest, handlers: WatchHandlers): WatchHandle;
}
