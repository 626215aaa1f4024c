import type { Collection, Db } from '../driver.js';
import { ingestCollections } from './ingestCollections.js';

/** A link id and the API key it belongs to, for good: `_id` is the link id. */
interface StoredLinkBinding {
  _id: string;
  apiKeyId: string;
  boundAt: Date;
}

function bindings(db: Db): Collection<StoredLinkBinding> {
  return db.collection<StoredLinkBinding>('linkBindings');
}

export type LinkBindingOutcome = { ok: true } | { ok: false; message: string };

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * A link id belongs to the API key that first used it: its flights, vehicle states and seq
 * numbers are that key's. Another key that presents it is refused, so it can neither read the
 * link's last seq nor file telemetry under the link's range and makers, nor make the link's
 * own batches look like duplicates. Links stored before bindings existed belong to the key
 * that last served them.
 */
export async function bindLinkToKey(
  db: Db,
  linkId: string,
  apiKeyId: string,
): Promise<LinkBindingOutcome> {
  let bound = await bindings(db).findOne({ _id: linkId });
  if (!bound) {
    const served = await ingestCollections(db).links.findOne({ _id: linkId });
    const owner = served?.apiKeyId ?? apiKeyId;
    try {
      await bindings(db).insertOne({ _id: linkId, apiKeyId: owner, boundAt: new Date() });
      bound = { _id: linkId, apiKeyId: owner, boundAt: new Date() };
    } catch (error) {
      // Two first connections at once: the one that stored its binding first owns the link.
      if (!isDuplicateKey(error)) throw error;
      bound = await bindings(db).findOne({ _id: linkId });
    }
  }
  if (bound?.apiKeyId === apiKeyId) return { ok: true };
  return {
    ok: false,
    message: `Link id "${linkId}" belongs to another API key; give this ground-link its own --link-id.`,
  };
}
