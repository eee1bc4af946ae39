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

test('a reset link used after its lifetime is refused', async ({ page }) => {
  // The portal offers an hour at least, so Keycloak's own admin API sends
  // a link that lives one second.
  const kc = new URL(process.env.PKADMIN_KEYCLOAK_URL ?? '');
  const base = kc.origin + kc.pathname;
  const realm = process.env.PKADMIN_KEYCLOAK_REALM ?? '';
  const tokenResp = await fetch(base + '/realms/master/protocol/openid-connect/token', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.PKSTACK_KEYCLOAK_ADMIN ?? '',
      password: process.env.PKSTACK_KEYCLOAK_ADMIN_PASSWORD ?? '',
    }),
  });
  const { access_token: token } = await tokenResp.json();
  const auth = { Authorization: 'Bearer ' + token };
  const users = await (await fetch(base + `/admin/realms/${realm}/users?username=erin&exact=true`, { headers: auth })).json();
  const before = mailsTo('erin@example.org').length;
  const sent = await fetch(base + `/admin/realms/${realm}/users/${users[0].id}/execute-actions-email?lifespan=1`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(['UPDATE_PASSWORD']),
  });
  expect(sent.status).toBe(204);

  await expect.poll(() => mailsTo('erin@example.org').length, { timeout: 30_000 }).toBeGreaterThan(before);
  const mails = mailsTo('erin@example.org');
  const link = actionLinkIn(mails[mails.length - 1]);
  await page.waitForTimeout(3000);

  await page.goto(link);
  await expect(page.locator('body')).toContainText(/expired/i);
  await expect(page.locator('#password-new')).toHaveCount(0);
});
