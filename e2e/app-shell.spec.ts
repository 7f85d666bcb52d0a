import { expect, test } from '@playwright/test';
import {
  CONTROL_PLANE_COMPONENTS,
  WORKER_COMPONENTS,
  WORKERS,
  foreignRequests,
  watchPage,
} from './helpers';

test('first load draws the default cluster from the API, from a sub-path, with nothing fetched elsewhere', async ({
  page,
  baseURL,
}) => {
  const { requests, errors } = watchPage(page);
  await page.goto('./');
  await expect(page).toHaveTitle('k8s-explorer');
  await expect(page.getByRole('heading', { name: 'k8s-explorer' })).toBeVisible();

  const controlPlane = page.getByRole('group', { name: 'Control plane control-plane' });
  await expect(controlPlane).toBeVisible();
  for (const component of CONTROL_PLANE_COMPONENTS) {
    await expect(controlPlane.getByRole('listitem', { name: component })).toBeVisible();
  }
  for (const worker of WORKERS) {
    const frame = page.getByRole('group', { name: `Node ${worker}, Ready` });
    await expect(frame).toBeVisible();
    for (const component of WORKER_COMPONENTS) {
      await expect(frame.getByRole('listitem', { name: component })).toBeVisible();
    }
  }
  await expect(page.getByText('cluster: 1 control plane · 3 workers')).toBeVisible();

  // Let the lazy editor load too, so its requests are checked as well.
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  const origin = new URL(baseURL ?? '').origin;
  expect(foreignRequests(requests, origin)).toEqual([]);
  expect(
    requests.every((url) => !url.startsWith(origin) || url.startsWith(`${origin}/docs/explorer/`)),
  ).toBe(true);
  expect(errors).toEqual([]);
});

test('the time bar drives the simulation clock', async ({ page }) => {
  await page.goto('./');
  const clock = page.locator('.clock time');
  await expect(clock).not.toHaveText('--:--:--');
  await page.getByRole('button', { name: 'Pause' }).click();
  const play = page.getByRole('button', { name: 'Play' });
  await expect(play).toBeVisible();
  const paused = await clock.textContent();
  await page.getByRole('button', { name: 'Advance 1 minute' }).click();
  await expect(clock).not.toHaveText(paused ?? '');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await expect(page.getByRole('combobox', { name: 'Speed' })).toHaveValue('10');
  await expect(page.getByRole('button', { name: 'Step' })).toBeEnabled();
  await play.click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
});

test('the console answers commands from the API', async ({ page }) => {
  await page.goto('./');
  const input = page.getByRole('textbox', { name: 'Command' });
  await input.fill('get nodes');
  await input.press('Enter');
  const log = page.getByRole('log', { name: 'Activity log' });
  await expect(log).toContainText('$ get nodes');
  await expect(log).toContainText(/worker-3\s+Ready/);
});
