import { describe, expect, it } from 'vitest';
import definitionsFile from '../../sim/schema/definitions.json';
import { kubernetesJsonSchema, type OpenApiDefinition } from './k8s-json-schema';

const definitions = (definitionsFile as { definitions: Record<string, OpenApiDefinition> })
  .definitions;
const schema = kubernetesJsonSchema(definitions) as {
  properties: { kind: { examples: string[] }; apiVersion: { examples: string[] } };
  allOf: {
    if: { properties: { apiVersion: { const: string }; kind: { const: string } } };
    then: { $ref: string };
  }[];
  definitions: Record<string, OpenApiDefinition>;
};

describe('kubernetesJsonSchema', () => {
  it('selects the definition by apiVersion and kind', () => {
    const deployment = schema.allOf.find(
      (c) =>
        c.if.properties.kind.const === 'Deployment' &&
        c.if.properties.apiVersion.const === 'apps/v1',
    );
    expect(deployment?.then.$ref).toBe('#/definitions/io.k8s.api.apps.v1.Deployment');
    expect(schema.properties.kind.examples).toContain('CronJob');
    expect(schema.properties.kind.examples).not.toContain('DeploymentList');
    expect(schema.properties.apiVersion.examples).toEqual(
      expect.arrayContaining(['v1', 'apps/v1', 'batch/v1']),
    );
  });

  it('closes objects so unknown fields are marked, but keeps maps and free-form fields open', () => {
    const spec = schema.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.additionalProperties).toBe(false);
    expect(spec.properties?.replicas?.markdownDescription).toMatch(/desired pods/i);
    const meta = schema.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];
    expect(meta.properties?.labels?.additionalProperties).toEqual({ type: 'string' });
    const requests = schema.definitions['io.k8s.api.core.v1.ResourceRequirements'].properties
      ?.requests?.additionalProperties as OpenApiDefinition;
    expect(requests.anyOf).toHaveLength(2);
  });

  it('has a definition for every reference', () => {
    const refs = JSON.stringify(schema).match(/"#\/definitions\/[^"]+"/g) ?? [];
    const missing = refs.map((r) => r.slice(15, -1)).filter((name) => !schema.definitions[name]);
    expect(missing).toEqual([]);
  });
});
