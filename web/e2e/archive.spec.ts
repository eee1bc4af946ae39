import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { logIn } from './helpers';

// seedArchivedUser seeds a user of the test's own, with its buckets
// archived, through the stack's seeduser command.
function seedArchivedUser(username: string): { Username: string; Buckets: string[] } {
  const out = execFileSync('go', ['run', './internal/stacktest/seeduser', '-archive', username], {
    cwd: resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

test('an archived bucket is listed with its owner and purged by typing its name', async ({ page }) => {
  test.setTimeout(240_000);
  const username = 'e2e-arch-' + Date.now();
  const seeded = seedArchivedUser(username);
  const [bucket, other] = seeded.Buckets;

  await logIn(page, 'admin');
  await page.click('nav a[data-nav=archive]');
  await page.fill('#q', username);
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.locator(`tr[data-bucket="${bucket}"]`);
  await expect(row).toHaveAttribute('data-owner', username);
  await expect(row).toHaveAttribute('data-kind', 'user');
  await expect(row.locator('[data-field=reason]')).toHaveText('browser test');
  await expect(row.locator('[data-objects]')).toHaveAttribute('data-objects', '2');

  await row.getByTestId('purge-link').click();
  await expect(page.getByTestId('bucket-name')).toHaveText(bucket);
  await expect(page.getByTestId('purge-warning')).toContainText('destroyed for good');
  await expect(page.locator('[data-testid=purge-tally] [data-field=versions]')).toHaveText('3');
  await page.fill('#confirm', bucket + '-not');
  await page.getByTestId('purge-bucket').click();
  await expect(page.locator('[data-error-for=confirm]')).toBeVisible();
  await page.fill('#confirm', bucket);
  await page.getByTestId('purge-bucket').click();
  await expect(page.getByTestId('notice')).toContainText(`Bucket ${bucket} was purged`);

  await page.fill('#q', username);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator(`tr[data-bucket="${bucket}"]`)).toHaveCount(0);
  // The user's other bucket is purged too, so the test leaves nothing archived.
  await page.locator(`tr[data-bucket="${other}"]`).getByTestId('purge-link').click();
  await page.fill('#confirm', other);
  await page.getByTestId('purge-bucket').click();
  await expect(page.getByTestId('notice')).toContainText(`Bucket ${other} was purged`);
});
