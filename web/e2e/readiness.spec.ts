import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('an admin fixes a user on the readiness page', async ({ page }) => {
  await logIn(page, 'admin');
  await page.click('nav a[data-nav=readiness]');

  const erin = page.locator('tr[data-user=erin]');
  await expect(erin.locator('[data-problem]')).toHaveText(["not in the platform users' group"]);
  await erin.locator('input[type=checkbox]').check();
  await page.getByTestId('fix-platform').click();

  await expect(page.getByTestId('notice')).toHaveText('Fixed: 1 users.');
  await expect(page.locator('tr[data-user=erin]')).toHaveCount(0);
  await expect(page.locator('tr[data-user=dave]')).toBeVisible();
});
