import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './helpers';

const SHOTS = 'test-results/screenshots';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

/** Replaces the editor's text by pasting (typing would re-indent every line). */
async function setManifest(page: Page, text: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
}

const webPods = (page: Page) => page.getByRole('group', { name: /^Pod web-/ });

/** Waits for the three web pods to be Running and ready with IPs on worker nodes. */
async function expectWebRunning(page: Page) {
  await expect(webPods(page)).toHaveCount(3, { timeout: 30_000 });
  for (let i = 0; i < 3; i++) {
    await expect(webPods(page).nth(i)).toHaveAttribute(
      'aria-label',
      /Running, ready 1\/1, IP 10\.244\.\d+\.\d+, node worker-\d/,
      { timeout: 30_000 },
    );
  }
}

async function selectComponent(page: Page, name: string) {
  await page
    .getByRole('group', { name: 'Control plane control-plane' })
    .getByRole('listitem', { name })
    .click();
}

async function settle(page: Page) {
  await page.waitForTimeout(700);
}

/** Saves the moment in the light and the dark theme. */
async function shoot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/${name}-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a 3-replica Deployment: pods wait in the Pending lane, then land on workers Running with IPs', async ({
  page,
}) => {
  const { errors } = watchPage(page);
  await page.goto('./');
  await expect(page.getByRole('group', { name: 'Node worker-3, Ready' })).toBeVisible();
  // The minimap draws the map: the control plane, the Pending lane, the three workers, Services.
  const minimap = page.getByRole('img', { name: 'Mini map' });
  await expect(minimap.locator('.minimap-worker')).toHaveCount(3);
  await expect(minimap.locator('.minimap-controlPlane')).toHaveCount(1);
  await expect(minimap.locator('.minimap-pending')).toHaveCount(1);

  // With the scheduler stopped, the ReplicaSet's pods are created but nobody binds them.
  await selectComponent(page, 'kube-scheduler');
  await page.getByRole('button', { name: 'Stop kube-scheduler' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'kube-scheduler stopped' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('group', { name: 'Pending pods: 3' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(webPods(page)).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await expect(webPods(page).nth(i)).toHaveAttribute(
      'aria-label',
      /Pending, ready 0\/1, not scheduled/,
    );
  }
  await shoot(page, 'diagram-pending');

  await page.getByRole('button', { name: 'Start kube-scheduler' }).click();
  await expectWebRunning(page);
  await expect(page.getByRole('group', { name: 'Pending pods: 0' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: /^Service web, ClusterIP 10\.\d+\.\d+\.\d+, 3 endpoints$/ }),
  ).toBeVisible({
    timeout: 20_000,
  });
  // The scheduler's bindings are attributed to it in the timeline.
  await expect(page.getByRole('list', { name: 'Changes and events' })).toContainText(
    'kube-scheduler',
  );
  await shoot(page, 'diagram-running');
  expect(errors).toEqual([]);
});

test('deleting a pod: a replacement gets a new IP while the Service keeps its ClusterIP', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expectWebRunning(page);
  const service = page.getByRole('group', { name: /^Service web, ClusterIP/ });
  await expect(service).toHaveAttribute('aria-label', /3 endpoints/, { timeout: 20_000 });
  const serviceLabel = await service.getAttribute('aria-label');
  const victim = webPods(page).first();
  const label = (await victim.getAttribute('aria-label')) ?? '';
  const [, name] = /^Pod (\S+),/.exec(label) ?? [];
  const [, ip] = /IP (\S+),/.exec(label) ?? [];
  await victim.click();
  await page.getByRole('button', { name: 'Delete pod' }).click();
  await expect(page.getByRole('status').filter({ hasText: `pod "${name}" deleted` })).toBeVisible();
  await expect(page.getByRole('group', { name: new RegExp(`^Pod ${name},`) })).toHaveCount(0, {
    timeout: 30_000,
  });
  await expectWebRunning(page);
  const ips = await webPods(page).evaluateAll((els) =>
    els.map((e) => /IP (\S+),/.exec(e.getAttribute('aria-label') ?? '')?.[1]),
  );
  expect(ips).not.toContain(ip);
  await expect(service).toHaveAttribute('aria-label', serviceLabel ?? '', { timeout: 20_000 });
  await expect(page.locator('.react-flow__edge[data-id^="service/default/web->"]')).toHaveCount(3);
});

test('a stopped node turns NotReady after the grace period and its pods come back elsewhere', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expectWebRunning(page);
  // Pick a node that runs at least one web pod.
  const label = (await webPods(page).first().getAttribute('aria-label')) ?? '';
  const node = /node (worker-\d+)/.exec(label)?.[1] ?? 'worker-1';
  await page.getByRole('button', { name: 'Pause' }).click();
  await page
    .getByRole('group', { name: `Node ${node}, Ready` })
    .click({ position: { x: 40, y: 12 } });
  await page.getByRole('button', { name: 'Stop node' }).click();
  await expect(page.getByRole('status').filter({ hasText: `node ${node} stopped` })).toBeVisible();
  // node-monitor-grace-period is 50 s: a minute later the node is NotReady.
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await expect(page.getByRole('group', { name: `Node ${node}, NotReady` })).toBeVisible();
  await shoot(page, 'diagram-node-notready');
  // tolerationSeconds 300: five more minutes and the pods run on the other nodes.
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(async () => {
    const labels = await webPods(page).evaluateAll((els) =>
      els.map((e) => e.getAttribute('aria-label') ?? ''),
    );
    const running = labels.filter((l) => /Running, ready 1\/1/.test(l));
    expect(running.length).toBeGreaterThanOrEqual(3);
    expect(running.some((l) => l.includes(`node ${node}`))).toBe(false);
  }).toPass({ timeout: 30_000 });
  await shoot(page, 'diagram-rescheduled');
});

test('traffic sent to an Ingress is animated hop by hop to a pod', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expectWebRunning(page);
  await setManifest(page, INGRESS);
  await page.getByRole('button', { name: 'Apply' }).click();
  const ingress = page.getByRole('group', { name: /^Ingress shop, shop\.example\.com/ });
  await expect(ingress).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.ingress-edge')).toHaveCount(1);
  await expect(
    page.locator('.react-flow__edge-text').filter({ hasText: 'shop.example.com/' }),
  ).toBeVisible();
  await ingress.click();
  // kube-proxy programs the load balancer's rules on its next sync: retry until a pod answers.
  await expect(async () => {
    await page.getByRole('button', { name: 'Send traffic' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /^200 from pod default\/web-/ }),
    ).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 30_000 });
  // The hops light up one after another, ending on the pod that answered.
  await expect(page.locator('.pod.traffic-hop')).toHaveCount(1, { timeout: 5_000 });
  await page.screenshot({ path: `${SHOTS}/diagram-traffic-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/diagram-traffic-dark.png` });
});

test('time travel shows an earlier state, read-only, and Live returns', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expectWebRunning(page);
  // The owners overlay: Deployment -> ReplicaSet -> pods.
  await page.getByRole('checkbox', { name: 'Owners' }).check();
  await expect(page.getByRole('group', { name: /^Deployment web, 3\/3 ready/ })).toBeVisible();
  await expect(page.getByRole('group', { name: /^ReplicaSet web-/ })).toBeVisible();
  await shoot(page, 'diagram-owners');
  await page.getByRole('checkbox', { name: 'Owners' }).uncheck();
  const timeline = page.getByRole('list', { name: 'Changes and events' });
  // The oldest creation of a web pod: back then it was not scheduled yet.
  const created = timeline.getByRole('button', { name: /Pod default\/web-\S+ created/ }).last();
  await created.click();
  await expect(page.getByText(/Viewing the past: revision \d+/)).toBeVisible();
  await expect(page.getByRole('note', { name: 'Explanation' })).toContainText(
    'ReplicaSet controller',
  );
  await expect(page.getByRole('group', { name: /^Pod web-.*not scheduled/ }).first()).toBeVisible();
  await shoot(page, 'diagram-past');
  await page.getByRole('button', { name: 'Live' }).first().click();
  await expect(page.getByText(/Viewing the past/)).toHaveCount(0);
  await expectWebRunning(page);
});
