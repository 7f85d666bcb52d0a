import { expect, test, type Frame, type Page } from '@playwright/test';
import { foreignRequests, watchPage } from './helpers';

test('the example docs page embeds two explorers, each with its own cluster', async ({
  page,
  baseURL,
}) => {
  const { requests, errors } = watchPage(page);
  await page.goto('./embed-example.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Embedding k8s-explorer in a documentation page',
  );
  const frames = page.locator('iframe');
  await expect(frames).toHaveCount(2);

  // A plain iframe: the Service example.
  const plain = page.locator('iframe[src="embed.html?example=service"]');
  await expect(plain).toHaveAttribute('title', /Service/);
  const service = page.frameLocator('iframe[src="embed.html?example=service"]');
  await expect(service.getByRole('group', { name: /^Service web, ClusterIP/ })).toBeVisible();
  await expect(service.getByRole('group', { name: /^Pod web-/ })).toHaveCount(3);

  // The embed script turned the div into an iframe of embed.html next to the script.
  const scripted = page.locator('[data-k8s-explorer="node-failure"] iframe');
  await expect(scripted).toHaveAttribute('loading', 'lazy');
  await expect(scripted).toHaveAttribute('title', /node fails/);
  const src = new URL((await scripted.getAttribute('src')) ?? '');
  expect(src.pathname).toBe('/docs/explorer/embed.html');
  expect(src.searchParams.get('example')).toBe('node-failure');
  expect(src.searchParams.get('panels')).toBe('console');
  const failure = page.frameLocator('[data-k8s-explorer="node-failure"] iframe');
  await expect(failure.getByRole('group', { name: /^Pod web-/ })).toHaveCount(6);
  // The embeds never scroll the page they sit in (their logs scroll inside themselves).
  await expect(failure.getByRole('log', { name: 'Activity log' })).toContainText('Started');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await scripted.scrollIntoViewIfNeeded();
  // Each runs its own cluster: the node-failure one has no Service web, and its own console.
  await expect(failure.getByRole('group', { name: /^Service web/ })).toHaveCount(0);
  await expect(failure.getByRole('region', { name: 'kubectl console' })).toBeVisible();
  await expect(service.getByRole('region', { name: 'kubectl console' })).toHaveCount(0);
  // Embed mode: no editor unless asked; the header offers the panels on demand.
  await expect(failure.locator('.monaco-editor')).toHaveCount(0);
  await expect(failure.getByRole('button', { name: 'Console' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(failure.getByRole('button', { name: 'Editor' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/screenshots/embed-example.png' });
  await page.screenshot({
    path: 'test-results/screenshots/embed-example-full.png',
    fullPage: true,
  });

  const origin = new URL(baseURL ?? '').origin;
  expect(foreignRequests(requests, origin)).toEqual([]);
  expect(errors).toEqual([]);
});

// The same port as playwright.config.ts. The host pages are served by page.route on the app's
// own origin (127.0.0.1) and on another origin (localhost: same server, another site).
const PORT = Number(process.env.E2E_PORT ?? 4179);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const EXPLORER = `${ORIGIN}/docs/explorer/`;
const HOST = `${ORIGIN}/docs/host.html`;
const STRANGER = `http://localhost:${PORT}/docs/stranger.html`;

/** A host page that keeps every k8s-explorer message it receives in `window.received`. */
const hostPage = (frames: string) => `<!doctype html><html><head><title>host</title></head><body>
${frames}
<script>
  window.received = [];
  window.addEventListener('message', (event) => {
    if (event.data && event.data.k8sExplorer === 1) window.received.push({ origin: event.origin, data: event.data });
  });
</script></body></html>`;

/** Posts a message to the explorer from `frame` and returns the reply with the same id. */
async function call(frame: Frame | Page, message: Record<string, unknown>, target: string) {
  await frame.evaluate(
    ([m, t]) => {
      const explorer = document.getElementById('explorer') as HTMLIFrameElement | null;
      const win = explorer ? explorer.contentWindow : window.parent.frames[0];
      win?.postMessage({ k8sExplorer: 1, ...m }, t);
    },
    [message, target] as const,
  );
  const handle = await frame.waitForFunction(
    (id) =>
      (window as unknown as { received: { data: { id?: string } }[] }).received.find(
        (r) => r.data.id === id,
      ),
    message.id,
  );
  return (await handle.jsonValue()) as {
    origin: string;
    data: { ok: boolean; result?: unknown; error?: string; type: string; id: string };
  };
}

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  greeting: hello
`;

test('a host page drives an embed through postMessage; other origins are ignored', async ({
  page,
}) => {
  const { errors } = watchPage(page);
  const explorerSrc = `${EXPLORER}embed.html?allowed-origins=${encodeURIComponent(ORIGIN)}`;
  await page.route(HOST, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: hostPage(
        `<iframe id="explorer" title="explorer" src="${explorerSrc}" width="900" height="500"></iframe>
         <iframe id="stranger" title="stranger" src="${STRANGER}" width="300" height="100"></iframe>`,
      ),
    }),
  );
  await page.route(STRANGER, (route) =>
    route.fulfill({ contentType: 'text/html', body: hostPage('<p>another origin</p>') }),
  );
  await page.goto(HOST);
  const explorer = page.frameLocator('#explorer');
  await expect(explorer.getByRole('group', { name: 'Node worker-3, Ready' })).toBeVisible();
  const stranger = page.frame({ url: STRANGER });
  expect(stranger).not.toBeNull();

  // The other origin tries first: nothing may happen, and it gets no reply.
  await stranger!.evaluate(
    ([yaml]) => {
      const target = window.parent.frames[0];
      target.postMessage({ k8sExplorer: 1, id: 's1', type: 'apply', yaml }, '*');
      target.postMessage(
        { k8sExplorer: 1, id: 's2', type: 'kubectl', command: 'delete node worker-1' },
        '*',
      );
      target.postMessage({ k8sExplorer: 1, id: 's3', type: 'nonsense' }, '*');
    },
    [configMap('from-stranger')] as const,
  );

  // The allowed host: apply, then kubectl, each with a reply.
  const applied = await call(
    page,
    { id: 'a1', type: 'apply', yaml: configMap('from-host') },
    EXPLORER,
  );
  expect(applied.origin).toBe(ORIGIN);
  expect(applied.data).toMatchObject({ type: 'result', id: 'a1', ok: true });
  expect(JSON.stringify(applied.data.result)).toContain('configmap/from-host created');

  const listed = await call(
    page,
    { id: 'k1', type: 'kubectl', command: 'get configmaps' },
    EXPLORER,
  );
  expect(listed.data).toMatchObject({ type: 'result', id: 'k1', ok: true });
  const { stdout } = listed.data.result as { stdout: string; exitCode: number };
  expect(stdout).toContain('from-host');
  expect(stdout).not.toContain('from-stranger');

  const nodes = await call(page, { id: 'k2', type: 'kubectl', command: 'get nodes' }, EXPLORER);
  expect((nodes.data.result as { stdout: string }).stdout).toMatch(/worker-1\s+Ready/);

  // Invalid messages from the allowed origin get an error reply and are not acted on.
  const unknown = await call(page, { id: 'x1', type: 'nonsense' }, EXPLORER);
  expect(unknown.data).toMatchObject({ ok: false, error: 'unknown message type "nonsense"' });
  const bad = await call(page, { id: 'x2', type: 'apply' }, EXPLORER);
  expect(bad.data).toMatchObject({ ok: false, error: '"apply" needs a non-empty "yaml" string' });

  // Play / pause / seek are answered too.
  expect((await call(page, { id: 'p1', type: 'pause' }, EXPLORER)).data.ok).toBe(true);
  await expect(explorer.getByRole('button', { name: 'Play' })).toBeVisible();
  const seek = await call(page, { id: 'p2', type: 'seek', atMs: 10 * 60_000 }, EXPLORER);
  expect(seek.data).toMatchObject({ ok: true, result: { atMs: 600_000 } });
  await expect(explorer.locator('.time-bar .clock time')).toHaveText(/00:10:00$/);

  // Subscribers receive clock events while it runs.
  const subscribed = await call(page, { id: 'e1', type: 'subscribe', events: ['clock'] }, EXPLORER);
  expect(subscribed.data).toMatchObject({ ok: true, result: { subscribed: ['clock'] } });
  await call(page, { id: 'p3', type: 'play' }, EXPLORER);
  await page.waitForFunction(() =>
    (
      window as unknown as { received: { data: { type: string; event?: { type: string } } }[] }
    ).received.some((r) => r.data.type === 'event' && r.data.event?.type === 'clock'),
  );
  await call(page, { id: 'e2', type: 'unsubscribe' }, EXPLORER);

  // By now every message of the stranger has long been delivered: none was answered or applied.
  const strangerReplies = await stranger!.evaluate(
    () => (window as unknown as { received: unknown[] }).received.length,
  );
  expect(strangerReplies).toBe(0);
  const recheck = await call(
    page,
    { id: 'k3', type: 'kubectl', command: 'get cm,nodes' },
    EXPLORER,
  );
  const text = (recheck.data.result as { stdout: string }).stdout;
  expect(text).not.toContain('from-stranger');
  expect(text).toMatch(/worker-1\s+Ready/);
  expect(errors).toEqual([]);
});

test('an embed without allowed-origins answers no one', async ({ page }) => {
  await page.route(HOST, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: hostPage(
        `<iframe id="explorer" title="explorer" src="${EXPLORER}embed.html" width="900" height="500"></iframe>`,
      ),
    }),
  );
  await page.goto(HOST);
  const explorer = page.frameLocator('#explorer');
  await expect(explorer.getByRole('group', { name: 'Node worker-3, Ready' })).toBeVisible();
  await page.evaluate((yaml) => {
    const frame = document.getElementById('explorer') as HTMLIFrameElement;
    frame.contentWindow?.postMessage({ k8sExplorer: 1, id: 'n1', type: 'apply', yaml }, '*');
  }, configMap('unwanted'));
  // Give a reply every chance to arrive (the explorer answers in milliseconds when allowed).
  await page.waitForTimeout(1500);
  expect(
    await page.evaluate(() => (window as unknown as { received: unknown[] }).received),
  ).toEqual([]);
});

test('the theme option overrides the system colours', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('./embed.html?example=service&theme=dark&autoplay=0');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('group', { name: /^Service web/ })).toBeVisible();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(13, 17, 23)');
  // autoplay=0: the example waits for Play.
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // The editor and the terminal follow the forced theme too, not the light system setting.
  await page.goto('./embed.html?panels=editor,console&theme=dark');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
  await expect(page.locator('.xterm').first()).toBeVisible();
  // xterm's text colour is the dark theme's foreground (#dbe4f0).
  const terminal = await page
    .locator('.xterm')
    .first()
    .evaluate((e) => getComputedStyle(e).color);
  expect(terminal).toBe('rgb(219, 228, 240)');
});

test('the Content-Security-Policy allows the whole app (Monaco, its YAML worker, xterm) and nothing else', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  for (const path of ['./', './embed.html?panels=editor,console']) {
    await page.goto(path);
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    await expect(page.locator('.monaco-editor').first()).toBeVisible();
    await expect(page.locator('.xterm').first()).toBeVisible();
    // The YAML worker answers: a syntax error gets a marker.
    await page.locator('.monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\nbroken: [');
    // Monaco may auto-close the bracket (`[]` is valid YAML): remove whatever follows the cursor.
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
  }
});
