/** `[██████████░░░░░░░░░░]  52 % 12.4 MiB/s` for a replay at max speed. */
export function formatProgress(
  done: number,
  total: number,
  bytesPerS: number,
  widthChars = 30,
): string {
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * widthChars);
  const bar = '█'.repeat(filled) + '░'.repeat(widthChars - filled);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  return `[${bar}] ${percent} % ${(bytesPerS / (1024 * 1024)).toFixed(1)} MiB/s`;
}
