import { expect, test } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorText, kubectl, pasteIntoEditor, plainTyping } from './editor-helpers';

test('after a reload the editor text, the console history and the cluster are as they were', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await plainTyping(page);
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: kept',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: kept',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: kept',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    '',
  ].join('\n');
  await pasteIntoEditor(page, text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('group', { name: /^Pod kept-.*Running/ })).toHaveCount(2, {
    timeout: 30_000,
  });
  await kubectl(page, 'kubectl label deployment kept tier=web', 'deployment.apps/kept labeled');
  const podNames = async () =>
    (
      await page
        .getByRole('group', { name: /^Pod kept-/ })
        .evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').split(',')[0]))
    ).sort();
  const before = await podNames();
  // Let the debounced save write the workspace (the journal is fetched at most every 3 s).
  await page.waitForTimeout(4_000);

  await page.reload();
  await plainTyping(page);
  await expect.poll(() => editorText(page)).toBe(text);
  // The same cluster: replayed from the journal, the pods have the same names (deterministic).
  await expect.poll(podNames, { timeout: 30_000 }).toEqual(before);
  await kubectl(page, 'kubectl get deployment kept --show-labels', 'tier=web');
  // The history is back: Up brings the last command.
  await page.getByTestId('kubectl-terminal').click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log', { name: 'kubectl output' })).toContainText(
    '$ kubectl label deployment kept tier=web',
  );
});

test('Reset cluster goes back to the default cluster; export and import keep the workspace', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('group', { name: /^Service web/ })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  // Saved outside test-results: other Playwright runs on this machine may clean that folder.
  const file = join(tmpdir(), `k8s-explorer-workspace-${process.pid}-${Date.now()}.json`);
  await (await download).saveAs(file);

  await page.getByRole('button', { name: 'Reset cluster', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cluster reset.' })).toBeAttached();
  // Checked through the API (the diagram's informers relist after a reset: see REQUESTS.md).
  await kubectl(
    page,
    'kubectl get service web',
    'Error from server (NotFound): services "web" not found',
  );

  await page.getByLabel('Workspace file to import').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: /^Imported / })).toBeAttached();
  await kubectl(page, 'kubectl get service web', /web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s/);
});
