import { describe, expect, it } from 'vitest';
import {
  formatDistance,
  formatQuantity,
  unitOfChannel,
} from '../../client/src/format/formatQuantity';
import { formatDuration, formatRangeTime, formatUtc } from '../../client/src/format/formatTime';

describe('time formatting', () => {
  const instantMs = Date.UTC(2026, 10, 26, 5, 3, 22);

  it("shows a time in the range's time zone and the same instant in UTC", () => {
    expect(formatRangeTime(instantMs, 'Asia/Seoul', 'en', true)).toBe('14:03:22');
    expect(formatRangeTime(instantMs, 'UTC', 'en', true)).toBe('05:03:22');
    expect(formatUtc(instantMs)).toBe('2026-11-26 05:03:22 UTC');
  });

  it('writes the date in the locale of the interface', () => {
    expect(formatRangeTime(instantMs, 'Asia/Seoul', 'ko')).toContain('2026');
    expect(formatRangeTime(instantMs, 'Asia/Seoul', 'en')).toContain('26/11/2026');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('quantities', () => {
  it('writes metric units and a dash for missing values', () => {
    expect(formatQuantity(12.345, 'm')).toBe('12.3 m');
    expect(formatQuantity(null, 'm/s')).toBe('—');
    expect(formatDistance(850)).toBe('850 m');
    expect(formatDistance(12_500)).toBe('12.50 km');
  });

  it("reads a channel's unit from its name", () => {
    expect(unitOfChannel('altRelM')).toBe('m');
    expect(unitOfChannel('groundSpeedMps')).toBe('m/s');
    expect(unitOfChannel('vibeXMps2')).toBe('m/s²');
    expect(unitOfChannel('rollRateDps')).toBe('°/s');
    expect(unitOfChannel('batteryRemainingPct')).toBe('%');
    expect(unitOfChannel('satellites')).toBe('');
  });
});
