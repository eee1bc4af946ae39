import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('the demo administrator logs in and lands on the dashboard', async ({ page }) => {
  await logIn(page, 'admin');

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('Ada Admin');
  await expect(page.locator('[data-service][data-ok=true]')).toHaveCount(4);
  await expect(page.locator('nav a[data-nav]')).toHaveCount(7);
});

test('an ordinary user is told they are not a platform administrator', async ({ page }) => {
  await logIn(page, 'alice');

  await expect(page.getByTestId('forbidden')).toContainText('not a platform administrator');
  await expect(page.locator('nav a[data-nav]')).toHaveCount(0);
});

test('every navigation area opens a page of its own', async ({ page }) => {
  await logIn(page, 'admin');
  const areas = await page.locator('nav a[data-nav]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('data-nav') ?? ''));
  expect(areas).toHaveLength(7);

  for (const area of areas) {
    await page.click(`nav a[data-nav=${area}]`);
    await expect(page.locator(`nav a[data-nav=${area}]`)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('unavailable')).toHaveCount(0);
    await expect(page.locator('main h1')).toBeVisible();
  }
});

test('logout ends the Keycloak session: the next visit asks for a password', async ({ page }) => {
  await logIn(page, 'admin');
  await expect(page.getByTestId('current-user')).toBeVisible();

  await page.getByTestId('logout').click();
  await expect(page.getByTestId('logged-out')).toBeVisible();

  await page.goto('/admin');
  await expect(page.locator('#kc-form-login input[name=password]')).toBeVisible();
});
