import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<
  string,
  ManifestChunk
>;
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry) ?? '';

/** The entry chunk and everything it imports statically. */
function initialChunks(): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entryKey);
  return [...seen].map((k) => manifest[k].file);
}

test('Monaco is a separate lazy chunk and the initial JavaScript stays under 350 KB gzip', () => {
  const initial = initialChunks();
  expect(initial.some((f) => /monaco/i.test(f))).toBe(false);
  const lazy = Object.values(manifest).filter((c) => /MonacoEditor/.test(c.file));
  expect(lazy.length).toBeGreaterThan(0);
  const gzip = initial.reduce((sum, f) => sum + gzipSync(readFileSync(`dist/${f}`)).length, 0);
  console.log(`initial JS: ${initial.join(', ')} = ${(gzip / 1024).toFixed(1)} KB gzip`);
  expect(gzip).toBeLessThan(350 * 1024);
});

test('the diagram paints without waiting for Monaco', async ({ page }) => {
  const monacoRequests: number[] = [];
  await page.route(/MonacoEditor-.*\.js$/, async (route) => {
    monacoRequests.push(Date.now());
    // Hold the editor back: the diagram must not wait for it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto('./');
  await expect(page.getByRole('group', { name: 'Node worker-1, Ready' })).toBeVisible();
  expect(await page.locator('.monaco-editor').count()).toBe(0);
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  expect(monacoRequests.length).toBe(1);
});
