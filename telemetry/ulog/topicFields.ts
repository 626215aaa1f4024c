import type { UlogFieldLayout } from './ulogFormat.js';
import type { UlogSubscription } from './ulogReader.js';
import { readField } from './ulogValue.js';

/**
 * Named access to the fields of one topic's layout. Field names differ between PX4 releases
 * (`lat` int32 1e-7 deg before 1.15, `latitude_deg` double after): a field a release does not
 * have reads as null, never as 0.
 */
export class TopicFields {
  constructor(private readonly sub: UlogSubscription) {}

  field(...names: string[]): UlogFieldLayout | null {
    for (const name of names) {
      const field = this.sub.layout.fields.get(name);
      if (field) return field;
    }
    return null;
  }

  has(name: string): boolean {
    return this.sub.layout.fields.has(name);
  }
}

/** A field's value, null when the field is absent or the number is not finite (NaN, ±∞). */
export function value(
  view: DataView,
  base: number,
  field: UlogFieldLayout | null,
  index = 0,
): number | null {
  if (field === null) return null;
  if (index > 0 && index >= field.arraySize) return null;
  const v = readField(view, base, field, index);
  return Number.isFinite(v) ? v : null;
}

export function scaled(v: number | null, factor: number): number | null {
  return v === null ? null : v * factor;
}
