import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('admin finds groups as they type', async ({ page }) => {
  await logIn(page, 'admin');
  await page.click('nav a[data-nav=groups]');

  await page.fill('#q', 'team-vis');
  await expect(page.locator('tr[data-group]')).toHaveCount(1);
  await expect(page.locator('tr[data-group=team-vision] [data-field=workspaces]')).toHaveText('vision');
  await expect(page).toHaveURL(/q=team-vis/);
});

test('a group is created, granted a workspace and deleted without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const name = 'e2e-group-' + Date.now();
  await logIn(page, 'admin');
  await page.goto('/admin/groups/new');

  await page.fill('#name', 'bad/name');
  await page.getByTestId('create-group').click();
  await expect(page.locator('[data-error-for=name]')).toBeVisible();
  await page.fill('#name', name);
  await page.fill('#description', 'Made by a browser test');
  await page.getByTestId('create-group').click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('description')).toHaveText('Made by a browser test');

  await page.selectOption('#grant-workspace', 'pk:vision');
  await page.getByTestId('grant-workspace').click();
  await expect(page.locator('tr[data-role="pk:vision"]')).toBeVisible();

  await page.getByTestId('delete-link').click();
  await page.fill('#confirm', name);
  await page.getByTestId('delete-group').click();
  await expect(page.getByTestId('notice')).toHaveText('The group was deleted.');
  await page.fill('#q', name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('no-groups')).toBeVisible();
  await context.close();
});
