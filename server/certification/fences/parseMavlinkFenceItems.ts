import { z } from 'zod';
import { CertificationInputError, issuesFromZod, type InputIssue } from '../inputError.js';
import type { FenceRole, FenceVertex, FenceZone, RangeFences } from './rangeFences.js';
import { rangeSettingsFrom } from './rangeProperties.js';
import { validateFencesFrom, type ZoneSource } from './validateFencesFrom.js';

/** MAV_CMD values of the fence mission items (MAV_MISSION_TYPE_FENCE), as QGC, PX4 and ArduPilot send them. */
export const MAV_CMD_NAV_FENCE_RETURN_POINT = 5000;
export const MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION = 5001;
export const MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION = 5002;
export const MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION = 5003;
export const MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION = 5004;

/**
 * ArduPilot's AC_PolyFenceType, the codes it stores fence items under on board (and the numbers
 * "POLYGON_INCLUSION 98, POLYGON_EXCLUSION 97" seen in its docs); accepted with the same layout.
 */
export const AP_POLYFENCE_POLYGON_INCLUSION = 98;
export const AP_POLYFENCE_POLYGON_EXCLUSION = 97;
export const AP_POLYFENCE_CIRCLE_EXCLUSION = 96;
export const AP_POLYFENCE_RETURN_POINT = 95;
export const AP_POLYFENCE_CIRCLE_INCLUSION = 94;

type ItemKind = { shape: 'polygon' | 'circle'; role: FenceRole } | 'return-point';

const KIND_OF_COMMAND = new Map<number, ItemKind>([
  [MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, { shape: 'polygon', role: 'inclusion' }],
  [MAV_CMD_NAV_FENCE_POLYGON_VERTEX_EXCLUSION, { shape: 'polygon', role: 'exclusion' }],
  [MAV_CMD_NAV_FENCE_CIRCLE_INCLUSION, { shape: 'circle', role: 'inclusion' }],
  [MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, { shape: 'circle', role: 'exclusion' }],
  [MAV_CMD_NAV_FENCE_RETURN_POINT, 'return-point'],
  [AP_POLYFENCE_POLYGON_INCLUSION, { shape: 'polygon', role: 'inclusion' }],
  [AP_POLYFENCE_POLYGON_EXCLUSION, { shape: 'polygon', role: 'exclusion' }],
  [AP_POLYFENCE_CIRCLE_INCLUSION, { shape: 'circle', role: 'inclusion' }],
  [AP_POLYFENCE_CIRCLE_EXCLUSION, { shape: 'circle', role: 'exclusion' }],
  [AP_POLYFENCE_RETURN_POINT, 'return-point'],
]);

/**
 * One fence item as MISSION_ITEM_INT carries it: x = latitude, y = longitude, in degE7 by default
 * (`coordinateUnits: 'deg'` for MISSION_ITEM / QGC plan values). Polygon vertices carry the
 * polygon's vertex count in param1; circles their radius [m] in param1. Extra fields are ignored.
 */
export const mavlinkFenceItemSchema = z.looseObject({
  command: z.number().int(),
  param1: z.number().finite(),
  x: z.number().finite(),
  y: z.number().finite(),
});

export type MavlinkFenceItem = z.infer<typeof mavlinkFenceItemSchema>;

export interface MavlinkFenceOptions {
  coordinateUnits?: 'degE7' | 'deg';
  /**
   * Range settings the items cannot carry: `floorM`, `ceilingM`, `marginM`, or ArduPilot's
   * parameters `FENCE_ALT_MIN`, `FENCE_ALT_MAX`, `FENCE_MARGIN`.
   */
  settings?: Record<string, unknown>;
}

export function parseMavlinkFenceItems(
  items: unknown,
  options: MavlinkFenceOptions = {},
): RangeFences {
  const parsed = z.array(mavlinkFenceItemSchema).safeParse(items);
  if (!parsed.success) {
    throw new CertificationInputError(
      'MAVLink fence items',
      issuesFromZod(parsed.error.issues).map((issue) => ({ ...issue, path: `items${issue.path}` })),
    );
  }
  const scale = (options.coordinateUnits ?? 'degE7') === 'degE7' ? 1e-7 : 1;
  const issues: InputIssue[] = [];
  const zones: FenceZone[] = [];
  const sources: ZoneSource[] = [];
  const list = parsed.data;
  const vertexOf = (item: MavlinkFenceItem): FenceVertex => ({
    latDeg: item.x * scale,
    lonDeg: item.y * scale,
  });

  let i = 0;
  while (i < list.length) {
    const item = list[i] as MavlinkFenceItem;
    const kind = KIND_OF_COMMAND.get(item.command);
    if (kind === undefined) {
      issues.push({
        path: `items[${i}].command`,
        message: `command ${item.command} is not a fence item`,
      });
      i++;
      continue;
    }
    if (kind === 'return-point') {
      i++;
      continue;
    }
    if (kind.shape === 'circle') {
      zones.push({
        id: `${kind.role}-circle-${zones.length + 1}`,
        role: kind.role,
        shape: 'circle',
        center: vertexOf(item),
        radiusM: item.param1,
      });
      const path = `items[${i}]`;
      sources.push({ zonePath: path, vertexPath: () => path });
      i++;
      continue;
    }
    const count = item.param1;
    if (!Number.isInteger(count) || count < 3) {
      issues.push({
        path: `items[${i}].param1`,
        message: `polygon vertex count must be an integer ≥ 3, got ${count}`,
      });
      i++;
      continue;
    }
    const first = i;
    const vertices: FenceVertex[] = [];
    for (let k = 0; k < count; k++) {
      const vertexItem = list[first + k];
      if (!vertexItem || vertexItem.command !== item.command || vertexItem.param1 !== count) {
        issues.push({
          path: `items[${first + k}]`,
          message: `polygon starting at items[${first}] declares ${count} vertices but only ${k} follow`,
        });
        break;
      }
      vertices.push(vertexOf(vertexItem));
    }
    if (vertices.length === count) {
      zones.push({
        id: `${kind.role}-polygon-${zones.length + 1}`,
        role: kind.role,
        shape: 'polygon',
        vertices,
      });
      sources.push({ zonePath: `items[${first}]`, vertexPath: (k) => `items[${first + k}]` });
    }
    i = first + Math.max(vertices.length, 1);
  }
  if (issues.length > 0) throw new CertificationInputError('MAVLink fence items', issues);
  const settings = rangeSettingsFrom(options.settings ?? {});
  return validateFencesFrom('MAVLink fence items', { ...settings, zones }, sources);
}
