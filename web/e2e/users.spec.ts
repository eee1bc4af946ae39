import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('helpdesk finds a user as they type and sets a temporary password', async ({ page, browser }) => {
  await logIn(page, 'helpdesk');
  await page.click('nav a[data-nav=users]');

  await page.fill('#q', 'caro');
  await expect(page.locator('tr[data-user]')).toHaveCount(1);
  await expect(page.locator('tr[data-user=carol]')).toBeVisible();
  await expect(page).toHaveURL(/q=caro/);

  await page.click('tr[data-user=carol] a');
  await expect(page.getByRole('heading', { name: 'carol' })).toBeVisible();
  await expect(page.getByTestId('admin-state')).toHaveCount(0);

  await page.getByRole('button', { name: 'Set temporary password' }).click();
  const generated = await page.getByTestId('generated-password').inputValue();
  expect(generated.length).toBeGreaterThanOrEqual(12);

  // Carol logs in with it elsewhere and Keycloak makes her choose a new one.
  const other = await browser.newPage();
  await logIn(other, 'carol', generated);
  await expect(other.locator('input[name=password-new]')).toBeVisible();
  await other.close();
});

test('the users list works as a plain form without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, 'admin');
  await page.goto('/admin/users');

  await page.selectOption('select[name=filter]', 'email-unverified');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('tr[data-user=dave]')).toBeVisible();
  await expect(page.locator('tr[data-user=alice]')).toHaveCount(0);
  await context.close();
});
