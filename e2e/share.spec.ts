import { expect, test, type Page } from '@playwright/test';
import { encodeExperiment, type SharedExperiment } from '../src/ui/share/share-link';
import { WORKERS, watchPage } from './helpers';

/** The accessible names of every pod in the diagram (name, phase, readiness, IP, node), sorted. */
async function podNames(page: Page): Promise<string[]> {
  const pods = page.getByRole('group', { name: /^Pod / });
  const names = await pods.evaluateAll((elements) =>
    elements.map((e) => e.getAttribute('aria-label') ?? ''),
  );
  return names.sort();
}

/** The accessible names of every object drawn in the diagram (nodes, services, owners, pods), sorted. */
async function diagramObjects(page: Page): Promise<string[]> {
  const groups = page.getByRole('region', { name: 'Cluster diagram' }).getByRole('group');
  const names = await groups.evaluateAll((elements) =>
    elements.map((e) => e.getAttribute('aria-label') ?? ''),
  );
  return names.sort();
}

/** The exact virtual time shown (the clock's title is the full timestamp). */
async function clockTime(page: Page): Promise<string> {
  return (await page.locator('.time-bar .clock').getAttribute('title')) ?? '';
}

async function expectDefaultCluster(page: Page) {
  for (const worker of WORKERS) {
    await expect(page.getByRole('group', { name: `Node ${worker}, Ready` })).toBeVisible();
  }
  await expect(page.getByText(/^cluster: 1 control plane · 3 workers/)).toBeVisible();
}

const shared: SharedExperiment = {
  files: [
    {
      name: 'shared.yaml',
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shared
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shared
  template:
    metadata:
      labels:
        app: shared
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
    },
  ],
  cluster: { workers: 3, controlPlanes: 1, seed: 7 },
  timeline: 'at 0s: apply shared.yaml\n',
  atMs: 45_000,
};

test('a share link made in one context restores the same cluster in a fresh one', async ({
  page,
  browser,
}) => {
  const { errors } = watchPage(page);
  await page.goto('./');
  await expect(page.getByRole('group', { name: 'Node worker-3, Ready' })).toBeVisible();
  // The sample manifest: Service web and Deployment web, applied while the clock runs.
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'deployment.apps/web created',
  );
  await expect(page.getByRole('group', { name: /^Pod web-/ })).toHaveCount(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await expect(page.getByRole('group', { name: /^Pod web-.*Running.*IP / })).toHaveCount(3);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#x=1\./);
  const link = await field.inputValue();
  await page.screenshot({ path: 'test-results/screenshots/share-popover.png' });
  expect(link.startsWith(page.url().replace(/#.*$/, ''))).toBe(true);
  // Share pauses: what is on screen now is the shared moment.
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // etcd's figures are polled every 2 s (diagram/live-effects.ts): let one poll see the paused cluster.
  await page.waitForTimeout(2_500);
  const before = {
    pods: await podNames(page),
    clock: await clockTime(page),
    objects: await diagramObjects(page),
    etcd: (await page.locator('.etcd-stats').textContent()) ?? '',
  };
  expect(before.etcd).toMatch(/revision \d+/);
  expect(before.pods.filter((name) => name.startsWith('Pod web-'))).toHaveLength(3);
  expect(before.pods.every((name) => / IP \d+\.\d+\.\d+\.\d+, node worker-\d$/.test(name))).toBe(
    true,
  );
  await expect(page.getByRole('group', { name: /^Service web, ClusterIP/ })).toBeVisible();
  const service = await page
    .getByRole('group', { name: /^Service web, ClusterIP/ })
    .getAttribute('aria-label');

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const other = await fresh.newPage();
    const watched = watchPage(other);
    await other.goto(link);
    await expect(
      other.getByRole('status').filter({ hasText: 'Opened a shared experiment' }),
    ).toBeVisible();
    await expect(other.getByRole('button', { name: 'Play' })).toBeVisible();
    await expect(other.locator('.time-bar .clock')).toHaveAttribute('title', before.clock);
    await expect(other.getByRole('group', { name: /^Pod web-.*Running.*IP / })).toHaveCount(3);
    expect(await podNames(other)).toEqual(before.pods);
    // Every object in the diagram is the same, and etcd holds as many keys at the same revision.
    await expect.poll(() => diagramObjects(other)).toEqual(before.objects);
    await expect(other.locator('.etcd-stats')).toHaveText(before.etcd);
    await expect(other.getByRole('group', { name: /^Service web, ClusterIP/ })).toHaveAttribute(
      'aria-label',
      service ?? '',
    );
    // The editor shows the shared files.
    await expect(other.locator('.monaco-editor .view-lines').first()).toContainText('name: web');
    expect(watched.errors).toEqual([]);
  } finally {
    await fresh.close();
  }
  expect(errors).toEqual([]);
});

test('a link made elsewhere (timeline and moment) opens paused at its moment', async ({ page }) => {
  await page.goto(`./#x=${encodeExperiment(shared)}`);
  await expect(
    page.getByRole('status').filter({ hasText: 'Opened a shared experiment' }),
  ).toBeVisible();
  await expect(page.locator('.time-bar .clock time')).toHaveText(/00:00:45$/);
  await expect(page.getByRole('group', { name: /^Pod shared-.*Running.*IP / })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // The time bar marks the timeline's steps.
  await expect(
    page
      .getByRole('group', { name: 'Scripted timeline' })
      .getByRole('button', { name: 'Timeline step at 0s: apply shared.yaml (done)' }),
  ).toBeVisible();
});

test('a corrupted, truncated or too new link opens the default cluster with a clear message', async ({
  page,
}) => {
  const value = encodeExperiment(shared);
  const middle = Math.floor(value.length / 2);
  const flipped =
    value.slice(0, middle) + (value[middle] === 'A' ? 'B' : 'A') + value.slice(middle + 1);
  const cases: [string, RegExp][] = [
    [value.slice(0, value.length - 12), /truncated or corrupted/],
    [flipped, /truncated or corrupted|corrupted/],
    [value.slice(0, 2) + '%%%', /truncated or corrupted/],
    [`9.${value.slice(2)}`, /made by a newer version of k8s-explorer/],
    ['hello', /not a k8s-explorer link/],
  ];
  for (const [fragment, why] of cases) {
    // A fresh document each time (a change of fragment alone would not reload the page).
    await page.goto('about:blank');
    await page.goto(`./#x=${fragment}`);
    // (Monaco keeps empty live regions with the same role.)
    const alert = page.getByRole('alert').filter({ hasText: 'This share link cannot be opened' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(why);
    await expect(alert).toContainText('The default cluster is shown instead.');
    await expectDefaultCluster(page);
    await expect(page.getByRole('group', { name: /^Deployment shared/ })).toHaveCount(0);
  }
  // The notice can be dismissed.
  await page.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(page.locator('.notice')).toHaveCount(0);
});
