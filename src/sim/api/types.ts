/**
 * The one interface of the simulation: a Kubernetes REST request and its response.
 * Every transport (Worker messages, HTTP, the in-process client of the simulated components)
 * carries exactly these shapes to `ApiServer.handle`.
 */

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path without query, e.g. `/api/v1/namespaces/default/pods/web-0`. */
  path: string;
  /** Query parameters, already decoded (`watch`, `labelSelector`, `dryRun`, `fieldManager`...). */
  query?: Record<string, string>;
  /** Parsed JSON body (create, update, patch, delete options, eviction, binding). */
  body?: unknown;
  /** Content-Type; decides the patch type for PATCH. */
  contentType?: string;
  /** Accept header; `as=Table` asks for a server-side Table, aggregated discovery is negotiated here. */
  accept?: string;
  /** The client's identity (user agent / field manager), used to attribute every change. */
  user?: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Present on a successful watch request: the stream of events. */
  watch?: WatchStream;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** A watch: events are delivered asynchronously (on the virtual clock), never during the write. */
export interface WatchStream {
  /** Registers the listener; events before registration are buffered and delivered to it. */
  onEvent(listener: (event: WatchEvent) => void): void;
  /** Called once when the server ends the watch (timeout, 410, shutdown). */
  onClose(listener: () => void): void;
  /** Ends the watch from the client side. */
  stop(): void;
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status, the body of every error response. */
export interface Status extends KubeObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ObjectMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** The handler every transport calls. Synchronous: the simulation is single-threaded and deterministic. */
export interface ApiHandler {
  handle(request: ApiRequest): ApiResponse;
}
