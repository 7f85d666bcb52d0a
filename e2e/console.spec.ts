import { expect, test } from '@playwright/test';
import { editorText, kubectl, pasteIntoEditor, plainTyping } from './editor-helpers';
import { watchPage } from './helpers';

test('kubectl in the console: get -o wide, scale, rollout undo and drain; the diagram follows', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { errors } = watchPage(page);
  await page.goto('./');
  // The sample manifest: Deployment web (3 replicas) and its Service.
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('group', { name: /^Pod web-.*Running/ })).toHaveCount(3, {
    timeout: 30_000,
  });

  const output = await kubectl(
    page,
    'kubectl get pods -o wide',
    /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/,
  );
  await expect(output).toContainText(
    /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+worker-\d/,
  );

  await kubectl(page, 'kubectl scale deployment web --replicas=5', 'deployment.apps/web scaled');
  await expect(page.getByRole('group', { name: /^Pod web-/ })).toHaveCount(5, { timeout: 30_000 });

  await kubectl(
    page,
    'kubectl set image deployment/web web=nginx:1.28',
    'deployment.apps/web image updated',
  );
  await kubectl(page, 'kubectl rollout undo deployment/web', 'deployment.apps/web rolled back');
  await kubectl(
    page,
    'kubectl get deployment web -o jsonpath={.spec.template.spec.containers[0].image}',
    'nginx:1.27',
  );

  // Faster virtual time so graceful terminations during the drain do not take 30 wall seconds.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await kubectl(page, 'kubectl drain worker-1 --ignore-daemonsets', 'node/worker-1 drained');
  await expect(
    page.getByRole('group', { name: 'Node worker-1, Ready,SchedulingDisabled' }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: 'Node worker-1, Ready,SchedulingDisabled' })
      .getByRole('group', { name: /^Pod web-/ }),
  ).toHaveCount(0, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('Tab completes commands and resource types; history comes back with the Up arrow', async ({
  page,
}) => {
  await page.goto('./');
  const terminal = page.getByTestId('kubectl-terminal');
  await expect(terminal).toBeVisible();
  await terminal.click();
  await page.keyboard.type('kubectl get deployme');
  await page.keyboard.press('Tab');
  await page.keyboard.type('-A');
  await page.keyboard.press('Enter');
  const output = page.getByRole('log', { name: 'kubectl output' });
  await expect(output).toContainText('$ kubectl get deployments -A');
  await expect(output).toContainText(/NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(output.getByText('$ kubectl get deployments -A')).toHaveCount(1);
  await expect
    .poll(
      async () => ((await output.textContent()) ?? '').split('$ kubectl get deployments -A').length,
    )
    .toBe(3);
});

test('object data cannot drive the terminal: escape sequences are printed escaped', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await plainTyping(page);
  // YAML's "\e" is ESC: the value would set the terminal title and turn the text red if printed raw.
  await pasteIntoEditor(
    page,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: evil\ndata:\n  k: "\\e]0;pwned\\a\\e[31mred"\n',
  );
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'configmap/evil created',
  );
  const output = await kubectl(page, 'kubectl get configmap evil -o jsonpath={.data.k}', 'red');
  await expect(output).toContainText('^[]0;pwned\\x07^[[31mred');
  expect(await output.textContent()).not.toContain('\u001b');
});

test('kubectl edit opens the object in the editor; Save edit patches it', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'deployment.apps/web created',
  );
  await plainTyping(page);
  await kubectl(page, 'kubectl edit deployment web', 'edit-deployment-web.yaml');
  await expect(page.getByRole('tab', { name: 'edit-deployment-web.yaml' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect.poll(() => editorText(page)).toContain('# Please edit the object below.');
  // Change `replicas: 3` in the spec (the first occurrence) by typing over it.
  await page.evaluate(() => {
    const editor = window.k8sExplorerEditor;
    const model = editor?.getModel();
    const match = model?.findMatches('replicas: 3', false, false, true, null, false)[0];
    if (editor && match) editor.setSelection(match.range);
    editor?.focus();
  });
  await page.keyboard.type('replicas: 4');
  await expect.poll(() => editorText(page)).toContain('replicas: 4');
  await page.getByRole('button', { name: 'Save edit' }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'deployment.apps/web edited',
  );
  await expect(page.getByRole('group', { name: /^Pod web-/ })).toHaveCount(4, { timeout: 30_000 });
});
