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

export class SimClient {
  constructor(
    private readonly api: ApiHandler,
    /** The component's identity (user agent and field manager), e.g. `kube-scheduler`. */
    readonly user: string,
  ) {}

  /** Sends a raw request under this client's identity. */
  request(req: ApiRequest): ApiResponse {
    return this.api.handle({ ...req, user: this.user });
  }

  get<T extends KubeObject>(path: string): Result<T> {
    return toResult(this.request({ method: 'GET', path }));
  }

  list<T extends KubeObject>(
    path: string,
    query?: Record<string, string>,
  ): Result<{ items: T[]; metadata: { resourceVersion?: string } }> {
    return toResult(this.request({ method: 'GET', path, query }));
  }

  create<T extends KubeObject>(path: string, body: T): Result<T> {
    return toResult(
      this.request({ method: 'POST', path, body, query: { fieldManager: this.user } }),
    );
  }

  update<T extends KubeObject>(path: string, body: T): Result<T> {
    return toResult(
      this.request({ method: 'PUT', path, body, query: { fieldManager: this.user } }),
    );
  }

  /** Patches with a JSON merge patch (default) or another patch type. */
  patch<T extends KubeObject>(
    path: string,
    patch: unknown,
    contentType = 'application/merge-patch+json',
  ): Result<T> {
    return toResult(
      this.request({
        method: 'PATCH',
        path,
        body: patch,
        contentType,
        query: { fieldManager: this.user },
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
      this.request({
        method: 'DELETE',
        path,
        body: options ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
      }),
    );
  }

  /** Starts a watch; undefined with the Status when the server refuses. */
  watch(path: string, query: Record<string, string>): Result<WatchStream> {
    const response = this.request({ method: 'GET', path, query: { ...query, watch: 'true' } });
    if (response.watch) return { ok: true, value: response.watch };
    return { ok: false, status: response.body as Status };
  }
}
