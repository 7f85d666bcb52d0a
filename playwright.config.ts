import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Playwright's own download, when `npx playwright install chromium` put one there. */
function bundledChromium(): boolean {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/** The Chromium to drive: env override, Debian's package, else Playwright's own download. */
function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH ?? process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`Chromium not found at ${fromEnv} (CHROMIUM_PATH)`);
    return fromEnv;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (bundledChromium()) return undefined;
  throw new Error(
    'No Chromium found for the e2e tests. Install one with `apt-get install -y chromium` ' +
      '(Debian) or `npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
}

const port = Number(process.env.E2E_PORT ?? 4179);
export const BASE_PATH = '/docs/explorer/';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${BASE_PATH}`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: chromiumPath(),
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
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    // Serves the BUILT app (run `npm run build` first; `npm test` does) under a sub-path.
    command: `node scripts/serve-static.mjs --port ${port} --prefix ${BASE_PATH} --dir ${process.env.E2E_DIST ?? 'dist'}`,
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
