// Helpers shared by the browser tests: logging in, computing TOTP codes
// the way an authenticator app does, and reading the stack's mail folder.
import { Page, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const demoPassword = process.env.PKSTACK_DEMO_PASSWORD ?? '';

export async function logIn(page: Page, username: string, pw = demoPassword) {
  await page.goto('/admin');
  await expect(page.locator('#kc-form-login')).toBeVisible();
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', pw);
  await page.click('#kc-login');
}

// totp computes the current RFC 6238 code (SHA-1, 6 digits, 30 s), which
// is Keycloak's default OTP policy.
export function totp(secret: string, now = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

// mailsTo lists the mail files addressed to the address.
export function mailsTo(address: string): string[] {
  const dir = process.env.PKSTACK_MAILDIR ?? '';
  const suffix = '-' + address.replace('@', '_at_') + '.eml';
  return readdirSync(dir).filter((n) => n.endsWith(suffix)).sort().map((n) => join(dir, n));
}

// actionLinkIn reads Keycloak's action link from a mail file, undoing the
// quoted-printable encoding of its text part.
export function actionLinkIn(file: string): string {
  const raw = readFileSync(file, 'utf8')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const m = raw.match(/https?:\/\/[^\s"<>]+\/login-actions\/action-token\?[^\s"<>]+/);
  if (!m) throw new Error('no action link in ' + file);
  return m[0].replace(/&amp;/g, '&');
}

// completeRequiredActions answers Keycloak's update-password and OTP
// set-up pages, in whatever order Keycloak shows them, until it leaves
// Keycloak. It returns the OTP secret it registered, if any.
export async function completeRequiredActions(page: Page, newPassword: string): Promise<string> {
  let secret = '';
  for (let step = 0; step < 4; step++) {
    await page.waitForLoadState('domcontentloaded');
    if (await page.locator('#password-new').isVisible()) {
      await page.fill('#password-new', newPassword);
      await page.fill('#password-confirm', newPassword);
      await page.locator('input[type=submit], button[type=submit]').first().click();
      continue;
    }
    if (await page.locator('#totp').isVisible()) {
      await page.click('#mode-manual');
      secret = (await page.locator('#kc-totp-secret-key').innerText()).trim();
      await page.fill('#totp', totp(secret));
      await page.locator('#saveTOTPBtn, input[type=submit], button[type=submit]').first().click();
      continue;
    }
    break;
  }
  return secret;
}
