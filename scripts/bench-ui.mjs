#!/usr/bin/env node
// UI figures for the built app (run `npm run build` first): time from navigation to the first
// diagram paint (median of several runs in headless Chromium, served from a sub-path), the main
// thread's work per frame while 300 and 1,000 pods churn (from a Chrome trace), the time to settle
// a 100-object manifest, and the gzip size of the initial JavaScript, the cluster Worker and the
// lazily loaded Monaco editor.
// Usage: node scripts/bench-ui.mjs [--runs 5] [--only frames|settle|paint] [--pods 1000]
//   [--churn-runs 1 (churns per pod count, their frames pooled)] [--dir dist]
//   [--save DIR (writes each churn's trace and CPU profile there)]
//   [--invalidations (the saved traces also say what invalidated style and layout)]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(option('runs')) || 5;
const only = option('only');
const podCounts = option('pods') ? [Number(option('pods'))] : [300, 1000];
const churnRuns = Number(option('churn-runs')) || 1;
const dist = option('dir') ?? 'dist';
const saveDir = option('save');
const port = Number(process.env.BENCH_PORT ?? 4181);
const prefix = '/docs/explorer/';
const FIRST_DIAGRAM_MARK = 'k8s-explorer:first-diagram';
/** Trace categories: top-level tasks, what ran inside them, user timing marks (for the clock). */
const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  // --invalidations: why style and layout were invalidated (DevTools' "invalidation tracking").
  ...(process.argv.includes('--invalidations')
    ? ['disabled-by-default-devtools.timeline.invalidationTracking']
    : []),
];

if (!existsSync(`${dist}/.vite/manifest.json`)) {
  console.error('dist/ is missing or has no manifest: run `npm run build` first.');
  process.exit(1);
}

// ---- sizes ----
const manifest = JSON.parse(readFileSync(`${dist}/.vite/manifest.json`, 'utf8'));
const gz = (file) => gzipSync(readFileSync(`${dist}/${file}`)).length;
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
  ['scripts/serve-static.mjs', '--port', String(port), '--prefix', prefix, '--dir', dist],
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
const loadBefore = loadavg()[0];
const paints = [];
const fcps = [];
let frames;
let settleMs;
try {
  for (let i = 0; i < (only && only !== 'paint' ? 0 : runs); i++) {
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
  if (!only || only === 'frames') {
    for (const replicas of podCounts) {
      const pooled = [];
      for (let i = 0; i < churnRuns; i++) pooled.push(await measureFrames(browser, replicas, i));
      frames.push({
        ...pooled[0],
        runs: pooled.length,
        intervals: pooled.flatMap((r) => r.intervals),
        perFrame: pooled.flatMap((r) => r.perFrame),
        perFrameCpu: pooled.flatMap((r) => r.perFrameCpu),
        tasks: pooled.flatMap((r) => r.tasks),
        longTasks: pooled.flatMap((r) => r.longTasks),
      });
    }
  }
  if (!only || only === 'settle') settleMs = await measureSettle(browser);
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
 * Frames while `replicas` pods churn in view: the Deployment is applied at 10x speed, then for
 * 5 seconds a requestAnimationFrame loop stamps every frame while Chrome traces the renderer's
 * main thread (CDP Tracing). From the trace: each top-level task's wall time (`dur`) and CPU time
 * (`tdur`), clipped to the frame intervals, gives the main thread's work per frame; tasks over
 * 50 ms are the long tasks, and what ran inside them (script, style, layout, paint, GC) says why.
 */
async function measureFrames(browser, replicas, run = 0) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}${prefix}`);
  await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark).length > 0,
    FIRST_DIAGRAM_MARK,
    { timeout: 30_000 },
  );
  await setManifest(page, deployment('load', replicas));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value) events.push(e);
  });
  const traceDone = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: TRACE_CATEGORIES },
  });
  if (saveDir) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  await page.getByRole('button', { name: 'Apply' }).click();
  const { frameTimes, longTasks } = await page.evaluate(
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
        performance.mark('bench:frames');
        const start = performance.now();
        const tick = (now) => {
          times.push(now);
          if (now - start < 5000) requestAnimationFrame(tick);
          else {
            observer?.disconnect();
            resolve({ frameTimes: times, longTasks });
          }
        };
        requestAnimationFrame(tick);
      }),
  );
  let profile;
  if (saveDir) profile = (await cdp.send('Profiler.stop')).profile;
  await cdp.send('Tracing.end');
  await traceDone;
  const header = (await page.locator('.app-header .chip').first().textContent()) ?? '';
  await context.close();
  if (saveDir) {
    mkdirSync(saveDir, { recursive: true });
    writeFileSync(
      `${saveDir}/frames-${replicas}${run ? `-${run}` : ''}.json`,
      JSON.stringify({ traceEvents: events }),
    );
    writeFileSync(
      `${saveDir}/frames-${replicas}${run ? `-${run}` : ''}.cpuprofile`,
      JSON.stringify(profile),
    );
  }
  const intervals = frameTimes.slice(1).map((t, i) => t - frameTimes[i]);
  return { replicas, header, intervals, longTasks, ...mainThreadWork(events, frameTimes) };
}

/** What ran inside a task, by kind of work (trace event names as DevTools groups them). */
function workKind(name) {
  if (/GC|GarbageCollection|Scavenge|MarkCompact/i.test(name)) return 'gc';
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/.test(name)) return 'style';
  if (/^(Layout|UpdateLayout)$/.test(name)) return 'layout';
  if (/Paint|Layerize|Composite|UpdateLayer|CommitLoad|Rasterize/.test(name)) return 'paint';
  if (
    /^(FunctionCall|EvaluateScript|v8\.compile|v8\.run|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.callFunction|V8\.Execute|HandlePostMessage|FireIdleCallback|ParseHTML)$/.test(
      name,
    )
  )
    return 'script';
  return undefined;
}

/**
 * Per-frame main-thread work from a Chrome trace: the renderer main thread is the one that wrote
 * the `bench:frames` mark; its top-level tasks (category `toplevel`) are clipped to the frames
 * (the requestAnimationFrame timestamps, shifted onto the trace clock by that mark).
 */
function mainThreadWork(events, frameTimes) {
  const mark = events.find((e) => e.name === 'bench:frames' && e.cat.includes('user_timing'));
  if (!mark) return { perFrame: [], perFrameCpu: [], tasks: [] };
  const { pid, tid } = mark;
  const markStart = mark.args?.data?.startTime;
  // performance.now() and trace timestamps share a clock up to an offset.
  const offset = (typeof markStart === 'number' ? mark.ts / 1000 - markStart : 0) || 0;
  const frames = frameTimes.map((t) => t + offset);
  const first = frames[0];
  const last = frames.at(-1);
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
  const top = mine
    .filter((e) => e.cat.split(',').includes('toplevel') && e.dur > 0)
    .map((e) => ({
      start: e.ts / 1000,
      end: (e.ts + e.dur) / 1000,
      cpu: (e.tdur ?? e.dur) / 1000,
      event: e,
    }))
    .sort((a, b) => a.start - b.start);
  // Nested top-level tasks (nested run loops) are counted once: keep the outermost.
  const tasks = [];
  for (const t of top) {
    const outer = tasks.at(-1);
    if (outer && t.start < outer.end) continue;
    tasks.push(t);
  }
  const perFrame = [];
  const perFrameCpu = [];
  let j = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    const [from, to] = [frames[i], frames[i + 1]];
    while (j < tasks.length && tasks[j].end <= from) j++;
    let busy = 0;
    let cpu = 0;
    for (let k = j; k < tasks.length && tasks[k].start < to; k++) {
      const t = tasks[k];
      const overlap = Math.min(to, t.end) - Math.max(from, t.start);
      if (overlap <= 0) continue;
      busy += overlap;
      cpu += t.cpu * (overlap / (t.end - t.start));
    }
    perFrame.push(busy);
    perFrameCpu.push(cpu);
  }
  // Long tasks: what ran inside each, by kind, and the script entry points that took longest.
  const children = mine
    .filter((e) => !e.cat.split(',').includes('toplevel'))
    .sort((a, b) => a.ts - b.ts);
  const long = tasks
    .filter((t) => t.end > first && t.start < last && t.end - t.start > 50)
    .map((t) => {
      const inside = children.filter(
        (e) => e.ts / 1000 >= t.start && (e.ts + (e.dur ?? 0)) / 1000 <= t.end,
      );
      const kinds = {};
      // Self time of each classified event: its duration minus that of classified children.
      const stack = [];
      for (const e of inside) {
        const kind = workKind(e.name);
        if (!kind || !e.dur) continue;
        while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
        const parent = stack.at(-1);
        if (parent) kinds[parent.kind] -= e.dur / 1000;
        kinds[kind] = (kinds[kind] ?? 0) + e.dur / 1000;
        stack.push({ ts: e.ts, dur: e.dur, kind });
      }
      // The outermost script entries (a Worker message, a frame's rAF callbacks, a timer, an
      // input or animation event), summed by kind: what the task was running for.
      const entries = new Map();
      let reach = -Infinity;
      for (const e of inside) {
        if (workKind(e.name) !== 'script' || !e.dur || e.ts < reach) continue;
        reach = e.ts + e.dur;
        const data = e.args?.data ?? {};
        const label = `${e.name}${data.type ? ` ${data.type}` : ''}`;
        entries.set(label, (entries.get(label) ?? 0) + e.dur / 1000);
      }
      const what =
        [...entries]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([label, ms]) => `${label} ${ms.toFixed(0)} ms`)
          .join(' + ') ||
        (t.event.name ?? 'task');
      return { ms: t.end - t.start, cpu: t.cpu, what, kinds };
    });
  return { perFrame, perFrameCpu, tasks: long };
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

const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;

console.log(
  `UI bench (built app served from ${prefix}, headless Chromium, 1280x800, ${runs} runs; ` +
    `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after on ${availableParallelism()} cores)`,
);
if (paints.length) {
  console.log(
    `  first diagram paint:    median ${median(paints).toFixed(0)} ms  (runs: ${paints.map((p) => p.toFixed(0)).join(', ')} ms)`,
  );
  console.log(`  first contentful paint: median ${median(fcps).toFixed(0)} ms`);
}
if (frames.length) {
  console.log(
    '  While pods churn (a Deployment applied at 10x virtual speed; 5 s from Apply):\n' +
      '    frame interval = time between requestAnimationFrame callbacks (the frame rate; headless\n' +
      '      Chromium ticks at 60 Hz, so it is 16.7 ms at best, a multiple of it when frames drop);\n' +
      '    main-thread work per frame = wall time the renderer main thread spent in tasks during\n' +
      '      each frame interval (Chrome trace, top-level tasks clipped to the frame), and its CPU\n' +
      '      time (thread time: excludes time the 2-core machine gave to other processes);\n' +
      '    long tasks = single main-thread tasks over 50 ms wall, with the script entry points that\n' +
      '      ran in them and their time by kind (script, style, layout, paint, gc; self times).',
  );
}
for (const run of frames) {
  const cpuTotal = run.perFrameCpu.reduce((a, b) => a + b, 0);
  const busyTotal = run.perFrame.reduce((a, b) => a + b, 0);
  console.log(
    `  ${run.replicas} pods (${run.intervals.length} frames${run.runs > 1 ? ` pooled from ${run.runs} runs` : ''}; ${run.header.trim()}):\n` +
      `    frame interval:             median ${ms(median(run.intervals))}, p95 ${ms(pct(run.intervals, 95))}, worst ${ms(Math.max(...run.intervals))}\n` +
      `    main-thread work per frame: median ${ms(median(run.perFrame))}, p95 ${ms(pct(run.perFrame, 95))}, worst ${ms(Math.max(...run.perFrame))} wall` +
      ` (CPU: median ${ms(median(run.perFrameCpu))}, p95 ${ms(pct(run.perFrameCpu, 95))}, worst ${ms(Math.max(...run.perFrameCpu))});` +
      ` total ${(busyTotal / run.runs).toFixed(0)} ms wall, ${(cpuTotal / run.runs).toFixed(0)} ms CPU per 5 s\n` +
      `    long tasks > 50 ms: ${run.tasks.length}` +
      (run.tasks.length
        ? ` (worst ${ms(Math.max(...run.tasks.map((t) => t.ms)))}); of them over 50 ms of CPU time: ` +
          `${run.tasks.filter((t) => t.cpu > 50).length}` +
          (run.tasks.some((t) => t.cpu > 50)
            ? ` (worst ${ms(Math.max(...run.tasks.map((t) => t.cpu)))} CPU)`
            : '') +
          `; PerformanceObserver saw ${run.longTasks.length}`
        : ` (PerformanceObserver saw ${run.longTasks.length})`),
  );
  for (const task of [...run.tasks].sort((a, b) => b.ms - a.ms).slice(0, 6)) {
    const kinds = Object.entries(task.kinds)
      .filter(([, v]) => v >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    console.log(
      `      ${ms(task.ms)} (CPU ${ms(task.cpu)}): ${task.what}${kinds ? `; by kind: ${kinds} ms` : ''}`,
    );
  }
}
const goalRun = frames.find((run) => run.replicas === 1000);
if (goalRun) {
  const med = median(goalRun.perFrame);
  const long = goalRun.tasks.length;
  const longCpu = goalRun.tasks.filter((t) => t.cpu > 50).length;
  console.log(
    `  goal (issue #6) at 1,000 pods: median main-thread work per frame under 16 ms: ` +
      `${med < 16 ? 'met' : 'NOT met'} (${ms(med)} wall); no long task over 50 ms: ` +
      `${long === 0 ? 'met' : `NOT met (${long} by wall time, ${longCpu} by CPU time)`}`,
  );
}
if (settleMs !== undefined) {
  console.log(
    `  100-object manifest (25 Deployments, 25 Services, 50 ConfigMaps) applied until settled in the diagram: ${(settleMs / 1000).toFixed(1)} s wall (10x virtual speed)`,
  );
}
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
