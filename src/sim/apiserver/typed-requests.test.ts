import { describe, expect, it } from 'vitest';
import type { ApiRequest, KubeObject } from '../api/types.ts';
import { SimClient } from '../client.ts';
import { isTypedRequest } from './handlers.ts';
import { podManifest, testServer } from './test-helpers.ts';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function withUnknownField(name: string): KubeObject {
  const pod = podManifest(name);
  return { ...pod, spec: { ...(pod.spec as object), bogus: 1 } };
}

describe('typed (protobuf) requests', () => {
  it('recognises protobuf bodies and patches from protobuf clients only', () => {
    const base: ApiRequest = { method: 'POST', path: '/api/v1/namespaces/default/pods' };
    expect(isTypedRequest(base)).toBe(false);
    expect(isTypedRequest({ ...base, contentType: PROTOBUF })).toBe(true);
    // A JSON body is decoded as JSON whatever the client accepts back.
    expect(isTypedRequest({ ...base, accept: PROTOBUF })).toBe(false);
    const patch: ApiRequest = {
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/a/status',
      contentType: 'application/merge-patch+json',
    };
    expect(isTypedRequest(patch)).toBe(false);
    expect(isTypedRequest({ ...patch, accept: `${PROTOBUF}, application/json` })).toBe(true);
  });

  it('skips the decoding walk for typed bodies, keeps it for JSON and explicit fieldValidation', () => {
    const t = testServer();
    const path = '/api/v1/namespaces/default/pods';
    const json = t.req('POST', path, withUnknownField('json'));
    expect(json.status).toBe(201);
    expect(json.headers?.warning).toContain('unknown field \\"spec.bogus\\"');
    const typed = t.req('POST', path, withUnknownField('typed'), { contentType: PROTOBUF });
    expect(typed.status).toBe(201);
    expect(typed.headers?.warning).toBeUndefined();
    const strict = t.req('POST', path, withUnknownField('strict'), {
      contentType: PROTOBUF,
      query: { fieldValidation: 'Strict' },
    });
    expect(strict.status).toBe(400);
  });

  it('skips it for a component status patch, not for the same patch from a JSON client', () => {
    const t = testServer();
    t.ok('POST', '/api/v1/namespaces/default/pods', podManifest('p'));
    const path = '/api/v1/namespaces/default/pods/p/status';
    const body = { status: { phase: 'Running', bogus: true } };
    const json = t.req('PATCH', path, body, { contentType: 'application/merge-patch+json' });
    expect(json.headers?.warning).toContain('unknown field \\"status.bogus\\"');
    const typed = t.req('PATCH', path, body, {
      contentType: 'application/merge-patch+json',
      accept: `${PROTOBUF}, application/json`,
    });
    expect(typed.status).toBe(200);
    expect(typed.headers?.warning).toBeUndefined();
  });

  it('marks every request of a protobuf SimClient, and none of a default one', () => {
    const seen: ApiRequest[] = [];
    const api = { handle: (req: ApiRequest) => (seen.push(req), { status: 200, body: {} }) };
    new SimClient(api, 'kube-scheduler', { encoding: 'protobuf' }).create('/api/v1/x', {});
    new SimClient(api, 'kubelet', { encoding: 'protobuf' }).patch('/api/v1/x/y', {});
    new SimClient(api, 'admin').create('/api/v1/x', {});
    expect(seen.map(isTypedRequest)).toEqual([true, true, false]);
    expect(seen[1].contentType).toBe('application/merge-patch+json');
    expect(seen[0].user).toBe('kube-scheduler');
  });
});
