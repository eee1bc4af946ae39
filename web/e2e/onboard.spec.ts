import { test, expect } from '@playwright/test';
import { logIn, completeRequiredActions } from './helpers';

test('an admin onboards a user, who must change the password and set up OTP', async ({ page, browser }) => {
  const username = 'onboarded-' + Date.now().toString(36);
  await logIn(page, 'admin');
  await page.goto('/admin/users');
  await page.getByTestId('onboard-link').click();

  await page.fill('#username', username);
  await page.fill('#email', username + '@example.org');
  await page.fill('#first_name', 'Katherine');
  await page.fill('#last_name', 'Johnson');
  await page.check('input[name=email_verified]');
  await page.check('input[name=workspaces][value=vision]');
  await expect(page.locator('input[name=actions][value=CONFIGURE_TOTP]')).toBeChecked();
  await expect(page.locator('input[name=actions][value=UPDATE_PASSWORD]')).toBeChecked();
  await page.getByTestId('onboard-submit').click();

  await expect(page.getByTestId('onboarded')).toBeVisible();
  await expect(page.getByTestId('done')).toContainText('access to vision');
  const temporary = await page.getByTestId('generated-password').inputValue();

  const user = await browser.newPage();
  await logIn(user, username, temporary);
  const secret = await completeRequiredActions(user, 'Brand-new-secret-9');
  expect(secret).not.toBe('');
  // A platform user without admin rights ends on the portal's refusal page.
  await expect(user.getByTestId('forbidden')).toContainText('not a platform administrator');
  await user.close();
});

test('a bad onboarding form comes back with the input kept and messages at the fields', async ({ page }) => {
  await logIn(page, 'admin');
  await page.goto('/admin/users/new');
  await page.fill('#username', 'Not_Valid');
  await page.fill('#email', 'alice@example.org');
  await page.fill('#first_name', 'Kept');
  await page.fill('#last_name', 'Input');
  await page.getByTestId('onboard-submit').click();

  await expect(page.getByTestId('form-errors')).toBeVisible();
  await expect(page.locator('[data-error-for=username]')).toBeVisible();
  await expect(page.locator('#first_name')).toHaveValue('Kept');
});
