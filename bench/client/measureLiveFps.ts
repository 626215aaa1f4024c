import type { Page } from 'playwright-core';

/**
 * Frames the page paints per second over `windowMs`, counted with requestAnimationFrame in the
 * page: what the operator sees, including Leaflet's redraws of every changed vehicle. Sent as
 * text, because tsx would wrap a named inner function in a helper the page does not have.
 */
export async function measureFps(page: Page, windowMs: number): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    let frames = 0;
    const startMs = performance.now();
    function count(nowMs) {
      frames++;
      if (nowMs - startMs < ${Math.round(windowMs)}) requestAnimationFrame(count);
      else resolve((frames * 1000) / (nowMs - startMs));
    }
    requestAnimationFrame(count);
  })`);
}
