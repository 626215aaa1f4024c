import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureClientBuilt } from './support/buildClient.js';
import { launchChromium, type BrowserSession } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { seedSortie, type SeededSortie } from './support/seedSortie.js';
import { signIn } from './support/signIn.js';
import { startSimulator, type RunningSimulator } from './support/startSimulator.js';
import { startSortie, type RunningSortie } from './support/startSortie.js';
import { waitFor } from './support/waitFor.js';

interface FlightRow {
  id: string;
  vehicleName: string;
  makerId: string | null;
  status: string;
}

/** Ground distance between two "lat,lon" marker positions [m] (flat earth: metres apart). */
function distanceM(from: string, to: string): number {
  const [lat1 = 0, lon1 = 0] = from.split(',').map(Number);
  const [lat2 = 0, lon2 = 0] = to.split(',').map(Number);
  const northM = (lat2 - lat1) * 111_320;
  const eastM = (lon2 - lon1) * 111_320 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(northM, eastM);
}

/** Simulated time runs this many times faster than the wall clock. */
const SIMULATOR_SPEED = 4;

describe('Sortie in Chromium: the whole system with the simulator', () => {
  let sortie: RunningSortie;
  let seeded: SeededSortie;
  let browser: BrowserSession;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    ensureClientBuilt();
    sortie = await startSortie(inject('databaseServerUri'));
    seeded = await seedSortie(sortie.url, sortie.adminEmail, sortie.adminPassword);
    browser = await launchChromium({ locale: 'ko-KR' });
    simulator = startSimulator({
      serverUrl: sortie.url,
      key: seeded.linkKey,
      vehicles: 3,
      scenario: 'fence-breach',
      speed: SIMULATOR_SPEED,
    });
  }, 240_000);

  afterAll(async () => {
    await simulator?.stop();
    await browser?.close();
    await sortie?.stop();
  });

  /** A flight of a maker's vehicle that has landed, found through the admin's API session. */
  async function landedFlightOf(makerId: string): Promise<FlightRow> {
    return waitFor(
      'a landed flight',
      async () => {
        const page = await seeded.admin.get<{ flights: FlightRow[] }>('/api/flights?status=landed');
        return page.flights.find((flight) => flight.makerId === makerId);
      },
      240_000,
      1000,
    );
  }

  it('shows an operator three drones moving on the live map, a card each', async () => {
    const page = await signIn(browser.context, sortie.url, seeded.operator, '/live');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=vehicle-card]').length === 3,
      null,
      { timeout: 120_000 },
    );
    const markerPositions = (p: Page) =>
      p.$$eval('.vehicle-marker', (markers) =>
        markers.map((m) => (m as HTMLElement).dataset.position ?? ''),
      );
    await page.waitForFunction(
      () => document.querySelectorAll('.vehicle-marker').length === 3,
      null,
      {
        timeout: 60_000,
      },
    );
    // Moving means flown away from the pad, not GPS noise: more than 5 m from where it was first.
    const first = await markerPositions(page);
    await waitFor(
      'all three vehicles to fly more than 5 m',
      async () => {
        const now = await markerPositions(page);
        const moved = now.map((position, i) => distanceM(first[i] ?? '', position) > 5);
        return now.length === 3 && moved.every(Boolean) ? now : undefined;
      },
      180_000,
    );

    const altitudes = await page.$$eval(
      '[data-testid=vehicle-card] [data-field=altRelM]',
      (cells) => cells.map((cell) => cell.textContent ?? ''),
    );
    expect(altitudes).toHaveLength(3);
    for (const altitude of altitudes) expect(altitude).toMatch(/^-?\d+\.\d m$/);
    await saveScreenshot(page, 'operator-live');

    // The scenario drifts one vehicle out of the range's fence during its hold: the server's
    // live check raises the breach, the banner and the alert list show it, and it can be acknowledged.
    const breachItem = page.locator('[data-testid=alert-list] li[data-alert-type=fence-breach]');
    await breachItem.first().waitFor({ timeout: 180_000 });
    expect(await breachItem.count()).toBe(1);
    expect(await breachItem.first().textContent()).toMatch(/Fence breach: \d+\.\d m beyond/);
    await page.locator('[data-testid=alert-banner]').waitFor();
    await saveScreenshot(page, 'operator-fence-breach');
    await breachItem.first().getByRole('button').click();
    await page
      .locator('[data-testid=alert-list] li.acknowledged[data-alert-type=fence-breach]')
      .waitFor({ timeout: 5_000 });
    await page.close();
  }, 420_000);

  it('lets an engineer open a finished flight, scrub, add a plot, evaluate it and download the PDF', async () => {
    const flight = await landedFlightOf(seeded.makerAId);
    const page = await signIn(browser.context, sortie.url, seeded.engineer, '/flights');
    await page.click(`[data-testid=flight-row][data-flight-id="${flight.id}"] a`);
    await page.waitForSelector('[data-testid=review-page][data-ready=true]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=replay-map] .vehicle-marker');

    const replayTimeUs = async () =>
      Number(await page.getAttribute('[data-testid=replay-time]', 'data-t-us'));
    const markerAt = () =>
      page.$eval(
        '[data-testid=replay-map] .vehicle-marker',
        (m) => (m as HTMLElement).style.transform,
      );
    const startUs = await replayTimeUs();
    const startMarker = await markerAt();
    // Take-off and the hold are straight above the pad: look at several points of the flight.
    const markersSeen = new Set([startMarker]);
    for (const fraction of [0.3, 0.5, 0.7, 0.9]) {
      const before = await replayTimeUs();
      await page.$eval(
        '[data-testid=replay-scrub]',
        (input, share) => {
          const slider = input as HTMLInputElement;
          const setValue = Object.getOwnPropertyDescriptor(
            HTMLInputElement.prototype,
            'value',
          )!.set!;
          setValue.call(slider, String(Math.round(Number(slider.max) * share)));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
        },
        fraction,
      );
      await waitFor(
        `the replay to move to ${fraction * 100} %`,
        async () => ((await replayTimeUs()) !== before ? true : undefined),
        5000,
        100,
      );
      markersSeen.add(await markerAt());
    }
    expect(await replayTimeUs()).toBeGreaterThan(startUs);
    expect(markersSeen.size).toBeGreaterThan(1);

    await page.selectOption('[data-testid=channel-select]', 'batteryRemainingPct');
    await page.click('[data-testid=add-plot]');
    await page.waitForSelector(
      '[data-testid=channel-plot][data-channel=batteryRemainingPct] canvas',
      {
        timeout: 30_000,
      },
    );
    expect(await page.$$('[data-testid=channel-plot]')).toHaveLength(3);

    await page.selectOption('[data-testid=plan-select]', seeded.planId);
    await page.click('[data-testid=run-evaluation]');
    // Evaluating reads the whole stored flight: tens of seconds on the embedded database.
    await page.waitForSelector('[data-testid=evaluation-results] tbody tr', { timeout: 300_000 });
    const criteria = await page.$$eval('[data-testid=evaluation-results] tbody tr', (rows) =>
      rows.map((row) => row.getAttribute('data-criterion')),
    );
    expect(criteria).toContain('geofence');
    const beforeJumpUs = await replayTimeUs();
    const jumpable = await page.$$('[data-testid=jump-to-evidence]:not([disabled])');
    expect(jumpable.length).toBeGreaterThan(0);
    await jumpable[0]!.click();
    await waitFor(
      'the replay to jump to the evidence',
      async () => ((await replayTimeUs()) !== beforeJumpUs ? true : undefined),
      5000,
      100,
    );
    await saveScreenshot(page, 'engineer-review');

    // The report is rendered on request: the download starts once the PDF is made.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 240_000 }),
      page.click('[data-testid=download-pdfKo]'),
    ]);
    const pdfPath = join(browser.downloadsDir, 'report-ko.pdf');
    await download.saveAs(pdfPath);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain(flight.vehicleName);
    expect(text).toMatch(/geofence|지오펜스/);
    await page.close();
  }, 720_000);

  it("keeps maker A's flights from maker B, in the list and by direct address", async () => {
    const flightOfA = await landedFlightOf(seeded.makerAId);
    const page = await signIn(browser.context, sortie.url, seeded.makerB, '/flights');
    await page.waitForSelector('[data-testid=flights-table][data-loading=false]');
    const vehicleNames = await page.$$eval('[data-testid=flight-row] td:first-child', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    expect(vehicleNames.filter((name) => name.startsWith('Alpha'))).toEqual([]);
    expect(await page.$(`[data-flight-id="${flightOfA.id}"]`)).toBeNull();

    await page.goto(`${sortie.url}/flights/${flightOfA.id}`);
    const error = await page.waitForSelector('.error-message');
    expect((await error.textContent())?.length).toBeGreaterThan(10);
    expect(await page.textContent('body')).not.toContain('Alpha');
    expect(await page.textContent('body')).not.toContain('Aero Alpha');
    await saveScreenshot(page, 'maker-b-direct-url');
    await page.close();
  }, 420_000);
});
