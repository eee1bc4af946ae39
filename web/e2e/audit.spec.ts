import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

test('a change is found in the audit log by its action, with its actor', async ({ page }) => {
  const name = 'e2e-audit-' + Date.now();
  await logIn(page, 'admin');
  await page.goto('/admin/groups/new');
  await page.fill('#name', name);
  await page.getByTestId('create-group').click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const groupPage = page.url();

  await page.click('nav a[data-nav=audit]');
  await page.fill('#action', 'group.create');
  await page.fill('#target', name);
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.locator('[data-testid=audit] tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('[data-field=actor]')).toHaveText('admin');
  await expect(rows.locator('[data-field=target]')).toHaveText('group/' + name);
  await expect(rows.locator('[data-field=outcome]')).toHaveText('success');
  await expect(rows.locator('[data-field=request-id]')).not.toBeEmpty();

  await page.selectOption('#outcome', 'refused');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('no-records')).toBeVisible();

  // The group goes again.
  await page.goto(groupPage);
  await page.getByTestId('delete-link').click();
  await page.fill('#confirm', name);
  await page.getByTestId('delete-group').click();
  await expect(page.getByTestId('notice')).toHaveText('The group was deleted.');
});
