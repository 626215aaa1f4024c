import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureClientBuilt } from './support/buildClient.js';
import { launchChromium, type BrowserSession } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { seedSortie, type SeededSortie } from './support/seedSortie.js';
import { signIn } from './support/signIn.js';
import { startSortie, type RunningSortie } from './support/startSortie.js';

describe('Sortie in Chromium: language, sign-in and error sentences', () => {
  let sortie: RunningSortie;
  let seeded: SeededSortie;
  let browser: BrowserSession;

  beforeAll(async () => {
    ensureClientBuilt();
    sortie = await startSortie(inject('databaseServerUri'));
    seeded = await seedSortie(sortie.url, sortie.adminEmail, sortie.adminPassword);
    browser = await launchChromium({ locale: 'ko-KR' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sortie?.stop();
  });

  it('speaks Korean to a browser that prefers it, switches to English and back', async () => {
    const page = await signIn(browser.context, sortie.url, seeded.engineer, '/flights');
    expect(await page.textContent('.app-header nav')).toContain('비행 기록');
    expect(await page.textContent('h1')).toBe('비행 기록');

    await page.click('[data-testid=language-en]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('.app-header nav')).toContain('Flights');
    expect(await page.textContent('h1')).toBe('Flights');
    await saveScreenshot(page, 'flights-english');

    // The choice outlives a reload.
    await page.reload();
    await page.waitForSelector('.app-header nav');
    expect(await page.textContent('h1')).toBe('Flights');

    await page.click('[data-testid=language-ko]');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    expect(await page.textContent('h1')).toBe('비행 기록');
    await page.close();
  }, 120_000);

  it("shows the server's own sentence for a refused sign-in", async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(`${sortie.url}/flights`);
    await page.fill('input[name=email]', seeded.engineer.email);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('form.login-form button[type=submit]');
    const error = await page.waitForSelector('.login-form .error-message');
    const shown = (await error.textContent()) ?? '';

    const answer = await fetch(`${sortie.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seeded.engineer.email, password: 'not-the-password' }),
    });
    const { error: refused } = (await answer.json()) as { error: { message: string } };
    expect(shown).toBe(refused.message);
    await saveScreenshot(page, 'login-refused');
    await page.close();
  }, 60_000);

  it("shows a flight that does not exist as the server's sentence, not a blank page", async () => {
    const page = await signIn(browser.context, sortie.url, seeded.engineer, '/flights');
    await page.goto(`${sortie.url}/flights/0123456789abcdef01234567`);
    const error = await page.waitForSelector('.error-message');
    expect(await error.textContent()).toMatch(/0123456789abcdef01234567/);
    await page.close();
  }, 60_000);

  it('sends makers to their flight list, with no live view or admin in the header', async () => {
    const page = await signIn(browser.context, sortie.url, seeded.makerA, '/');
    await page.waitForURL(/\/flights$/);
    const tabs = await page.$$eval('.app-header nav a', (links) =>
      links.map((a) => a.getAttribute('href')),
    );
    expect(tabs).toEqual(['/flights']);
    await page.goto(`${sortie.url}/admin`);
    await page.waitForURL(/\/flights$/);
    await page.close();
  }, 60_000);

  it('lets a user change their own password from the account page, and keeps them signed in', async () => {
    const page = await signIn(browser.context, sortie.url, seeded.makerB, '/flights');
    await page.click('.app-header a.who');
    await page.waitForURL(/\/account$/);
    const form = page.locator('.account-page form');
    await form.locator('input[name=currentPassword]').fill('not-the-password');
    await form.locator('input[name=newPassword]').fill('a brand new password');
    await form.locator('input[name=repeatPassword]').fill('a brand new password');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.error-message').textContent()).toBe(
      'The current password is wrong.',
    );

    await form.locator('input[name=currentPassword]').fill(seeded.makerB.password);
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    await saveScreenshot(page, 'account-password-changed');

    const oldLogin = await fetch(`${sortie.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seeded.makerB.email, password: seeded.makerB.password }),
    });
    expect(oldLogin.status).toBe(401);
    await page.goto(`${sortie.url}/flights`);
    await page.waitForSelector('.app-header nav');
    await page.close();
  }, 60_000);
});
