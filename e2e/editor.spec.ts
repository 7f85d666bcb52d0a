import { expect, test } from '@playwright/test';
import { watchPage } from './helpers';

test('the YAML language service runs in its worker and marks syntax errors', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { errors } = watchPage(page);
  await page.goto('./');
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate(() =>
    navigator.clipboard.writeText('kind: Pod\nmetadata:\n  name: [unclosed\n'),
  );
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('Ctrl+Enter applies; a server error marks the object in the editor', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  mode: fast',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: Not_A_Valid_Name',
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx',
    '',
  ].join('\n');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
  // The paste reads the clipboard asynchronously: wait for the text before applying it.
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('Not_A_Valid_Name');
  await page.keyboard.press('ControlOrMeta+Enter');
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('configmap/settings created');
  await expect(results).toContainText('Not_A_Valid_Name');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/apply-error.png' });
});
