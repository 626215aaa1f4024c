import { MODE_SETS } from '../series/modeSets.js';

/**
 * One colour per kind of mode, the same in every report format, so a reader who learnt that
 * orange is "returning home" in the PDF sees the same in Google Earth.
 */
const COLOUR_OF_SET: Record<string, string> = {
  'position-hold': '#2e9e44',
  rtl: '#f28c28',
  land: '#d62728',
  mission: '#1f6fd1',
  takeoff: '#8e44ad',
  guided: '#17a2b8',
  'altitude-hold': '#9acd32',
};

/** Modes outside every set (manual, stabilised, unknown) share a neutral colour. */
export const OTHER_MODE_COLOUR = '#6b6b6b';

/** `#rrggbb` for a mode name. */
export function modeColour(modeName: string): string {
  const upper = modeName.toUpperCase();
  for (const [setName, modes] of Object.entries(MODE_SETS)) {
    if ((modes as readonly string[]).includes(upper))
      return COLOUR_OF_SET[setName] ?? OTHER_MODE_COLOUR;
  }
  return OTHER_MODE_COLOUR;
}

/** KML writes colours as aabbggrr. */
export function kmlColour(hexRgb: string, alpha = 'ff'): string {
  const rr = hexRgb.slice(1, 3);
  const gg = hexRgb.slice(3, 5);
  const bb = hexRgb.slice(5, 7);
  return `${alpha}${bb}${gg}${rr}`.toLowerCase();
}
