import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  pinnedPod,
  serviceFor,
  TEMPLATE_KINDS,
  templateBaseName,
  templateManifest,
  uniqueName,
} from './templates';

describe('templates', () => {
  it('gives every kind a parseable manifest of that kind and name', () => {
    for (const kind of TEMPLATE_KINDS) {
      const object = parse(templateManifest(kind, `x-${kind.toLowerCase()}`)) as {
        kind: string;
        metadata: { name: string };
      };
      expect(object.kind).toBe(kind);
      expect(object.metadata.name).toBe(`x-${kind.toLowerCase()}`);
    }
  });

  it('names uniquely', () => {
    expect(uniqueName('web', ['web', 'web-2'])).toBe('web-3');
    expect(uniqueName(templateBaseName('Job'), [])).toBe('task');
  });

  it('builds a Service for a selector and a pod pinned to a node', () => {
    const svc = parse(serviceFor('web', 'default', { app: 'web', tier: '1' })) as {
      spec: { selector: Record<string, string> };
    };
    expect(svc.spec.selector).toEqual({ app: 'web', tier: '1' });
    const pod = parse(pinnedPod('pinned', 'worker-2')) as {
      spec: { nodeSelector: Record<string, string> };
    };
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'worker-2' });
  });
});
