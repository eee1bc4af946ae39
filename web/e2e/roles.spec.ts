import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('an admin creates a storage role, finds it and deletes it by typing its name', async ({ page }) => {
  const name = 's3:e2e-' + Date.now();
  await logIn(page, 'admin');
  await page.click('nav a[data-nav=roles]');
  await page.getByTestId('new-role-link').click();

  // A name without a platform prefix needs the explicit tick.
  await page.fill('#name', 'e2e-no-prefix-' + Date.now());
  await page.getByTestId('create-role').click();
  await expect(page.locator('[data-error-for=name]')).toContainText('no platform prefix');

  await page.fill('#name', name);
  await page.fill('#description', 'Browser test role');
  await page.getByTestId('create-role').click();
  await expect(page.getByTestId('notice')).toHaveText(`Role ${name} was created.`);
  const row = page.locator(`tr[data-role="${name}"]`);
  await expect(row).toHaveAttribute('data-kind', 'storage');
  await expect(row.locator('[data-holders]')).toHaveText('0');

  await row.getByTestId('role-holders').click();
  await expect(page.getByTestId('role-name')).toHaveText(name);
  await expect(page.getByTestId('no-holders')).toBeVisible();
  await page.fill('#confirm', name);
  await page.getByTestId('delete-role').click();
  await expect(page.getByTestId('notice')).toHaveText(`Role ${name} was deleted.`);
});
