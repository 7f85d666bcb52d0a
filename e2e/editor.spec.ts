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
