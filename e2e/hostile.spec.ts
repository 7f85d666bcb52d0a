import { expect, test } from '@playwright/test';
import { kubectl, pasteIntoEditor, plainTyping } from './editor-helpers';
import { watchPage } from './helpers';

/**
 * Object data is text everywhere: markup, scripts and terminal escape sequences from annotations,
 * ConfigMap data and container commands are shown, never interpreted (issue 9).
 */
const HTML = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>';
// In YAML double quotes "\e" is ESC: set the terminal title, turn text red, write the clipboard (OSC 52).
const ESCAPES = '\\e]0;pwned\\a\\e[31mred\\e]52;c;cHduZWQ=\\a';

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: evil
  annotations:
    note: '${HTML}'
data:
  page.html: '${HTML}'
  term: "${ESCAPES}"
---
apiVersion: v1
kind: Pod
metadata:
  name: victim
  annotations:
    description: '${HTML}'
    term: "${ESCAPES}"
spec:
  containers:
    - name: app
      image: busybox:1.36
      command:
        - sh
        - -c
        - |
          echo '${HTML}'; sleep 3600
      envFrom:
        - configMapRef:
            name: evil
`;

test('markup, scripts and escapes in object data stay text in the inspector, the editor and the console', async ({
  page,
  context,
}) => {
  const { errors } = watchPage(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await plainTyping(page);
  await pasteIntoEditor(page, MANIFEST);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('configmap/evil created');
  await expect(results).toContainText('pod/victim created');

  // Inspector: the stored YAML shows the markup literally.
  const pod = page.getByRole('group', { name: /^Pod victim,/ });
  await expect(pod).toBeVisible({ timeout: 30_000 });
  await pod.click();
  const yaml = page.getByRole('region', { name: 'Inspector' }).getByLabel('YAML');
  await expect(yaml).toContainText('<script>window.__pwned=1</script>');
  await expect(yaml).toContainText('<img src=x onerror=');

  // Editor: a hover over the annotation shows documentation, nothing from the data runs.
  const line = MANIFEST.split('\n').findIndex((l) => l.includes('description:')) + 1;
  await page.evaluate((lineNumber) => {
    const editor = window.k8sExplorerEditor;
    editor?.setPosition({ lineNumber, column: 8 });
    editor?.focus();
    editor?.trigger('test', 'editor.action.showHover', {});
  }, line);
  await expect(page.locator('.monaco-hover-content').first()).toBeVisible({ timeout: 15_000 });

  // Console: escapes come out as visible text, markup as characters.
  const output = await kubectl(
    page,
    'kubectl get pod victim -o jsonpath={.metadata.annotations.term}',
    'red',
  );
  await expect(output).toContainText('^[]0;pwned');
  const describe = await kubectl(page, 'kubectl describe configmap evil', 'page.html');
  await expect(describe).toContainText('<script>window.__pwned=1</script>');
  expect(await describe.textContent()).not.toContain('\u001b');

  // Nothing executed, nothing became markup.
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(await page.title()).toBe('k8s-explorer');
  expect(errors).toEqual([]);
});
