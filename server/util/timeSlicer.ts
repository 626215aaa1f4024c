/**
 * For long synchronous work in a loop: call the returned function between steps, and it
 * yields to the event loop (sockets, timers) once the current slice has run `sliceMs`.
 */
export function timeSlicer(sliceMs: number): () => Promise<void> {
  let sliceStartMs = performance.now();
  return async () => {
    if (performance.now() - sliceStartMs <= sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStartMs = performance.now();
  };
}
