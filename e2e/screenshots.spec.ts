import { expect, test } from '@playwright/test';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot at 1280x800, ${colorScheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme });
    await page.goto('./');
    await expect(page.getByRole('group', { name: 'Node worker-3, Ready' })).toBeVisible();
    await expect(page.locator('.monaco-editor').first()).toBeVisible();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('group', { name: /^Service web/ })).toBeVisible();
    await expect(page.getByRole('group', { name: /^Pod web-/ })).toHaveCount(3);
    // Let the fit-view animation settle.
    await page.waitForTimeout(600);
    await page.screenshot({ path: `test-results/screenshots/app-${colorScheme}.png` });
  });
}
