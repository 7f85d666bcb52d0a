/**
 * The in-process client of the simulated components (scheduler, controllers, kubelets,
 * kube-proxies). It calls the apiserver's handler directly and synchronously, under the
 * component's own name, so every change is attributed to whoever made it.
 */
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  KubeObject,
  Status,
  WatchStream,
} from './api/types.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; status: Status };

/** Builds a REST path: `apiPath('apps/v1', 'deployments', 'default', 'web', 'scale')`. */
export function apiPath(
  apiVersion: string,
  resource: string,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}

function toResult<T>(response: ApiResponse): Result<T> {
  if (response.status >= 200 && response.status < 300)
    return { ok: true, value: response.body as T };
  return { ok: false, status: response.body as Status };
}

/** The Kubernetes protobuf media type (what the control-plane components and kubelets speak). */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The Accept header of a protobuf client (client-go's AcceptContentTypes for components). */
const PROTOBUF_ACCEPT = `${PROTOBUF_MEDIA_TYPE}, application/json`;

export interface SimClientOptions {
  /**
   * `protobuf` marks the requests as a typed Go client sends them (kube-scheduler, the
   * controller-manager and kubelets run with ContentType application/vnd.kubernetes.protobuf):
   * bodies built from Go structs carry no unknown fields and no wrongly typed values, so the
   * apiserver skips its JSON decoding checks for them. Default `json`, as kubectl and scripts.
   */
  encoding?: 'json' | 'protobuf';
}

export class SimClient {
  private readonly protobuf: boolean;
  /** `fieldManager=<user>`, shared by every write (the apiserver never changes a query). */
  private readonly managerQuery: Record<string, string>;

  constructor(
    private readonly api: ApiHandler,
    /** The component's identity (user agent and field manager), e.g. `kube-scheduler`. */
    readonly user: string,
    options: SimClientOptions = {},
  ) {
    this.protobuf = options.encoding === 'protobuf';
    this.managerQuery = Object.freeze({ fieldManager: user }) as Record<string, string>;
  }

  /** Sends a raw request under this client's identity. */
  request(req: ApiRequest): ApiResponse {
    return this.send({ ...req });
  }

  /** Sends a request object this client made itself (stamped in place, not copied). */
  private send(req: ApiRequest): ApiResponse {
    req.user = this.user;
    if (this.protobuf) {
      if (req.accept === undefined) req.accept = PROTOBUF_ACCEPT;
      // Patches keep their patch media type; created and replaced objects travel as protobuf.
      if (req.contentType === undefined && (req.method === 'POST' || req.method === 'PUT'))
        req.contentType = PROTOBUF_MEDIA_TYPE;
    }
    return this.api.handle(req);
  }

  get<T extends KubeObject>(path: string): Result<T> {
    return toResult(this.send({ method: 'GET', path }));
  }

  list<T extends KubeObject>(
    path: string,
    query?: Record<string, string>,
  ): Result<{ items: T[]; metadata: { resourceVersion?: string } }> {
    return toResult(this.send({ method: 'GET', path, query }));
  }

  create<T extends KubeObject>(path: string, body: T): Result<T> {
    return toResult(this.send({ method: 'POST', path, body, query: this.managerQuery }));
  }

  update<T extends KubeObject>(path: string, body: T): Result<T> {
    return toResult(this.send({ method: 'PUT', path, body, query: this.managerQuery }));
  }

  /** Patches with a JSON merge patch (default) or another patch type. */
  patch<T extends KubeObject>(
    path: string,
    patch: unknown,
    contentType = 'application/merge-patch+json',
  ): Result<T> {
    return toResult(
      this.send({
        method: 'PATCH',
        path,
        body: patch,
        contentType,
        query: this.managerQuery,
      }),
    );
  }

  delete(
    path: string,
    options?: {
      propagationPolicy?: string;
      gracePeriodSeconds?: number;
      preconditions?: { uid?: string; resourceVersion?: string };
    },
  ): Result<KubeObject> {
    return toResult(
      this.send({
        method: 'DELETE',
        path,
        body: options ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
      }),
    );
  }

  /** Starts a watch; undefined with the Status when the server refuses. */
  watch(path: string, query: Record<string, string>): Result<WatchStream> {
    const response = this.send({ method: 'GET', path, query: { ...query, watch: 'true' } });
    if (response.watch) return { ok: true, value: response.watch };
    return { ok: false, status: response.body as Status };
  }
}
