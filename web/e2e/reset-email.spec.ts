import { test, expect } from '@playwright/test';
import { logIn, mailsTo, actionLinkIn, completeRequiredActions } from './helpers';

test('helpdesk sends a reset e-mail; the link from the mail sets a new password', async ({ page, browser }) => {
  await logIn(page, 'helpdesk');
  await page.goto('/admin/users?q=bob');
  await page.click('tr[data-user=bob] a');

  const before = mailsTo('bob@example.org').length;
  await page.selectOption('#lifespan', '1h');
  await page.getByTestId('send-reset-email').click();
  await expect(page.getByTestId('notice')).toHaveText('The reset e-mail was sent.');

  await expect.poll(() => mailsTo('bob@example.org').length, { timeout: 30_000 }).toBeGreaterThan(before);
  const mails = mailsTo('bob@example.org');
  const link = actionLinkIn(mails[mails.length - 1]);

  const bob = await browser.newPage();
  await bob.goto(link);
  // Keycloak first names the actions and asks to proceed.
  const proceed = bob.getByRole('link', { name: /proceed/i });
  if (await proceed.isVisible()) await proceed.click();
  await completeRequiredActions(bob, 'Bobs-new-password-1');
  await bob.close();

  // The new password works.
  const again = await browser.newPage();
  await logIn(again, 'bob', 'Bobs-new-password-1');
  await expect(again.getByTestId('forbidden')).toBeVisible();
  await again.close();
});
