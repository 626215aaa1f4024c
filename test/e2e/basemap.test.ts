import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ORIGIN } from '../../ground-link/simulator/index.js';
import { encodePng } from '../support/pngImage.js';
import { tileAt, tileBounds, writePmtiles, type PmtilesTile } from '../support/pmtilesWriter.js';
import { ensureClientBuilt } from './support/buildClient.js';
import { launchChromium, type BrowserSession } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { seedSortie, type SeededSortie } from './support/seedSortie.js';
import { signIn } from './support/signIn.js';
import { startSortie, type RunningSortie } from './support/startSortie.js';

/** The basemap's zoom levels; the maps stretch its deepest tiles when zoomed in further. */
const MIN_ZOOM = 13;
const MAX_ZOOM = 16;

/**
 * A 3 × 3 block of zoom-13 tiles round the simulator's range, and the same area at every
 * zoom to 16: sand with a brown 32 px grid, darker at each zoom, so a screenshot shows plainly
 * which tiles were drawn. Noise-free, the 765 PNGs deflate to well under a kilobyte each.
 */
function rangeArchive(): { archive: Buffer; tiles: PmtilesTile[] } {
  const centre = tileAt(DEFAULT_ORIGIN.latDeg, DEFAULT_ORIGIN.lonDeg, MIN_ZOOM);
  const tiles: PmtilesTile[] = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const scale = 2 ** (z - MIN_ZOOM);
    const shade = 16 * (z - MIN_ZOOM);
    const image = encodePng(256, 256, (x, y) =>
      x % 32 === 0 || y % 32 === 0 ? [140, 100, 60] : [236 - shade, 214 - shade, 170 - shade],
    );
    for (let y = (centre.y - 1) * scale; y < (centre.y + 2) * scale; y++) {
      for (let x = (centre.x - 1) * scale; x < (centre.x + 2) * scale; x++) {
        tiles.push({ z, x, y, data: image });
      }
    }
  }
  const [west, , , north] = tileBounds(MIN_ZOOM, centre.x - 1, centre.y - 1);
  const [, south, east] = tileBounds(MIN_ZOOM, centre.x + 1, centre.y + 1);
  // A hair (~1 cm) inside the block: the header keeps degrees × 10⁷, and bounds rounded out
  // would touch the next tiles, which the map would then ask for.
  const insideDeg = 1e-7;
  const bounds: [number, number, number, number] = [
    west + insideDeg,
    south + insideDeg,
    east - insideDeg,
    north - insideDeg,
  ];
  return { archive: writePmtiles({ tiles, bounds }), tiles };
}

/** Every tile of the basemap layer done (loaded, or refused) and faded in, for a screenshot. */
async function basemapSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const images = [...document.querySelectorAll<HTMLImageElement>('.range-basemap img')];
      return (
        images.length > 0 &&
        images.some((img) => img.classList.contains('leaflet-tile-loaded')) &&
        images.every((img) => img.complete && getComputedStyle(img).opacity === '1')
      );
    },
    null,
    { timeout: 30_000 },
  );
}

describe('Sortie in Chromium: the range’s own offline basemap', () => {
  let sortie: RunningSortie;
  let seeded: SeededSortie;
  let browser: BrowserSession;

  beforeAll(async () => {
    ensureClientBuilt();
    sortie = await startSortie(inject('databaseServerUri'));
    seeded = await seedSortie(sortie.url, sortie.adminEmail, sortie.adminPassword);
    browser = await launchChromium({ locale: 'en-GB' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sortie?.stop();
  });

  it('lets an admin upload a PMTiles file for the range, and the live map then draws its tiles', async () => {
    const { archive, tiles } = rangeArchive();
    const admin = { email: sortie.adminEmail, password: sortie.adminPassword };
    const page = await signIn(browser.context, sortie.url, admin, '/admin/ranges');
    // The metric grid, before: no basemap yet.
    await page.getByText('No basemap: maps draw the metric grid.').waitFor();
    await page.setInputFiles('[data-testid=basemap-upload] input[type=file]', {
      name: 'simulator-range.pmtiles',
      mimeType: 'application/octet-stream',
      buffer: archive,
    });
    await page.getByText(`zoom ${MIN_ZOOM}–${MAX_ZOOM}`).waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'basemap-admin-uploaded');

    const tileRequests: string[] = [];
    const live = await browser.context.newPage();
    live.on('request', (request) => {
      if (/\/api\/ranges\/[0-9a-f]{24}\/basemap\/\d+\/\d+\/\d+/.test(request.url())) {
        tileRequests.push(request.url());
      }
    });
    await live.goto(`${sortie.url}/live`);
    // Loaded, decoded images of the basemap's tile layer, 256 px wide as the PNGs written above.
    await live.waitForFunction(
      () =>
        [
          ...document.querySelectorAll<HTMLImageElement>('.range-basemap img.leaflet-tile-loaded'),
        ].filter((img) => img.complete && img.naturalWidth === 256).length > 0,
      null,
      { timeout: 60_000 },
    );
    await basemapSettled(live);
    const drawn = await live.$$eval('.range-basemap img.leaflet-tile-loaded', (images) =>
      images.map((img) => (img as HTMLImageElement).src),
    );
    await saveScreenshot(live, 'basemap-live');

    // Zoomed out past the basemap's edges, the metric grid is what shows around it.
    for (let click = 0; click < 6; click++) await live.click('.leaflet-control-zoom-out');
    await basemapSettled(live);
    await saveScreenshot(live, 'basemap-live-edges');

    const expected = new Set(tiles.map((tile) => `${tile.z}/${tile.x}/${tile.y}`));
    const served = (url: string) => /\/basemap\/(\d+\/\d+\/\d+)/.exec(url)?.[1] ?? '';
    expect(tileRequests.length).toBeGreaterThan(0);
    // Only tiles the archive holds are asked for: the layer keeps to the archive's bounds.
    for (const url of tileRequests) expect(expected).toContain(served(url));
    expect(drawn.length).toBeGreaterThan(0);
    for (const src of drawn) {
      expect(src.startsWith(`${sortie.url}/api/ranges/${seeded.rangeId}/basemap/`)).toBe(true);
      expect(expected).toContain(served(src));
    }
    await live.close();
    await page.close();
  }, 180_000);

  it('lets an admin lay one georeferenced image under the map instead, with its bounds', async () => {
    // A 256 × 256 picture: blue and white diagonal stripes, 8 px wide.
    const image = encodePng(256, 256, (x, y) =>
      Math.floor((x + y) / 8) % 2 === 0 ? [70, 120, 200] : [240, 244, 250],
    );
    const bounds = {
      west: DEFAULT_ORIGIN.lonDeg - 0.003,
      south: DEFAULT_ORIGIN.latDeg - 0.002,
      east: DEFAULT_ORIGIN.lonDeg + 0.003,
      north: DEFAULT_ORIGIN.latDeg + 0.002,
    };
    const admin = { email: sortie.adminEmail, password: sortie.adminPassword };
    const page = await signIn(browser.context, sortie.url, admin, '/admin/ranges');
    await page.setInputFiles('[data-testid=basemap-upload] input[type=file]', {
      name: 'range-photo.png',
      mimeType: 'image/png',
      buffer: image,
    });
    for (const [name, value] of Object.entries(bounds)) {
      await page.fill(`[data-testid=basemap-upload] input[name=${name}]`, String(value));
    }
    await page.click('[data-testid=basemap-upload] button:has-text("Upload image")');
    await page.getByText('Basemap: one georeferenced image').waitFor({ timeout: 30_000 });

    const imageRequests: string[] = [];
    const live = await browser.context.newPage();
    live.on('request', (request) => {
      if (request.url().includes('/basemap/image')) imageRequests.push(request.url());
    });
    await live.goto(`${sortie.url}/live`);
    await live.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>(
          'img.leaflet-image-layer.range-basemap',
        );
        return img !== null && img.complete && img.naturalWidth === 256;
      },
      null,
      { timeout: 60_000 },
    );
    await saveScreenshot(live, 'basemap-live-image');
    expect(imageRequests).toHaveLength(1);
    expect(imageRequests[0]).toContain(`/api/ranges/${seeded.rangeId}/basemap/image`);
    // The tiles of the archive it replaced are gone.
    expect(await live.$$('.range-basemap img.leaflet-tile')).toHaveLength(0);
    await live.close();
    await page.close();
  }, 120_000);
});
