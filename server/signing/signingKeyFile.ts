import {
  generateKeyPairSync,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Raised for a key file that cannot be used; the message says what to do. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The range's Ed25519 private key from its PEM file, created (mode 0600, folder 0700) when the
 * file does not exist yet. A file others may read is refused: whoever reads it can sign reports
 * in the range's name.
 */
export function loadOrCreateSigningKey(path: string): KeyPair {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SigningKeyError(`Cannot read the signing key ${path}: ${(error as Error).message}`);
    }
    return createKeyFile(path);
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SigningKeyError(
      `The signing key ${path} may be read by others (mode ${mode.toString(8)}); make it private with chmod 600.`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(`The signing key ${path} is not a PEM private key.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `The signing key ${path} is a ${privateKey.asymmetricKeyType} key; Sortie signs with Ed25519.`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function createKeyFile(path: string): KeyPair {
  const pair = generateKeyPairSync('ed25519');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    // 'wx': two instances starting at once must not both write a key; the loser reads the
    // winner's.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(path);
    throw new SigningKeyError(`Cannot write the signing key ${path}: ${(error as Error).message}`);
  }
  return pair;
}
