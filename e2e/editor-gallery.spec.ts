import { expect, test } from '@playwright/test';

test('the examples gallery opens an experiment: its files, a fresh cluster and what to watch', async ({
  page,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples: guided experiments' });
  await expect(gallery).toBeVisible();
  await expect(gallery.getByRole('listitem')).toHaveCount(13);
  await gallery.getByRole('button', { name: 'Open example: A ReplicaSet counts pods' }).click();
  await expect(gallery).toBeHidden();
  await expect(page.getByRole('tab', { name: 'frontend.yaml' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('tab', { name: 'manifest.yaml' })).toHaveCount(0);
  await expect(page.getByRole('note', { name: 'Example: A ReplicaSet counts pods' })).toContainText(
    'watch:',
  );
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText(
    'replicaset.apps/frontend created',
  );
  await expect(page.getByRole('group', { name: /^Pod frontend-/ })).toHaveCount(3, {
    timeout: 30_000,
  });
});
