import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../server/config.js';

/** Screenshots go to test/e2e/screenshots/ (git-ignored) for a person to look at. */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
