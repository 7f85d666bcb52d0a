/**
 * A thin API client over the host's `request`: turns error responses into StatusError and
 * builds REST paths for resolved resources.
 */
import type { ApiRequest, KubeObject, Status } from '../../sim/api/types';
import { StatusError } from './errors';
import type { KubectlEnv } from './types';

/** The field manager / user agent kubectl's requests carry. */
export const KUBECTL_USER = 'kubectl';

/** Where a resource lives in the REST API. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

/** REST path of a collection or object: `/apis/apps/v1/namespaces/default/deployments/web/scale`. */
export function resourcePath(
  ref: ResourceRef,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  if (ref.namespaced && namespace) path += `/namespaces/${namespace}`;
  path += `/${ref.resource}`;
  if (name !== undefined) path += `/${name}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

function asStatus(status: number, body: unknown): Status {
  if (typeof body === 'object' && body !== null && (body as KubeObject).kind === 'Status')
    return body as Status;
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server responded with status ${status}${text ? `: ${text}` : ''}`,
    code: status,
  };
}

/** Calls the API and returns the body; throws StatusError for any status >= 400. */
export class ApiClient {
  constructor(private readonly env: KubectlEnv) {}

  async call<T = KubeObject>(req: ApiRequest): Promise<T> {
    const res = await this.env.request({ user: KUBECTL_USER, ...req });
    if (res.status >= 400) throw new StatusError(asStatus(res.status, res.body));
    return res.body as T;
  }

  /** Like `call` but returns undefined on 404. */
  async tryGet<T = KubeObject>(
    path: string,
    query?: Record<string, string>,
  ): Promise<T | undefined> {
    try {
      return await this.call<T>({ method: 'GET', path, query });
    } catch (e) {
      if (e instanceof StatusError && e.status.code === 404) return undefined;
      throw e;
    }
  }

  get<T = KubeObject>(path: string, query?: Record<string, string>, accept?: string): Promise<T> {
    return this.call<T>({ method: 'GET', path, query, accept });
  }

  create(path: string, body: unknown, query?: Record<string, string>): Promise<KubeObject> {
    return this.call({ method: 'POST', path, body, query, contentType: 'application/json' });
  }

  update(path: string, body: unknown, query?: Record<string, string>): Promise<KubeObject> {
    return this.call({ method: 'PUT', path, body, query, contentType: 'application/json' });
  }

  /** PATCH with `type` strategic | merge | json. */
  patch(
    path: string,
    type: 'strategic' | 'merge' | 'json',
    body: unknown,
    query?: Record<string, string>,
  ): Promise<KubeObject> {
    const contentType = {
      strategic: 'application/strategic-merge-patch+json',
      merge: 'application/merge-patch+json',
      json: 'application/json-patch+json',
    }[type];
    return this.call({ method: 'PATCH', path, body, contentType, query });
  }

  delete(path: string, body?: unknown, query?: Record<string, string>): Promise<KubeObject> {
    return this.call({
      method: 'DELETE',
      path,
      body,
      query,
      contentType: body ? 'application/json' : undefined,
    });
  }

  /** Accept header kubectl sends for `get`: a server-side Table, else plain JSON. */
  static readonly TABLE_ACCEPT =
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
}
