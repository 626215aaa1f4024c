import { describe, expect, it } from 'vitest';
import { parseFencesGeoJson } from '../../server/certification/fences/parseFencesGeoJson.js';
import { parseFencesKml } from '../../server/certification/fences/parseFencesKml.js';
import { parseMavlinkFenceItems } from '../../server/certification/fences/parseMavlinkFenceItems.js';
import { CertificationInputError } from '../../server/certification/inputError.js';
import { parseTestPlan } from '../../server/certification/testPlan.js';
import { seededRandom } from './syntheticFlight.js';

const SEED = 99;

/** Random JSON-ish values, shaped a little like the real inputs so parsers get past the top. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * 10);
  if (depth <= 0 || pick < 3) {
    return [null, 0, -1, 1e9, 'x', '', true, Number.NaN, 91.5, 'Polygon'][
      Math.floor(random() * 10)
    ];
  }
  if (pick < 6)
    return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth - 1));
  const keys = [
    'type',
    'features',
    'geometry',
    'coordinates',
    'properties',
    'items',
    'criterion',
    'id',
    'command',
    'param1',
    'x',
    'y',
    'radiusM',
    'window',
    'params',
  ];
  return Object.fromEntries(
    Array.from({ length: Math.floor(random() * 6) }, () => [
      keys[Math.floor(random() * keys.length)] as string,
      randomValue(random, depth - 1),
    ]),
  );
}

function onlyTypedErrors(parse: (input: unknown) => unknown, input: unknown) {
  try {
    parse(input);
  } catch (error) {
    expect(error, `input ${JSON.stringify(input)}`).toBeInstanceOf(CertificationInputError);
    expect((error as CertificationInputError).issues.length).toBeGreaterThan(0);
  }
}

describe('parsers given malformed input', () => {
  it(`throw only CertificationInputError with issues (seed ${SEED}, 500 inputs each)`, () => {
    console.log(`parser robustness seed ${SEED}`);
    const random = seededRandom(SEED);
    for (let k = 0; k < 500; k++) {
      const value = randomValue(random, 5);
      onlyTypedErrors(parseFencesGeoJson, value);
      onlyTypedErrors(parseFencesGeoJson, { type: 'FeatureCollection', features: [value] });
      onlyTypedErrors((input) => parseMavlinkFenceItems(input), [value]);
      onlyTypedErrors(parseTestPlan, { id: 'p', name: 'p', version: 1, items: [value] });
      onlyTypedErrors(
        (input) => parseFencesKml(String(input)),
        `<kml><Placemark>${JSON.stringify(value)}</Placemark></kml>`,
      );
    }
  });

  it('reject invalid JSON text with a typed error', () => {
    expect(() => parseFencesGeoJson('{"type": "FeatureColl')).toThrow(CertificationInputError);
    expect(() => parseFencesKml('not xml')).toThrow(CertificationInputError);
  });
});
