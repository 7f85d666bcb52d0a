import { describe, expect, it } from 'vitest';
import {
  configMapVolumeFiles,
  decodeBase64,
  projectedVolumeFiles,
  secretVolumeFiles,
} from './projected-files.ts';

const cm = { metadata: { name: 'app' }, data: { 'app.conf': 'port=80', mode: 'prod' } };

describe('projected files', () => {
  it('shows every key, or only items with their paths and modes', () => {
    expect(configMapVolumeFiles({ name: 'app' }, cm).files).toEqual([
      { path: 'app.conf', content: 'port=80', mode: 0o644 },
      { path: 'mode', content: 'prod', mode: 0o644 },
    ]);
    expect(
      configMapVolumeFiles(
        {
          name: 'app',
          defaultMode: 0o400,
          items: [{ key: 'mode', path: 'env/mode', mode: 0o600 }],
        },
        cm,
      ).files,
    ).toEqual([{ path: 'env/mode', content: 'prod', mode: 0o600 }]);
  });
  it('reports missing objects and keys unless optional', () => {
    expect(configMapVolumeFiles({ name: 'nope' }, undefined).error).toBe(
      'configmap "nope" not found',
    );
    expect(configMapVolumeFiles({ name: 'nope', optional: true }, undefined)).toEqual({
      files: [],
    });
    expect(configMapVolumeFiles({ name: 'app', items: [{ key: 'x', path: 'x' }] }, cm).error).toBe(
      'configmap references non-existent config key: x',
    );
    expect(secretVolumeFiles({ secretName: 's' }, undefined).error).toBe('secret "s" not found');
  });
  it('decodes secret data', () => {
    expect(decodeBase64('aGVsbG8gd8O2cmxk')).toBe('hello wörld');
    expect(
      secretVolumeFiles(
        { secretName: 's' },
        { metadata: { name: 's' }, data: { password: 'czNjcjN0' } },
      ).files,
    ).toEqual([{ path: 'password', content: 's3cr3t', mode: 0o644 }]);
    const projected = projectedVolumeFiles(
      {
        sources: [
          { configMap: { name: 'app', items: [{ key: 'mode', path: 'mode' }] } },
          { secret: { name: 's' } },
        ],
      },
      { configMap: () => cm, secret: () => ({ metadata: { name: 's' }, data: { token: 'dG9r' } }) },
    );
    expect(projected.files.map((f) => `${f.path}=${f.content}`)).toEqual([
      'mode=prod',
      'token=tok',
    ]);
  });
});
