import { expect, test } from '@playwright/test';
import { editorText, kubectl, pasteIntoEditor, plainTyping } from './editor-helpers';
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

test('typing a Deployment completes `replicas` from the schema; Apply runs it', async ({
  page,
}) => {
  const { errors } = watchPage(page);
  await page.goto('./');
  await plainTyping(page);
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typed\nspec:\n  repl',
  );
  await page.keyboard.press('ControlOrMeta+Space');
  const suggestions = page.locator('.monaco-editor .suggest-widget');
  await expect(suggestions).toContainText('replicas');
  await page.keyboard.press('Tab');
  await expect.poll(() => editorText(page)).toMatch(/\n {2}replicas:/);
  // Whatever the completion inserted after the key, write the value on a clean line.
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('replicas: 2\n');
  await page.keyboard.type(
    [
      '  selector:',
      '    matchLabels:',
      '      app: typed',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: typed',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: nginx:1.27',
      '',
    ].join('\n'),
  );
  expect(await editorText(page)).toContain('spec:\n  replicas: 2\n  selector:');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'deployment.apps/typed created',
  );
  await expect(page.getByRole('group', { name: /^Pod typed-.*Running/ })).toHaveCount(2, {
    timeout: 30_000,
  });
  expect(errors).toEqual([]);
});

test('an invalid document is marked on its line with the apiserver message; the others apply', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await plainTyping(page);
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: good',
    'data:',
    '  a: "1"',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: bad',
    'spec:',
    '  replicas: -1',
    '  selector:',
    '    matchLabels:',
    '      app: bad',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: bad',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx',
    '',
  ].join('\n');
  await pasteIntoEditor(page, text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('configmap/good created');
  await expect(results).toContainText('Deployment.apps "bad" is invalid');
  const problem = page.getByRole('list', { name: 'Problems' }).getByRole('button');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('line 13');
  await expect(problem).toContainText('spec.replicas');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  await problem.click();
  await expect
    .poll(() => page.evaluate(() => window.k8sExplorerEditor?.getPosition()?.lineNumber))
    .toBe(13);
  // The text is kept, and the invalid object changed nothing in the cluster.
  expect(await editorText(page)).toBe(text);
  await kubectl(
    page,
    'get deployment bad',
    'Error from server (NotFound): deployments.apps "bad" not found',
  );
});

test('Diff shows what Apply would change from a server dry run, without changing anything', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'deployment.apps/web created',
  );
  await plainTyping(page);
  const changed = (await editorText(page)).replace('replicas: 3', 'replicas: 5');
  await pasteIntoEditor(page, changed);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  const diff = page.getByRole('region', { name: 'Diff of manifest.yaml' });
  await expect(diff).toBeVisible();
  await expect(diff.locator('.modified-in-monaco-diff-editor')).toContainText('replicas: 5');
  await expect(diff.locator('.original-in-monaco-diff-editor')).toContainText('replicas: 3');
  await kubectl(page, 'get deployment web -o jsonpath={.spec.replicas}', /^3$/m);
  await diff.getByRole('button', { name: 'Close diff' }).click();
  await expect(diff).toBeHidden();

  // Delete removes the objects the buffer names, as `kubectl delete -f` does.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('deployment.apps "web" deleted');
  await expect(results).toContainText('service "web" deleted');
  await expect(page.getByRole('group', { name: /^Service web,/ })).toHaveCount(0);
});

test('tabs: new, rename, close; apply -f <tab> in the console reads the tab', async ({ page }) => {
  await page.goto('./');
  await plainTyping(page);
  await page.getByRole('button', { name: 'New file' }).click();
  const tab = page.getByRole('tab', { name: 'untitled.yaml' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await tab.dblclick();
  const rename = page.getByRole('textbox', { name: 'Rename untitled.yaml' });
  await rename.fill('cm.yaml');
  await rename.press('Enter');
  await expect(page.getByRole('tab', { name: 'cm.yaml' })).toBeVisible();
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.type('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-tab\n');
  await kubectl(page, 'apply -f cm.yaml', 'configmap/from-tab created');
  await page.getByRole('button', { name: 'Close cm.yaml' }).click();
  await expect(page.getByRole('tab', { name: 'cm.yaml' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'manifest.yaml' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('the bundled schema gives hover documentation and marks unknown fields', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { requests } = watchPage(page);
  await page.goto('./');
  await plainTyping(page);
  await pasteIntoEditor(
    page,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  replica: 2\n  minReadySeconds: 5\n',
  );
  await expect(
    page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first(),
  ).toBeVisible();
  await page
    .locator('.monaco-editor .view-line', { hasText: 'minReadySeconds' })
    .getByText('minReadySeconds')
    .hover();
  await expect(page.locator('.monaco-hover').first()).toContainText('Minimum number of seconds');
  // Everything came from the page's own origin: no schema was fetched.
  expect(
    requests.filter((u) => !u.startsWith('http://127.0.0.1') && !/^(data|blob):/.test(u)),
  ).toEqual([]);
});
