import type { BrowserContext, Page } from 'playwright-core';
import type { Person } from './seedSortie.js';

/** Opens a page on `path`, signs in through the login form, and waits for the app to land. */
export async function signIn(
  context: BrowserContext,
  baseUrl: string,
  person: Person,
  path: string,
): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.fill('input[name=email]', person.email);
  await page.fill('input[name=password]', person.password);
  await page.click('form.login-form button[type=submit]');
  await page.waitForSelector('.app-header .who');
  return page;
}
