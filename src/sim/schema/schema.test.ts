import { describe, expect, it } from 'vitest';
import { checkAgainstSchema, definitionName } from './index.ts';

describe('bundled Kubernetes schema', () => {
  it('maps group/version/kind to definitions', () => {
    expect(definitionName('apps', 'v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(definitionName('', 'v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(definitionName('batch', 'v1beta1', 'CronJob')).toBeUndefined();
  });

  it('finds unknown fields with their paths, and nothing in a valid object', () => {
    const name = definitionName('apps', 'v1', 'Deployment')!;
    const valid = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx', resources: { requests: { cpu: 1, memory: '64Mi' } } },
            ],
          },
        },
      },
    };
    expect(checkAgainstSchema(valid, name)).toEqual({ unknownFields: [], typeErrors: [] });
    const bad = structuredClone(valid);
    Object.assign(bad.spec.template.spec.containers[0], { imagePolicy: 'x' });
    Object.assign(bad.spec, { replicaz: 3 });
    // Document order: the template comes before the key added last to spec.
    expect(checkAgainstSchema(bad, name).unknownFields).toEqual([
      'spec.template.spec.containers[0].imagePolicy',
      'spec.replicaz',
    ]);
  });

  it('reports values of the wrong type as the Go decoder does', () => {
    const name = definitionName('apps', 'v1', 'Deployment')!;
    const problems = checkAgainstSchema({ spec: { replicas: 'three', paused: 'yes' } }, name);
    expect(problems.typeErrors).toEqual([
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ]);
  });
});
