import { renameSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { listSigningKeys, openRangeSigner } from '../signing/rangeSigner.js';

/** `signing-key show`: the range's public keys, newest first, as a verifier needs them. */
export async function showSigningKeysCommand(connection: Connection): Promise<string[]> {
  const keys = await listSigningKeys(connection);
  if (keys.length === 0) return ['No signing key yet: the server creates one at its first start.'];
  return keys.flatMap((key) => [
    `key ${key.keyId} (${key.algorithm}), valid from ${key.validFrom.toISOString()}${
      key.validUntil ? ` until ${key.validUntil.toISOString()}` : ', in use'
    }`,
    key.publicKeyPem.trim(),
    '',
  ]);
}

/**
 * `signing-key rotate`: a new private key in the key file (the old one kept beside it, renamed),
 * published at once; the old public key stays listed, so reports it signed still verify.
 */
export async function rotateSigningKeyCommand(
  connection: Connection,
  keyFile: string,
): Promise<string[]> {
  const before = await openRangeSigner(connection, keyFile);
  const retiredFile = `${keyFile}.${before.keyId}.retired`;
  renameSync(keyFile, retiredFile);
  const after = await openRangeSigner(connection, keyFile);
  return [
    `Evaluations are now signed with key ${after.keyId}; key ${before.keyId} is retired (its private key moved to ${retiredFile}; delete it once nothing needs it).`,
    'Restart every Sortie server so they load the new key.',
  ];
}
