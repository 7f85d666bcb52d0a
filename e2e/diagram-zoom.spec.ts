import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './helpers';

const SHOTS = 'test-results/screenshots';

/** 45 pods pinned to worker-1: past the 40 a node draws one by one, so it is summarised. */
const MANY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: many
spec:
  replicas: 45
  selector:
    matchLabels:
      app: many
  template:
    metadata:
      labels:
        app: many
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      containers:
        - name: app
          image: nginx:1.27
`;

async function applyManifest(page: Page, text: string) {
  await page.waitForFunction(() => Boolean(window.k8sExplorerEditor));
  await page.evaluate((t) => window.k8sExplorerEditor?.setValue(t), text);
  await page.getByRole('button', { name: 'Apply' }).click();
}

/** Saves the moment in the light and the dark theme. */
async function shoot(page: Page, name: string) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${SHOTS}/${name}-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
}

const manyPods = (page: Page) => page.getByRole('group', { name: /^Pod many-/ });

/** Wheel-zooms with the pointer over `x, y` until React Flow's zoom passes `until` (or falls under it). */
async function wheelZoom(page: Page, x: number, y: number, deltaY: number, steps: number) {
  await page.mouse.move(x, y);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(60);
  }
}

test('a summarised node draws its pods one by one when zoomed in, and folds them back when zoomed out', async ({
  page,
}) => {
  const { errors } = watchPage(page);
  await page.goto('./');
  await expect(page.getByRole('group', { name: 'Node worker-1, Ready' })).toBeVisible();
  await applyManifest(page, MANY);
  const summary = page.getByRole('group', { name: /^Pods on worker-1: / });
  // All 45 counted (by phase: Pending while images pull, then Running).
  const total = async () =>
    [...((await summary.getAttribute('aria-label')) ?? '').matchAll(/ (\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  await expect.poll(total, { timeout: 30_000 }).toBe(45);
  await expect(summary).toHaveAttribute('aria-label', /^Pods on worker-1: (\w+ \d+)( · \w+ \d+)*$/);
  // Zoomed out: counts and a painted grid, no pod elements.
  await expect(manyPods(page)).toHaveCount(0);
  const grid = page.locator('.summary-grid').first();
  await expect(grid).toHaveAttribute('data-expanded', 'false');
  await shoot(page, 'zoom-summarised');

  // Zoom in over the grid: its cells become pods with accessible names.
  const box = await grid.boundingBox();
  if (!box) throw new Error('no grid');
  await wheelZoom(page, box.x + box.width / 2, box.y + Math.min(40, box.height / 2), -120, 5);
  await expect(grid).toHaveAttribute('data-expanded', 'true');
  await expect(manyPods(page).first()).toHaveAttribute(
    'aria-label',
    /^Pod many-\S+, \w+, ready [01]\/1, (IP 10\.244\.\d+\.\d+, )?node worker-1$/,
  );
  const count = await manyPods(page).count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(45);
  // The counts stay, as the group's name.
  await expect.poll(total).toBe(45);
  // A pod in the grid opens in the inspector like any other.
  const first = manyPods(page).first();
  const name = /^Pod (\S+),/.exec((await first.getAttribute('aria-label')) ?? '')?.[1] ?? '';
  await first.click();
  await expect(page.getByRole('button', { name: 'Delete pod' })).toBeVisible();
  await expect(page.locator('.inspector')).toContainText(name);
  await shoot(page, 'zoom-expanded');
  // Deleted from the grid: Terminating first, then a ghost fades out in its cell.
  await page.getByRole('button', { name: 'Delete pod' }).click();
  await page.waitForSelector('.summary-grid .cell-ghost', { state: 'attached', timeout: 30_000 });
  await expect(page.locator('.summary-grid .cell-ghost')).toHaveCount(0);
  await expect(page.getByRole('group', { name: new RegExp(`^Pod ${name},`) })).toHaveCount(0);

  // Zoom back out: the pods fold into the painted grid again.
  await wheelZoom(page, box.x + box.width / 2, box.y + 40, 120, 8);
  await expect(grid).toHaveAttribute('data-expanded', 'false');
  await expect(manyPods(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

const WEB_PODS = /^Pod web-/;

test('a deleted pod fades out in its place; the other pods stay where they are', async ({
  page,
}) => {
  const { errors } = watchPage(page);
  await page.goto('./');
  await page.getByRole('button', { name: 'Apply' }).click();
  const pods = page.getByRole('group', { name: WEB_PODS });
  await expect(pods).toHaveCount(3, { timeout: 30_000 });
  for (let i = 0; i < 3; i++)
    await expect(pods.nth(i)).toHaveAttribute('aria-label', /Running, ready 1\/1/, {
      timeout: 30_000,
    });
  // Closer, to see the pod's states.
  const firstBox = await pods.first().boundingBox();
  if (!firstBox) throw new Error('no pod');
  await wheelZoom(page, firstBox.x + firstBox.width / 2, firstBox.y + firstBox.height / 2, -120, 4);
  await page.waitForTimeout(600);

  // Record every ghost element: when it appears and disappears, and where.
  await page.evaluate(() => {
    const log: { event: string; at: number; x?: number; y?: number; hidden?: string | null }[] = [];
    (window as unknown as { ghostLog: typeof log }).ghostLog = log;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const added of record.addedNodes) {
          if (!(added instanceof HTMLElement)) continue;
          // React Flow adds the node's wrapper with the ghost inside.
          const node = added.matches('.pod-ghost') ? added : added.querySelector('.pod-ghost');
          if (node) {
            const rect = node.getBoundingClientRect();
            log.push({
              event: 'added',
              at: performance.now(),
              x: rect.x + rect.width / 2,
              y: rect.y + rect.height / 2,
              hidden: node.getAttribute('aria-hidden'),
            });
          }
        }
        for (const node of record.removedNodes) {
          if (
            node instanceof HTMLElement &&
            (node.matches('.pod-ghost') || node.querySelector('.pod-ghost'))
          )
            log.push({ event: 'removed', at: performance.now() });
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  const centres = async () =>
    Object.fromEntries(
      await pods.evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          const name = /^Pod (\S+),/.exec(e.getAttribute('aria-label') ?? '')?.[1] ?? '';
          return [name, [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]] as const;
        }),
      ),
    );
  const before = await centres();
  const victim = pods.first();
  const name = /^Pod (\S+),/.exec((await victim.getAttribute('aria-label')) ?? '')?.[1] ?? '';
  await victim.click();
  await page.getByRole('button', { name: 'Delete pod' }).click();
  // Terminating first: drawn distinctly (red, striped, fading) until the kubelet is done.
  const victimNow = page.getByRole('group', { name: new RegExp(`^Pod ${name},`) });
  await expect(victimNow).toHaveAttribute('aria-label', /Terminating/);
  await expect(victimNow).toHaveClass(/phase-terminating/);
  await page.screenshot({ path: `${SHOTS}/pod-terminating-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/pod-terminating-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  // Then deleted: a ghost appears where it was, hidden from assistive technology, and goes.
  await expect(victimNow).toHaveCount(0, { timeout: 30_000 });
  type Entry = { event: string; at: number; x?: number; y?: number; hidden?: string | null };
  const log = () => page.evaluate(() => (window as unknown as { ghostLog: Entry[] }).ghostLog);
  await expect.poll(async () => (await log()).some((e) => e.event === 'added')).toBe(true);
  await expect.poll(async () => (await log()).some((e) => e.event === 'removed')).toBe(true);
  const entries = await log();
  const added = entries.find((e) => e.event === 'added');
  const removed = entries.find((e) => e.event === 'removed');
  expect(added?.hidden).toBe('true');
  const [vx, vy] = before[name] ?? [0, 0];
  expect(Math.abs((added?.x ?? 0) - vx)).toBeLessThan(4);
  expect(Math.abs((added?.y ?? 0) - vy)).toBeLessThan(4);
  // About GHOST_MS (600 ms) of real time, with room for a slow machine.
  expect((removed?.at ?? 0) - (added?.at ?? 0)).toBeGreaterThan(400);
  expect((removed?.at ?? 0) - (added?.at ?? 0)).toBeLessThan(3_000);
  await expect(page.locator('.pod-ghost')).toHaveCount(0);
  // The survivors did not move.
  const after = await centres();
  for (const [pod, centre] of Object.entries(before)) {
    if (pod !== name) expect(after[pod]).toEqual(centre);
  }
  expect(errors).toEqual([]);
});

test('the network lens puts Services, endpoints and IPs first', async ({ page }) => {
  const { errors } = watchPage(page);
  await page.goto('./?lens=network');
  await expect(page.locator('html')).toHaveAttribute('data-lens', 'network');
  await expect(page.getByRole('combobox', { name: 'Lens' })).toHaveValue('network');
  await page.getByRole('button', { name: 'Apply' }).click();
  const pods = page.getByRole('group', { name: WEB_PODS });
  await expect(pods).toHaveCount(3, { timeout: 30_000 });
  await expect(
    page.getByRole('group', { name: /^Service web, ClusterIP 10\.\d+\.\d+\.\d+, 3 endpoints$/ }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.react-flow__edge[data-id^="service/default/web->"]')).toHaveCount(3);
  // Each node shows its pod CIDR; pod IPs are emphasised.
  await expect(
    page.getByRole('group', { name: 'Node worker-1, Ready' }).locator('.node-network'),
  ).toContainText(/pods 10\.244\.\d+\.0\/24/);
  const ipWeight = await page
    .locator('.pod-ip')
    .first()
    .evaluate((e) => getComputedStyle(e).fontWeight);
  expect(Number(ipWeight)).toBeGreaterThanOrEqual(700);
  await shoot(page, 'lens-network');
  // Back to placement from the toolbar: the CPU line returns.
  await page.getByRole('combobox', { name: 'Lens' }).selectOption('placement');
  await expect(page.locator('html')).toHaveAttribute('data-lens', 'placement');
  await expect(page.locator('.node-network')).toHaveCount(0);
  expect(errors).toEqual([]);
});
