import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

// The demo user frank, who is there to be offboarded, leaves here: no
// other test uses him, and the browser tests run after every Go test.
test('an admin deletes a demo user through the preview, watches every step, and purges a bucket', async ({ page }) => {
  test.setTimeout(240_000);
  const buckets = ['frank-mlpipeline', 'frank-data'];

  await logIn(page, 'admin');
  await page.goto('/admin/users?q=frank');
  await page.locator('tr[data-user=frank] a').first().click();
  await page.getByTestId('delete-user-link').click();

  // The preview is read from the real services.
  await expect(page.getByTestId('target')).toHaveText('frank');
  await expect(page.locator('[data-access-key]')).toHaveCount(1);
  for (const bucket of buckets) {
    const row = page.locator(`tr[data-bucket="${bucket}"]`);
    await expect(row.locator('[data-field=objects]')).toHaveText('2');
    await expect(row.locator('[data-field=versions]')).toHaveText('3');
  }
  await expect(page.locator('[data-testid=profile][data-profile=frank]')).toBeVisible();

  await page.fill('#reason', 'left the company');
  await page.fill('#confirm', 'frank');
  await page.getByTestId('delete-user').click();
  await expect(page).toHaveURL(/\/admin\/runs\/[0-9a-f]+$/);

  // The steps update in place: the page is never reloaded, so a mark
  // left on it now must still be there when the run is done.
  await page.evaluate(() => ((window as any).pkMark = 'same page'));
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-value', 'done', { timeout: 180_000 });
  expect(await page.evaluate(() => (window as any).pkMark)).toBe('same page');
  const steps = page.locator('tr[data-step]');
  await expect(steps).toHaveCount(8);
  for (const status of await steps.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) {
    expect(status).toBe('done');
  }
  await expect(page.getByTestId('namespace')).toHaveAttribute('data-gone', 'true');

  // Her buckets wait in the archive, labelled; one is purged on purpose.
  await page.click('nav a[data-nav=archive]');
  await page.fill('#q', 'frank');
  await page.getByRole('button', { name: 'Filter' }).click();
  for (const bucket of buckets) {
    const row = page.locator(`tr[data-bucket="${bucket}"]`);
    await expect(row).toHaveAttribute('data-owner', 'frank');
    await expect(row).toHaveAttribute('data-kind', 'user');
    await expect(row.locator('[data-field=reason]')).toHaveText('left the company');
  }
  await page.locator('tr[data-bucket="frank-data"]').getByTestId('purge-link').click();
  await page.fill('#confirm', 'frank-data');
  await page.getByTestId('purge-bucket').click();
  await expect(page.getByTestId('notice')).toContainText('Bucket frank-data was purged');
  await expect(page.locator('tr[data-bucket="frank-data"]')).toHaveCount(0);
  await expect(page.locator('tr[data-bucket="frank-mlpipeline"]')).toHaveCount(1);
});
