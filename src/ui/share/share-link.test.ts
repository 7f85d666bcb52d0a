import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import {
  MAX_SHARE_BYTES,
  decodeExperiment,
  encodeExperiment,
  shareUrl,
  shareValueFromHash,
  type SharedExperiment,
} from './share-link.ts';

const experiment: SharedExperiment = {
  files: [
    { name: 'web.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
  ],
  cluster: { workers: 3, controlPlanes: 1, seed: 42 },
  timeline: 'at 10s: stop node worker-2',
  atMs: 65_000,
  view: { lens: 'network', speed: 2 },
};

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('share links', () => {
  it('round-trips an experiment through the URL fragment', () => {
    const url = shareUrl('https://docs.example/explorer/?embed#old', experiment);
    expect(url.startsWith('https://docs.example/explorer/?embed#x=1.')).toBe(true);
    const value = shareValueFromHash(new URL(url).hash);
    expect(value).toBeDefined();
    expect(decodeExperiment(value!)).toEqual({ ok: true, experiment });
  });

  it('round-trips arbitrary text, including hostile strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (text, name) => {
        const e = { ...experiment, files: [{ name, text }] };
        expect(decodeExperiment(encodeExperiment(e))).toEqual({ ok: true, experiment: e });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a link from a future format with a clear reason', () => {
    const result = decodeExperiment('7.' + encodeExperiment(experiment).split('.')[1]);
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('newer version of k8s-explorer (link format 7'),
    });
  });

  it('refuses truncated, corrupted and foreign links', () => {
    const value = encodeExperiment(experiment);
    const truncated = decodeExperiment(value.slice(0, Math.floor(value.length / 2)));
    expect(truncated.ok).toBe(false);
    expect(!truncated.ok && truncated.error).toMatch(/truncated or corrupted/);
    expect(decodeExperiment('1.@@@@').ok).toBe(false);
    expect(decodeExperiment('hello').ok).toBe(false);
    const flipped = value.slice(0, -6) + (value.endsWith('A') ? 'B' : 'A') + value.slice(-5);
    expect(decodeExperiment(flipped).ok).toBe(false);
  });

  it('detects any single changed character (the checksum), never opening a different experiment', () => {
    const value = encodeExperiment(experiment);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let opened = 0;
    for (let i = 2; i < value.length; i++) {
      for (const c of 'Aa0_') {
        if (value[i] === c || !alphabet.includes(c)) continue;
        const changed = value.slice(0, i) + c + value.slice(i + 1);
        const result = decodeExperiment(changed);
        if (result.ok && JSON.stringify(result.experiment) !== JSON.stringify(experiment)) opened++;
      }
    }
    expect(opened).toBe(0);
  });

  it('carries a recorded session and refuses one with unknown or non-replayable steps', () => {
    const journal = [
      {
        atMs: 1_000,
        type: 'request' as const,
        request: {
          method: 'POST' as const,
          path: '/api/v1/namespaces/default/configmaps',
          body: { kind: 'ConfigMap' },
        },
      },
      { atMs: 2_000, type: 'sim' as const, op: { op: 'stop-node' as const, node: 'worker-1' } },
    ];
    const withJournal = { ...experiment, journal };
    expect(decodeExperiment(encodeExperiment(withJournal))).toEqual({
      ok: true,
      experiment: withJournal,
    });
    const encode = (v: unknown) =>
      '1.' + b64url(zlibSync(new TextEncoder().encode(JSON.stringify(v))));
    for (const bad of [
      [{ atMs: 1, type: 'sim', op: { op: 'reset' } }],
      [{ atMs: 1, type: 'sim', op: { op: 'format-disk' } }],
      [{ atMs: 1, type: 'request', request: { method: 'GET', path: '/api' } }],
      [{ atMs: -5, type: 'request', request: { method: 'POST', path: '/api' } }],
      'not a list',
    ]) {
      expect(decodeExperiment(encode({ ...experiment, journal: bad })).ok).toBe(false);
    }
  });

  it('refuses content that is not an experiment, or has invalid fields', () => {
    const encode = (v: unknown) =>
      '1.' + b64url(zlibSync(new TextEncoder().encode(JSON.stringify(v))));
    expect(decodeExperiment(encode([1, 2]))).toMatchObject({ ok: false });
    expect(
      decodeExperiment(
        encode({ ...experiment, cluster: { workers: 1e9, controlPlanes: 1, seed: 1 } }),
      ),
    ).toEqual({
      ok: false,
      error: 'This share link cannot be opened: its cluster options are invalid.',
    });
    expect(decodeExperiment(encode({ ...experiment, view: { lens: '<script>' } })).ok).toBe(false);
  });

  it('refuses a link that decompresses to something huge (a zip bomb)', () => {
    const bomb = new Uint8Array(MAX_SHARE_BYTES * 4).fill(32);
    const value = '1.' + b64url(zlibSync(bomb, { level: 9 }));
    expect(value.length).toBeLessThan(40_000);
    expect(decodeExperiment(value)).toEqual({
      ok: false,
      error: 'This share link cannot be opened: its content is larger than the 2 MB limit.',
    });
  });
});
