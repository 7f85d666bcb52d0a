/**
 * The create-only review resources a real apiserver answers without storing anything
 * (pkg/registry/authorization/selfsubjectaccessreview, pkg/registry/authentication/selfsubjectreview):
 * `kubectl auth can-i` and `kubectl auth whoami` work against the simulation, where every user may
 * do everything (no RBAC enforcement is simulated).
 */
import type { ApiRequest, ApiResponse, KubeObject } from '../api/types.ts';
import type { ApiService } from './apiserver-types.ts';
import type { ResourceInfo } from './resources.ts';
import type { ResourcePath } from './request-path.ts';
import { badRequest, methodNotSupported, respond } from './status.ts';
import { isObject } from './object-util.ts';

function reviewResource(group: string, resource: string, kind: string): ResourceInfo {
  return {
    group,
    version: 'v1',
    resource,
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced: false,
    verbs: ['create'],
    shortNames: [],
    categories: [],
    subresources: [],
    etcdPrefix: '',
    generation: false,
    preferred: true,
  };
}

function review(
  req: ApiRequest,
  path: ResourcePath,
  expected: string,
  answer: (body: KubeObject, user: string) => KubeObject,
): ApiResponse {
  if (path.resource !== expected || path.name !== undefined)
    return respond(badRequest(`the server could not find the requested resource`));
  if (req.method !== 'POST')
    return respond(methodNotSupported(path.group, path.resource, req.method.toLowerCase()));
  if (!isObject(req.body))
    return respond(
      badRequest(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      ),
    );
  return { status: 201, body: answer(req.body as KubeObject, req.user ?? 'kubernetes-admin') };
}

/** authorization.k8s.io/v1 SelfSubjectAccessReview: everything is allowed. */
export const authorizationApi: ApiService = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resources: [
    reviewResource('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  ],
  handle: (req, path) =>
    review(req, path, 'selfsubjectaccessreviews', (body) => ({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec: body.spec ?? {},
      status: { allowed: true, reason: 'the simulation does not enforce RBAC' },
    })),
};

/** authentication.k8s.io/v1 SelfSubjectReview: the caller is a cluster admin. */
export const authenticationApi: ApiService = {
  group: 'authentication.k8s.io',
  version: 'v1',
  resources: [reviewResource('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview')],
  handle: (req, path) =>
    review(req, path, 'selfsubjectreviews', () => ({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      status: {
        userInfo: {
          username: 'kubernetes-admin',
          groups: ['kubeadm:cluster-admins', 'system:authenticated'],
        },
      },
    })),
};
