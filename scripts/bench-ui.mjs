#!/usr/bin/env node
// UI figures for the built app (run `npm run build` first): time from navigation to the first
// diagram paint (median of several runs in headless Chromium, served from a sub-path) and the
// gzip size of the initial JavaScript, the cluster Worker and the lazily loaded Monaco editor.
// Usage: node scripts/bench-ui.mjs [--runs 5]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const port = Number(process.env.BENCH_PORT ?? 4181);
const prefix = '/docs/explorer/';
const FIRST_DIAGRAM_MARK = 'k8s-explorer:first-diagram';

if (!existsSync('dist/.vite/manifest.json')) {
  console.error('dist/ is missing or has no manifest: run `npm run build` first.');
  process.exit(1);
}

// ---- sizes ----
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'));
const gz = (file) => gzipSync(readFileSync(`dist/${file}`)).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const closure = (keys) => {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return seen;
};
// The app page's entry (index.html); embed.html is a second entry with the same code.
const entryKey =
  Object.keys(manifest).find((k) => manifest[k].isEntry && /index\.html$/.test(k)) ??
  Object.keys(manifest).find((k) => manifest[k].isEntry);
const initial = closure([entryKey]);
const initialJs = [...initial].map((k) => manifest[k].file);
const initialCss = [...initial].flatMap((k) => manifest[k].css ?? []);
const monacoKeys = [...closure(Object.keys(manifest).filter((k) => /MonacoEditor/.test(k)))].filter(
  (k) => !initial.has(k),
);
const monacoDynamic = monacoKeys.flatMap((k) => manifest[k].dynamicImports ?? []);
const monacoJs = [...new Set([...monacoKeys, ...monacoDynamic])].map((k) => manifest[k].file);
const monacoAssets = monacoKeys
  .flatMap((k) => manifest[k].assets ?? [])
  .filter((f) => f.endsWith('.js'));
const monacoCss = monacoKeys.flatMap((k) => manifest[k].css ?? []);
// The cluster Worker is emitted as an asset of whichever chunk starts it.
const workerJs = [
  ...new Set(
    Object.values(manifest).flatMap((m) =>
      (m.assets ?? []).filter((f) => /cluster\.worker-.*\.js$/.test(f)),
    ),
  ),
];
const sum = (files) => files.reduce((total, f) => total + gz(f), 0);

// ---- first diagram paint ----
const chromiumPath =
  process.env.CHROMIUM_PATH ??
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const server = spawn(
  process.execPath,
  ['scripts/serve-static.mjs', '--port', String(port), '--prefix', prefix],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise((resolve, reject) => {
  server.stdout.once('data', resolve);
  server.once('exit', (code) => reject(new Error(`static server exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const paints = [];
const fcps = [];
let frames;
let settleMs;
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}${prefix}`);
    await page.waitForFunction(
      (mark) => performance.getEntriesByName(mark).length > 0,
      FIRST_DIAGRAM_MARK,
      {
        timeout: 30_000,
      },
    );
    const [paint, fcp] = await page.evaluate(
      (mark) => [
        performance.getEntriesByName(mark)[0].startTime,
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      ],
      FIRST_DIAGRAM_MARK,
    );
    paints.push(paint);
    fcps.push(fcp);
    await context.close();
  }
  frames = [];
  for (const replicas of [300, 1000]) frames.push(await measureFrames(browser, replicas));
  settleMs = await measureSettle(browser);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

/** Pastes `text` into the editor (typing would re-indent every line). */
async function setManifest(page, text) {
  const editor = page.locator('.monaco-editor').first();
  await editor.waitFor({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
}

function deployment(name, replicas) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec: {containers: [{name: app, image: nginx:1.27}]}',
    '',
  ].join('\n');
}

/**
 * Main-thread frame times while `replicas` pods churn in view: the Deployment is applied at 10x
 * speed and requestAnimationFrame intervals and long tasks (> 50 ms) are recorded for 5 seconds
 * while the ReplicaSet creates, the scheduler binds and the kubelets start the pods.
 */
async function measureFrames(browser, replicas) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}${prefix}`);
  await setManifest(page, deployment('load', replicas));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.getByRole('button', { name: 'Apply' }).click();
  const { intervals, longTasks } = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const times = [];
        const longTasks = [];
        let observer;
        try {
          observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longTasks.push(entry.duration);
          });
          observer.observe({ type: 'longtask', buffered: false });
        } catch {
          observer = undefined;
        }
        const start = performance.now();
        const tick = (now) => {
          times.push(now);
          if (now - start < 5000) requestAnimationFrame(tick);
          else {
            observer?.disconnect();
            resolve({ intervals: times.slice(1).map((t, i) => t - times[i]), longTasks });
          }
        };
        requestAnimationFrame(tick);
      }),
  );
  const header = (await page.locator('.app-header .chip').first().textContent()) ?? '';
  await context.close();
  return { intervals, longTasks, replicas, header };
}

/**
 * Time from clicking Apply on a 100-object manifest (25 Deployments of 1 replica, 25 Services,
 * 50 ConfigMaps) until the diagram shows it settled: 25 pods Running and ready, every Service with
 * its endpoint. Virtual time runs at 10x.
 */
async function measureSettle(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}${prefix}`);
  const docs = [];
  for (let i = 0; i < 25; i++) {
    docs.push(deployment(`app-${i}`, 1));
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec: {selector: {app: app-${i}}, ports: [{port: 80}]}\n`,
    );
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-${i}-a}\ndata: {k: v}\n`);
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-${i}-b}\ndata: {k: v}\n`);
  }
  await setManifest(page, docs.join('---\n'));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  const started = Date.now();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(
    () => {
      const labels = [...document.querySelectorAll('[aria-label]')].map((e) =>
        e.getAttribute('aria-label'),
      );
      const pods = labels.filter((l) => /^Pod app-\d+-.*Running, ready 1\/1/.test(l)).length;
      const services = labels.filter((l) => /^Service app-\d+, .*, 1 endpoint$/.test(l)).length;
      return pods === 25 && services === 25;
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(
  `UI bench (built app served from ${prefix}, headless Chromium, 1280x800, ${runs} runs)`,
);
console.log(
  `  first diagram paint:    median ${median(paints).toFixed(0)} ms  (runs: ${paints.map((p) => p.toFixed(0)).join(', ')} ms)`,
);
console.log(`  first contentful paint: median ${median(fcps).toFixed(0)} ms`);
for (const run of frames) {
  const sorted = [...run.intervals].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const worstLong = run.longTasks.length ? Math.max(...run.longTasks) : 0;
  console.log(
    `  frame time while ${run.replicas} pods churn at 10x (${sorted.length} frames; ${run.header}): ` +
      `median ${median(run.intervals).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, worst ${sorted.at(-1).toFixed(1)} ms; ` +
      `long tasks > 50 ms: ${run.longTasks.length}${run.longTasks.length ? ` (worst ${worstLong.toFixed(0)} ms)` : ''}`,
  );
}
console.log(
  `  100-object manifest (25 Deployments, 25 Services, 50 ConfigMaps) applied until settled in the diagram: ${(settleMs / 1000).toFixed(1)} s wall (10x virtual speed)`,
);
console.log(
  `  initial JS (entry + static imports): ${kb(sum(initialJs))} gzip  [${initialJs.join(', ')}]`,
);
console.log(`  initial CSS: ${kb(sum(initialCss))} gzip`);
console.log(`  cluster Worker JS (loaded at start): ${kb(sum(workerJs))} gzip`);
console.log(
  `  Monaco, lazy: editor chunks ${kb(sum(monacoJs))} gzip, CSS ${kb(sum(monacoCss))} gzip, workers ${kb(sum(monacoAssets))} gzip`,
);
console.log(
  `  initial JS with Monaco eagerly included would be: ${kb(sum(initialJs) + sum(monacoJs))} gzip`,
);
