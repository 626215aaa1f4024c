import { createHash } from 'node:crypto';

/** What an evaluation's signature covers. */
export interface SignedContent {
  rawFramesSha256: string;
  planId: string;
  planVersion: number;
  /** SHA-256 of the plan version's canonical definition. */
  planSha256: string;
  /** The results as stored: canonical JSON text. */
  resultsJson: string;
  /** The evaluation's warnings (plan for another vehicle class …), canonical JSON; '[]' for none. */
  warningsJson?: string;
}

/**
 * SHA-256 over the raw-frame hash, the plan version (id, number and content hash) and the
 * results, one field per line so no two different contents share a preimage.
 */
export function evaluationSignature(content: SignedContent): string {
  const lines = [
    'sortie-evaluation-v1',
    `raw-frames-sha256:${content.rawFramesSha256}`,
    `plan:${content.planId}:${content.planVersion}:${content.planSha256}`,
    `results:${content.resultsJson}`,
  ];
  // Signed only when there are some: evaluations without warnings keep their signatures.
  if (content.warningsJson && content.warningsJson !== '[]')
    lines.push(`warnings:${content.warningsJson}`);
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
