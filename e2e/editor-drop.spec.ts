import { expect, test, type Page } from '@playwright/test';

const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dropped-one\ndata:\n  a: "1"\n';
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dropped-two
spec:
  replicas: 1
  selector:
    matchLabels:
      app: dropped-two
  template:
    metadata:
      labels:
        app: dropped-two
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

/** Dispatches a file drop (as the OS would) on the element matching `selector`. */
async function dropFiles(page: Page, selector: string, files: { name: string; text: string }[]) {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector);
      if (!target) throw new Error(`no ${selector}`);
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([f.text], f.name, { type: 'text/yaml' }));
      const box = target.getBoundingClientRect();
      const at = { clientX: box.left + box.width / 2, clientY: box.top + 20 };
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, ...at }),
        );
      }
    },
    { selector, files },
  );
}

test('two files dropped on the diagram open as tabs and are applied at once', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('group', { name: 'Node worker-1, Ready' })).toBeVisible();
  await dropFiles(page, '.diagram-panel', [
    { name: 'one.yaml', text: configMap },
    { name: 'two.yml', text: deployment },
  ]);
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('configmap/dropped-one created');
  await expect(results).toContainText('deployment.apps/dropped-two created');
  await expect(page.getByRole('tab', { name: 'one.yaml' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'two.yml' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('group', { name: /^Pod dropped-two-/ })).toHaveCount(1);
});

test('a file dropped on the editor opens and is offered for apply; others are skipped', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await dropFiles(page, '.editor-panel', [
    { name: 'one.yaml', text: configMap },
    { name: 'notes.txt', text: 'hello' },
  ]);
  const offer = page.getByRole('status').filter({ hasText: 'Opened one.yaml' });
  await expect(offer).toBeVisible();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'skipped notes.txt',
  );
  await offer.getByRole('button', { name: 'Apply file' }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'configmap/dropped-one created',
  );
});

test('templates: a Service dragged onto the canvas is created and opened', async ({ page }) => {
  await page.goto('./');
  const pane = page.locator('.react-flow__pane');
  await expect(page.getByRole('group', { name: 'Node worker-1, Ready' })).toBeVisible();
  const box = await pane.boundingBox();
  if (!box) throw new Error('no canvas');
  await page
    .getByRole('toolbar', { name: 'Templates' })
    .getByRole('button', { name: 'Service', exact: true })
    .dragTo(pane, { targetPosition: { x: 30, y: box.height - 30 } });
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'service/web created',
  );
  await expect(page.getByRole('tab', { name: 'web-service.yaml' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('group', { name: /^Service web, ClusterIP/ })).toBeVisible();
});

test("templates: a Service onto a Deployment's pod is offered with its selector; a Deployment onto a node pins a pod", async ({
  page,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const pod = page.getByRole('group', { name: /^Pod web-.*Running/ }).first();
  await expect(pod).toBeVisible({ timeout: 30_000 });
  const palette = page.getByRole('toolbar', { name: 'Templates' });
  await palette.getByRole('button', { name: 'Service', exact: true }).dragTo(pod);
  const offer = page.getByRole('status').filter({ hasText: 'web-2-service.yaml' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Apply file' }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'service/web-2 created',
  );
  await expect(
    page.getByRole('group', { name: /^Service web-2, ClusterIP.*3 endpoints/ }),
  ).toBeVisible({
    timeout: 30_000,
  });

  const node = page.getByRole('group', { name: /^Node worker-2,/ });
  await palette.getByRole('button', { name: 'Deployment', exact: true }).dragTo(node, {
    targetPosition: { x: 20, y: 10 },
  });
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'pod/pinned-worker-2 created',
  );
  // React Flow draws pods beside their node frame, not inside it: the pod's name says where it runs.
  await expect(
    page.getByRole('group', { name: /^Pod pinned-worker-2, Running.*node worker-2/ }),
  ).toBeVisible({
    timeout: 30_000,
  });
});
