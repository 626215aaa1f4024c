import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; `apt-get install -y chromium` (.ci/run installs it). */
export const CHROMIUM_PATH = process.env.SORTIE_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSession {
  context: BrowserContext;
  downloadsDir: string;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile. A missing browser is an error, never a skip:
 * the end-to-end tests are what proves the client works.
 */
export async function launchChromium(
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; install it with "apt-get install -y chromium" (or set SORTIE_CHROMIUM).`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'sortie-chromium-'));
  const downloadsDir = mkdtempSync(join(tmpdir(), 'sortie-downloads-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--lang=${options.locale ?? 'ko-KR'}`],
    locale: options.locale ?? 'ko-KR',
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    acceptDownloads: true,
    downloadsPath: downloadsDir,
  });
  return {
    context,
    downloadsDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(downloadsDir, { recursive: true, force: true });
    },
  };
}
