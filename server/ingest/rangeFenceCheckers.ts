import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import type { Logger } from 'pino';
import { FenceChecker } from '../certification/fences/fenceChecker.js';
import { validateRangeFences } from '../certification/fences/validateRangeFences.js';
import { getModels } from '../store/models/models.js';

/** How long a loaded checker is trusted before its range's fence version is read again [ms]. */
const DEFAULT_RECHECK_MS = 2_000;

interface Entry {
  fencesVersion: number;
  checker: FenceChecker | null;
  checkedAtMs: number;
}

/**
 * The fence checker of each range, built once per fence version. Ingest checks every position
 * sample against it. The version is read from MongoDB every few seconds, so a fence edited
 * through any server instance reaches the flights in the air within that time.
 */
export class RangeFenceCheckers {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    private readonly recheckMs = DEFAULT_RECHECK_MS,
  ) {}

  /** Loads the range's checker, or refreshes it if its fences changed; call before folding. */
  async refresh(rangeId: string | null, nowMs = Date.now()): Promise<void> {
    if (rangeId === null) return;
    const entry = this.entries.get(rangeId);
    if (entry && nowMs - entry.checkedAtMs < this.recheckMs) return;
    const { Range } = getModels(this.connection);
    const found = EntityId.isValid(rangeId)
      ? await Range.findById(rangeId, { fencesVersion: 1 }).lean()
      : null;
    const fencesVersion = found ? (found.fencesVersion ?? 0) : -1;
    if (entry && entry.fencesVersion === fencesVersion) {
      entry.checkedAtMs = nowMs;
      return;
    }
    const checker = found ? await this.buildChecker(rangeId) : null;
    this.entries.set(rangeId, { fencesVersion, checker, checkedAtMs: nowMs });
  }

  /** The checker as last loaded; null when the range has no fences (or was never loaded). */
  checkerFor(rangeId: string | null): FenceChecker | null {
    return rangeId === null ? null : (this.entries.get(rangeId)?.checker ?? null);
  }

  private async buildChecker(rangeId: string): Promise<FenceChecker | null> {
    const { Range } = getModels(this.connection);
    const range = await Range.findById(rangeId, { fences: 1 }).lean();
    if (!range?.fences) return null;
    try {
      const fences = validateRangeFences(range.fences);
      return fences.zones.length > 0 || fences.floorM !== null || fences.ceilingM !== null
        ? new FenceChecker(fences)
        : null;
    } catch (error) {
      // Fences are validated when saved; a stored set that no longer validates is left unchecked, loudly.
      this.logger.error(
        { rangeId, err: error },
        'stored range fences are invalid; not checking them',
      );
      return null;
    }
  }
}
