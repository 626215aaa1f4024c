import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ApiSession } from './support/apiSession.js';
import { ensureClientBuilt } from './support/buildClient.js';
import { launchChromium, type BrowserSession } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { seedSortie, type Person, type SeededSortie } from './support/seedSortie.js';
import { signIn } from './support/signIn.js';
import { startSimulator, type RunningSimulator } from './support/startSimulator.js';
import { startSortie, type RunningSortie } from './support/startSortie.js';
import { waitFor } from './support/waitFor.js';

interface FlightRow {
  id: string;
  vehicleId: string;
  vehicleName: string;
  status: string;
  testPlanId: string | null;
  summary: { durationS: number };
}

/** Simulated time runs this many times faster than the wall clock. */
const SIMULATOR_SPEED = 10;

/** Answers the next confirm() of the page: yes or no, and hands back the question it asked. */
function answerNextDialog(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      const question = dialog.message();
      void (accept ? dialog.accept() : dialog.dismiss()).then(() => resolve(question));
    });
  });
}

describe('Sortie in Chromium: administration in Korean, and comparing flights', () => {
  let sortie: RunningSortie;
  let seeded: SeededSortie;
  let browser: BrowserSession;
  let simulator: RunningSimulator;
  let admin: Person;

  beforeAll(async () => {
    ensureClientBuilt();
    sortie = await startSortie(inject('databaseServerUri'));
    seeded = await seedSortie(sortie.url, sortie.adminEmail, sortie.adminPassword);
    admin = { email: sortie.adminEmail, password: sortie.adminPassword };
    browser = await launchChromium({ locale: 'ko-KR' });
    // Two vehicles of maker A; the fence-breach scenario sends one of them out of the fence.
    simulator = startSimulator({
      serverUrl: sortie.url,
      key: seeded.linkKey,
      vehicles: 2,
      scenario: 'fence-breach',
      speed: SIMULATOR_SPEED,
    });
  }, 240_000);

  afterAll(async () => {
    await simulator?.stop();
    await browser?.close();
    await sortie?.stop();
  });

  it('lets an admin create a vehicle for a maker picked by name, in Korean, and delete it after asking', async () => {
    const page = await signIn(browser.context, sortie.url, admin, '/admin/vehicles');
    const form = page.locator('[data-testid=create-vehicles]');
    await form.waitFor();
    // Every field is labelled in Korean; no schema name is shown.
    const formText = (await form.textContent()) ?? '';
    expect(formText).toContain('일련번호');
    expect(formText).toContain('제조사');
    expect(formText).not.toMatch(/makerId|rangeId|sysId/);
    const headings = await page.$$eval('[data-testid=admin-vehicles] th', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    expect(headings.join(' ')).not.toMatch(/makerId|rangeId|sysId|serial/);

    await form.locator('input[name=name]').fill('Bravo-9');
    await form.locator('input[name=serial]').fill('BRV-0009');
    await form.locator('input[name=model]').fill('Test hexacopter');
    // The maker select offers the makers by name (filled from GET /api/makers).
    await form.locator('select[name=makerId] option', { hasText: 'Bravo Drones' }).waitFor({
      state: 'attached',
    });
    await form.locator('select[name=makerId]').selectOption({ label: 'Bravo Drones' });
    await form.locator('select[name=rangeId]').selectOption({ label: 'Simulator range' });
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-testid=admin-vehicles] tr', { hasText: 'BRV-0009' });
    await row.waitFor();
    // Shown by name once the makers and ranges are read (never as an id).
    await row.locator('td[data-column=makerId]', { hasText: 'Bravo Drones' }).waitFor();
    await row.locator('td[data-column=rangeId]', { hasText: 'Simulator range' }).waitFor();
    await saveScreenshot(page, 'admin-vehicle-created-ko');

    const { vehicles } = await seeded.admin.get<{
      vehicles: { id: string; serial: string; makerId: string | null }[];
    }>('/api/vehicles');
    const created = vehicles.find((v) => v.serial === 'BRV-0009');
    expect(created?.makerId).toBe(seeded.makerBId);

    // The same serial again: the server refuses, and its own sentence is what the admin reads.
    await form.locator('input[name=name]').fill('Bravo-9 again');
    await form.locator('input[name=serial]').fill('BRV-0009');
    await form.locator('button[type=submit]').click();
    const refusal = await form.locator('.error-message').textContent();
    const answer = await fetch(`${sortie.url}/api/vehicles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await cookieHeader(page) },
      body: JSON.stringify({ name: 'Bravo-9 again', serial: 'BRV-0009' }),
    });
    expect(answer.status).toBe(409);
    const { error } = (await answer.json()) as { error: { message: string } };
    expect(refusal).toBe(error.message);

    // Delete asks first; "no" keeps the vehicle, "yes" deletes it.
    let question = answerNextDialog(page, false);
    await row.locator('button.danger').click();
    expect(await question).toContain('Bravo-9');
    expect(await row.count()).toBe(1);
    question = answerNextDialog(page, true);
    await row.locator('button.danger').click();
    await question;
    await row.waitFor({ state: 'detached' });
    await page.close();
  }, 120_000);

  it('shows users with Korean headings and roles, and disables one with a switch', async () => {
    const page = await signIn(browser.context, sortie.url, admin, '/admin/users');
    const row = page.locator('[data-testid=admin-users] tr', {
      hasText: seeded.operator.email,
    });
    await row.waitFor();
    expect(await row.locator('td[data-column=role]').textContent()).toBe('운용자');
    const makerRow = page.locator('[data-testid=admin-users] tr', {
      hasText: seeded.makerA.email,
    });
    await makerRow.locator('td[data-column=makerId]', { hasText: 'Aero Alpha' }).waitFor();
    const headings = (await page.locator('[data-testid=admin-users] thead').textContent()) ?? '';
    expect(headings).not.toMatch(/email|makerId|disabled/);
    expect(await page.locator('[data-testid=create-users]').textContent()).not.toMatch(
      /makerId|disabled: false/,
    );

    const operatorDisabled = async () => {
      const { users } = await seeded.admin.get<{ users: { email: string; disabled: boolean }[] }>(
        '/api/users',
      );
      return users.find((u) => u.email === seeded.operator.email)?.disabled;
    };
    const toggle = row.locator('td[data-column=disabled] [role=switch]');
    expect(await toggle.isChecked()).toBe(false);
    await row.locator('td[data-column=disabled] label.switch').click();
    await waitFor(
      'the operator to be disabled',
      async () => (await operatorDisabled()) || undefined,
      10_000,
      100,
    );
    await page.waitForFunction(
      (email) =>
        [...document.querySelectorAll('[data-testid=admin-users] tr')]
          .find((tr) => tr.textContent?.includes(email))
          ?.querySelector<HTMLInputElement>('[role=switch]')?.checked === true,
      seeded.operator.email,
    );
    await saveScreenshot(page, 'admin-users-ko');
    await row.locator('td[data-column=disabled] label.switch').click();
    await waitFor(
      'the operator to be enabled again',
      async () => ((await operatorDisabled()) === false ? true : undefined),
      10_000,
      100,
    );
    await page.close();
  }, 60_000);

  it('previews an imported fence on the map before saving, and asks before removing every fence', async () => {
    const page = await signIn(browser.context, sortie.url, admin, '/admin/ranges');
    const map = page.locator('[data-testid=fence-editor-map]');
    await map.waitFor();
    // Two squares near the simulator's origin (any coordinates do; the server validates shape).
    const square = (lonDeg: number, latDeg: number, sizeDeg: number) => [
      [lonDeg, latDeg],
      [lonDeg + sizeDeg, latDeg],
      [lonDeg + sizeDeg, latDeg + sizeDeg],
      [lonDeg, latDeg + sizeDeg],
      [lonDeg, latDeg],
    ];
    const range = await seeded.admin.get<{ origin: { latDeg: number; lonDeg: number } }>(
      `/api/ranges/${seeded.rangeId}`,
    );
    const { latDeg, lonDeg } = range.origin;
    // KML: read in the browser for the preview, sent as {format: 'kml'} and stored on Save.
    const ring = square(lonDeg - 0.003, latDeg - 0.003, 0.006)
      .map(([lon, lat]) => `${lon},${lat},0`)
      .join(' ');
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>KML field</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Document></kml>`;
    await page.setInputFiles('[data-testid=fence-file]', {
      name: 'field.kml',
      mimeType: 'application/vnd.google-earth.kml+xml',
      buffer: Buffer.from(kml),
    });
    await page.locator('[data-testid=fence-preview]', { hasText: 'field.kml' }).waitFor();
    expect(await map.getAttribute('data-zones')).toBe('1');
    await page.locator('.range-toolbar button', { hasText: '펜스 저장' }).click();
    await page.locator('[data-testid=fences-saved]').waitFor();
    const fromKml = await seeded.admin.get<{ fences: { zones: { id: string }[] } }>(
      `/api/ranges/${seeded.rangeId}`,
    );
    // An unnamed zone takes the placemark's name as its id (server/certification/fences).
    expect(fromKml.fences.zones.map((z) => z.id)).toEqual(['KML field']);
    const savedZones = String(fromKml.fences.zones.length);
    await page
      .locator(`[data-testid=fence-editor-map][data-previewing=false][data-zones="${savedZones}"]`)
      .waitFor();

    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'Field' },
          geometry: {
            type: 'Polygon',
            coordinates: [square(lonDeg - 0.004, latDeg - 0.004, 0.008)],
          },
        },
        {
          type: 'Feature',
          properties: { name: 'No-fly', role: 'exclusion' },
          geometry: {
            type: 'Polygon',
            coordinates: [square(lonDeg + 0.001, latDeg + 0.001, 0.001)],
          },
        },
      ],
    };
    // Drawing: three clicks on the map and "finish" preview a new polygon; discard drops it.
    await page.locator('.range-toolbar button', { hasText: '펜스 그리기' }).click();
    const box = (await map.boundingBox())!;
    for (const [x, y] of [
      [0.4, 0.4],
      [0.6, 0.4],
      [0.5, 0.6],
    ] as const) {
      await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    }
    await page.locator('.range-toolbar button', { hasText: '다각형 완료' }).click();
    await page.locator('[data-testid=fence-preview]').waitFor();
    expect(await map.getAttribute('data-zones')).toBe(String(Number(savedZones) + 1));
    await page.locator('.range-toolbar button', { hasText: '버리기' }).click();
    expect(await map.getAttribute('data-zones')).toBe(savedZones);
    expect(await map.getAttribute('data-previewing')).toBe('false');

    await page.setInputFiles('[data-testid=fence-file]', {
      name: 'field.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(geojson)),
    });
    await page.locator('[data-testid=fence-preview]', { hasText: 'field.geojson' }).waitFor();
    expect(await map.getAttribute('data-previewing')).toBe('true');
    expect(await map.getAttribute('data-zones')).toBe('2');
    // Nothing is stored until Save.
    const before = await seeded.admin.get<{ fences: { zones: unknown[] } }>(
      `/api/ranges/${seeded.rangeId}`,
    );
    expect(String(before.fences.zones.length)).toBe(savedZones);
    await saveScreenshot(page, 'admin-fence-preview-ko');

    await page.locator('.range-toolbar button', { hasText: '펜스 저장' }).click();
    await page.locator('[data-testid=fences-saved]').waitFor();
    const after = await seeded.admin.get<{ fences: { zones: { role: string }[] } }>(
      `/api/ranges/${seeded.rangeId}`,
    );
    expect(after.fences.zones.map((z) => z.role)).toEqual(['inclusion', 'exclusion']);

    // A file without zones: the server's 422 sentence is shown in the question, and "no" keeps
    // the fences.
    await page.setInputFiles('[data-testid=fence-file]', {
      name: 'empty.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [] })),
    });
    await page.locator('[data-testid=fence-preview]').waitFor();
    const question = answerNextDialog(page, false);
    await page.locator('.range-toolbar button', { hasText: '펜스 저장' }).click();
    expect(await question).toMatch(/allowEmpty=true/);
    const shown = await page.locator('.range-editor .error-message').textContent();
    expect(shown).toMatch(/hold no zone/);
    const kept = await seeded.admin.get<{ fences: { zones: unknown[] } }>(
      `/api/ranges/${seeded.rangeId}`,
    );
    expect(kept.fences.zones).toHaveLength(2);
    await page.close();
  }, 120_000);

  it('compares two flights: refused while they share neither vehicle nor plan, then overlaid once evaluated under one plan', async () => {
    const landed = await waitFor(
      'two landed flights',
      async () => {
        const answer = await seeded.admin.get<{ flights: FlightRow[] }>(
          '/api/flights?status=landed',
        );
        return answer.flights.length >= 2 ? answer.flights.slice(0, 2) : undefined;
      },
      300_000,
      1000,
    );
    expect(new Set(landed.map((f) => f.vehicleId)).size).toBe(2);

    const page = await signIn(browser.context, sortie.url, seeded.engineer, '/flights');
    const pick = async () => {
      for (const flight of landed) {
        await page
          .locator(
            `[data-testid=flight-row][data-flight-id="${flight.id}"] [data-testid=flight-select]`,
          )
          .check();
      }
    };
    await page.locator(`[data-testid=flight-row][data-flight-id="${landed[0]!.id}"]`).waitFor();
    await pick();
    // Two vehicles, no plan yet: the list says why they cannot be compared.
    expect(await page.locator('[data-testid=compare-refusal]').textContent()).toContain(
      '시험 계획',
    );
    expect(await page.locator('[data-testid=compare-open]').isDisabled()).toBe(true);
    await saveScreenshot(page, 'compare-refused-ko');

    const engineer = await ApiSession.login(
      sortie.url,
      seeded.engineer.email,
      seeded.engineer.password,
    );
    for (const flight of landed) {
      await engineer.post(`/api/flights/${flight.id}/evaluations`, { planId: seeded.planId });
    }
    await page.reload();
    await page.locator(`[data-testid=flight-row][data-flight-id="${landed[0]!.id}"]`).waitFor();
    await pick();
    await page.locator('[data-testid=compare-open]').click();
    await page.waitForURL(/\/compare\?flights=/);
    expect(new URL(page.url()).searchParams.get('flights')).toBe(landed.map((f) => f.id).join(','));

    await page.locator('[data-testid=compare-plot][data-ready=true]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=compare-map]').getAttribute('data-tracks')).toBe('2');
    expect(await page.locator('[data-testid=compared-flight]').count()).toBe(2);
    // Each flight's line in the overlay, named in the plot's legend.
    const legend = (await page.locator('[data-testid=compare-plot] .u-legend').textContent()) ?? '';
    for (const flight of landed) expect(legend).toContain(flight.vehicleName);

    // The verdict table has a row per criterion of the plan, each with both flights' verdicts.
    const evaluation = await engineer.get<{ evaluations: { results: unknown[] }[] }>(
      `/api/flights/${landed[0]!.id}/evaluations`,
    );
    const criterionRows = page.locator('[data-testid=compare-verdicts] tr[data-criterion]');
    expect(await criterionRows.count()).toBe(evaluation.evaluations[0]!.results.length);
    expect(await criterionRows.first().locator('td').count()).toBe(2);
    const durationCells = await page.$$eval(
      '[data-testid=compare-summary] tr[data-quantity=durationS] td',
      (cells) => cells.map((cell) => cell.textContent ?? ''),
    );
    expect(durationCells).toHaveLength(3);

    // Aligned at the first breach instead: the flight that stayed inside says so.
    await page.selectOption('[data-testid=compare-align]', 'breach');
    await page.locator('[data-testid=compare-plot][data-ready=true]').waitFor();
    expect(await page.locator('.compare-page [role=status]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.compare-page [role=status]').first().textContent()).toContain(
      '이륙 시점',
    );

    await page.selectOption('[data-testid=channel-select]', 'groundSpeedMps');
    await page.click('[data-testid=add-plot]');
    await page
      .locator('[data-testid=compare-plot][data-channel=groundSpeedMps][data-ready=true]')
      .waitFor();
    await page.selectOption('[data-testid=compare-align]', 'takeoff');
    await saveScreenshot(page, 'compare-flights-ko');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await saveScreenshot(page, 'compare-flights-summary-ko');
    await page.close();
  }, 420_000);
});

async function cookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
