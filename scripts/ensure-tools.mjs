#!/usr/bin/env node
// Finds (or installs, where it can) the tools the tests need: a Chromium for Playwright and a real
// kubectl for the compatibility tests. Says plainly what is missing. With CI=true a missing tool
// is an error; otherwise the tests that need it say they were skipped and why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function aptInstall(pkg) {
  if (!hasAptGet || !isRoot) return false;
  console.log(`ensure-tools: installing ${pkg} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  if (spawnSync('apt-get', ['install', '-y', pkg], quiet).status === 0) return true;
  spawnSync('apt-get', ['update'], quiet);
  return spawnSync('apt-get', ['install', '-y', pkg], quiet).status === 0;
}

async function playwrightOwnChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const problems = [];

// Chromium: an explicit path, Debian's chromium, apt-get, then Playwright's own browser.
let chromiumPath = process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
if (chromiumPath && !existsSync(chromiumPath)) {
  problems.push(`CHROMIUM_PATH points to ${chromiumPath}, which does not exist.`);
  chromiumPath = undefined;
}
if (!chromiumPath)
  chromiumPath =
    which('chromium') ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!chromiumPath && aptInstall('chromium')) chromiumPath = which('chromium');
if (!chromiumPath) chromiumPath = await playwrightOwnChromium();
if (!chromiumPath) {
  problems.push(
    'No Chromium found for the end-to-end tests. Install one with `apt-get install -y chromium` ' +
      '(Debian/Ubuntu, as root) or `npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
}

// kubectl: for the compatibility tests against `k8s-explorer serve`.
let kubectlPath = process.env.KUBECTL_PATH || which('kubectl');
if (!kubectlPath && aptInstall('kubectl')) kubectlPath = which('kubectl');
if (!kubectlPath) {
  const msg =
    'No kubectl found for the kubectl compatibility tests. Install it with `apt-get install -y kubectl` ' +
    '(Debian, as root) or from https://kubernetes.io/docs/tasks/tools/, or set KUBECTL_PATH.';
  if (ci) problems.push(msg);
  else
    console.warn(`ensure-tools: ${msg} Those tests will be skipped (CI=true makes this an error).`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`ensure-tools: ${p}`);
  process.exit(1);
}
const version = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(
      '\n',
    )[0];
  } catch {
    return 'version unknown';
  }
};
console.log(`ensure-tools: chromium ${chromiumPath} (${version(chromiumPath, ['--version'])})`);
if (kubectlPath)
  console.log(
    `ensure-tools: kubectl ${kubectlPath} (${version(kubectlPath, ['version', '--client'])})`,
  );
