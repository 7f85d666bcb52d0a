import { describe, expect, it } from 'vitest';
import { parsePath } from './request-path.ts';

const namespaced = (_g: string, _v: string, resource: string) =>
  resource === 'pods' || resource === 'deployments';

describe('parsePath', () => {
  it('splits namespaced resource paths with name and subresource', () => {
    expect(parsePath('/api/v1/namespaces/default/pods/web-0/status', namespaced)).toEqual({
      type: 'resource',
      path: {
        group: '',
        version: 'v1',
        namespace: 'default',
        resource: 'pods',
        name: 'web-0',
        subresource: 'status',
        watchPrefix: false,
      },
    });
    expect(parsePath('/apis/apps/v1/namespaces/ns/deployments', namespaced)).toEqual({
      type: 'resource',
      path: {
        group: 'apps',
        version: 'v1',
        namespace: 'ns',
        resource: 'deployments',
        name: undefined,
        subresource: undefined,
        watchPrefix: false,
      },
    });
  });

  it('tells a namespace subresource from a namespaced collection', () => {
    const parsed = parsePath('/api/v1/namespaces/kube-system/status', namespaced);
    expect(parsed).toEqual({
      type: 'resource',
      path: {
        group: '',
        version: 'v1',
        resource: 'namespaces',
        name: 'kube-system',
        subresource: 'status',
        watchPrefix: false,
      },
    });
  });

  it('ignores empty segments and decodes percent escapes', () => {
    const parsed = parsePath('//api//v1/nodes/a%3Ab/', namespaced);
    expect(parsed).toEqual({
      type: 'resource',
      path: {
        group: '',
        version: 'v1',
        resource: 'nodes',
        name: 'a:b',
        subresource: undefined,
        watchPrefix: false,
      },
    });
    expect(parsePath('/api/v1/nodes/%E0%A4%A', namespaced)).toMatchObject({
      path: { name: '%E0%A4%A' },
    });
  });

  it('knows groups, group versions, the watch prefix and paths that are too long', () => {
    expect(parsePath('/apis/apps', namespaced)).toEqual({ type: 'group', group: 'apps' });
    expect(parsePath('/apis/apps/v1', namespaced)).toEqual({
      type: 'groupVersion',
      group: 'apps',
      version: 'v1',
    });
    expect(parsePath('/api/v1', namespaced)).toEqual({
      type: 'groupVersion',
      group: '',
      version: 'v1',
    });
    expect(parsePath('/api/v1/watch/namespaces/default/pods', namespaced)).toMatchObject({
      type: 'resource',
      path: { resource: 'pods', namespace: 'default', watchPrefix: true },
    });
    expect(parsePath('/api/v1/watch', namespaced)).toEqual({ type: 'none' });
    expect(parsePath('/api', namespaced)).toEqual({ type: 'none' });
    expect(parsePath('/apis', namespaced)).toEqual({ type: 'none' });
    expect(parsePath('/healthz', namespaced)).toEqual({ type: 'none' });
    expect(parsePath('/api/v1/namespaces/a/pods/b/c/d', namespaced)).toEqual({ type: 'none' });
    expect(parsePath('/api/v1/nodes/a/b/c', namespaced)).toEqual({ type: 'none' });
  });
});
