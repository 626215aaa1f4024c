import type { Page } from 'playwright-core';

/**
 * Frames the page paints per second over `windowMs`, counted with requestAnimationFrame in the
 * page: what the operator sees, including Leaflet's redraws of every changed vehicle.
 */
export async function measureFps(page: Page, windowMs: number): Promise<number> {
  return page.evaluate(
    (durationMs) =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const startMs = performance.now();
        const count = (nowMs: number) => {
          frames++;
          if (nowMs - startMs < durationMs) requestAnimationFrame(count);
          else resolve((frames * 1000) / (nowMs - startMs));
        };
        requestAnimationFrame(count);
      }),
    windowMs,
  );
}
