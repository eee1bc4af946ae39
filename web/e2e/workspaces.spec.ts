import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

// keycloakAdmin calls the realm's admin API as the master realm's
// administrator, to set up and remove what the test needs.
async function keycloakAdmin() {
  const kc = new URL(process.env.PKADMIN_KEYCLOAK_URL ?? '');
  const base = kc.origin + kc.pathname.replace(/\/$/, '');
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
  const { access_token } = await tokenResp.json();
  return async (method: string, path: string, body?: unknown): Promise<Response> => {
    const resp = await fetch(`${base}/admin/realms/${realm}${path}`, {
      method,
      headers: { Authorization: 'Bearer ' + access_token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (resp.status >= 300) throw new Error(`${method} ${path}: ${resp.status}`);
    return resp;
  };
}

const idFrom = (resp: Response) => (resp.headers.get('location') ?? '').split('/').pop() ?? '';

test('an admin creates a workspace with a group and a user, and a removal names the remaining path', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const workspace = 'e2e-ws-' + suffix;
  const username = 'e2e-ws-user-' + suffix;
  const group = 'e2e-ws-group-' + suffix;
  const kc = await keycloakAdmin();
  const userID = idFrom(await kc('POST', '/users', { username, enabled: true }));
  const groupID = idFrom(await kc('POST', '/groups', { name: group }));
  await kc('PUT', `/users/${userID}/groups/${groupID}`);

  try {
    await logIn(page, 'admin');
    await page.click('nav a[data-nav=workspaces]');
    await page.getByTestId('create-workspace').click();
    await page.fill('#name', workspace);
    await page.fill('#description', 'Made by a browser test');
    await page.fill('#users', username);
    await page.check(`input[name=groups][value="${group}"]`);
    await page.getByTestId('create-submit').click();

    await expect(page.getByRole('heading', { name: workspace })).toBeVisible();
    await expect(page.getByTestId('description')).toHaveText('Made by a browser test');
    const member = page.locator(`tr[data-member="${username}"]`);
    await expect(member.locator('[data-field=via]')).toHaveText(`directly and through group ${group}`);

    await expect(page.locator('input[name=end_sessions]')).toBeChecked();
    await member.locator('[data-action=remove-direct]').click();
    await expect(page.getByTestId('remaining')).toHaveText(
      `${username} still has access through group ${group}.`);
    await expect(member.locator('[data-field=via]')).toHaveText(`through group ${group}`);
    await expect(member.locator('[data-action=remove-direct]')).toHaveCount(0);
  } finally {
    await kc('DELETE', '/roles/' + encodeURIComponent('pk:' + workspace)).catch(() => {});
    await kc('DELETE', '/groups/' + groupID);
    await kc('DELETE', '/users/' + userID);
  }
});
