import { afterAll, describe, expect, it } from 'vitest';
import { handleOpenApi, provideComponentSchemas } from '../sim/apiserver/openapi/index.ts';
import { BUILTIN_RESOURCES } from '../sim/apiserver/resources.ts';
import { generateComponentSchemas } from './openapi-schemas.ts';

describe('generateComponentSchemas', async () => {
  const schemas = (await generateComponentSchemas())!;
  afterAll(() => provideComponentSchemas(undefined));

  it('tags every kind with its group-version-kind, as kubectl explain looks them up', () => {
    expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Pod' },
    ]);
    expect(
      schemas['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
    ).toBeDefined();
  });

  it('keeps the field documentation, types and required fields', () => {
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'] as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(spec.properties.replicas).toMatchObject({
      type: 'integer',
      description: expect.stringContaining('Number of desired pods'),
    });
    expect(spec.properties.template).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }],
    });
    expect(spec.required).toEqual(['selector', 'template']);
    const rolling = schemas['io.k8s.api.apps.v1.RollingUpdateDeployment'] as {
      properties: Record<string, unknown>;
    };
    expect(rolling.properties.maxSurge).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }],
    });
  });

  it('carries the strategic-merge metadata', () => {
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'] as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(podSpec.properties.containers).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(podSpec.properties.volumes).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    });
    expect(podSpec.properties.tolerations['x-kubernetes-patch-strategy']).toBeUndefined();
  });

  it('makes group-version documents whose every $ref resolves', () => {
    provideComponentSchemas(schemas);
    for (const key of [
      'api/v1',
      'apis/apps/v1',
      'apis/networking.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
    ]) {
      const doc = handleOpenApi({ method: 'GET', path: `/openapi/v3/${key}` }, BUILTIN_RESOURCES)
        .body as { components: { schemas: Record<string, unknown> } };
      const refs = new Set(
        [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
          (m) => m[1],
        ),
      );
      for (const name of refs)
        expect(doc.components.schemas[name], `${key}: ${name}`).toBeDefined();
    }
  });
});
