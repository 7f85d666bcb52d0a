/**
 * Every real-world manifest under test/fixtures/manifests (see its CATALOGUE.md) applies unchanged
 * with real kubectl and its default validation, and reads back with `kubectl get -f`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectlAvailable, startHarness, type Harness } from './kubectl-harness.ts';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/manifests');

/** Fixture files, CRDs before everything else (group G-crd: the CRD must exist before its CRs). */
function fixtureFiles(): string[] {
  const files: string[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES, dir.name)))
      if (file.endsWith('.yaml')) files.push(`${dir.name}/${file}`);
  }
  const isCrd = (file: string) => file.includes('resource-definition');
  return files.sort((a, b) => Number(isCrd(b)) - Number(isCrd(a)) || a.localeCompare(b));
}

/** `deployment.apps/vote`: how kubectl names an object in its output. */
function objectNames(text: string): string[] {
  return parseAllDocuments(text)
    .map(
      (doc) =>
        doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null,
    )
    .filter((obj) => obj && obj.kind)
    .map((obj) => {
      const apiVersion = obj!.apiVersion ?? 'v1';
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      return `${obj!.kind!.toLowerCase()}${group ? `.${group}` : ''}/${obj!.metadata?.name}`;
    });
}

describe.skipIf(!kubectlAvailable())(
  'real-world manifests apply unchanged with real kubectl',
  () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    const files = fixtureFiles();
    it('finds the fixture files', () => {
      expect(files.length).toBe(32);
    });

    it.each(files)('%s', async (file) => {
      const path = join(FIXTURES, file);
      const names = objectNames(readFileSync(path, 'utf8'));
      expect(names.length).toBeGreaterThan(0);
      const applied = await h.kubectl(['apply', '-f', path]);
      expect(applied.stderr).toBe('');
      expect(applied.stdout.trimEnd().split('\n')).toEqual(names.map((name) => `${name} created`));
      // Let controllers run (a CRD becomes Established, Deployments create ReplicaSets).
      h.advance(10_000);
      const got = await h.kubectl(['get', '-f', path, '-o', 'name']);
      expect(got.stderr).toBe('');
      expect(got.stdout.trimEnd().split('\n')).toEqual(names);
    });
  },
);
