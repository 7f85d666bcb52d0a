import { expect, test } from '@playwright/test';
import { watchPage } from './helpers';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typed
spec:
  replicas: 2
  selector:
    matchLabels:
      app: typed
  template:
    metadata:
      labels:
        app: typed
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

test('applying a Deployment pasted into the editor creates it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { errors } = watchPage(page);
  await page.goto('./');
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Paste rather than type: typing re-indents every new line (Monaco's auto-indent).
  await page.evaluate((text) => navigator.clipboard.writeText(text), manifest);
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('name: typed');
  await page.getByRole('button', { name: 'Apply' }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('deployment.apps/typed created');

  // kubectl apply semantics: the same manifest again changes nothing.
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(results).toContainText('deployment.apps/typed unchanged');
  await expect(page.getByRole('group', { name: /^Pod typed-/ })).toHaveCount(2);
  expect(errors).toEqual([]);
});

test("the sample manifest creates a Service and the Deployment's pods appear", async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'service/web created',
  );
  await expect(page.getByRole('group', { name: /^Service web, ClusterIP/ })).toBeVisible();
  // Pods come from the ReplicaSet the deployment controller creates: Pending until scheduled.
  await expect(page.getByRole('group', { name: /^Pod web-/ }).first()).toBeVisible({
    timeout: 20_000,
  });
});
