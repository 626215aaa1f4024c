import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { embeddedFilesOf } from './pdfEmbeddedFiles.js';
import {
  verificationCode,
  verifySignedEvaluation,
  type SignedEvaluation,
  type VerificationOutcome,
} from './signedEvaluation.js';

const USAGE = `usage: sortie-verify FILE [--key PUBLIC.pem]... [--json]

Checks a Sortie report (.pdf) or signed evaluation (.json) offline: each field against its signed
hash, then the range's Ed25519 signature. With --key, only the given public keys are trusted
(get them from the range: GET /api/signing-keys, or npm run admin -- signing-key show); without,
the key the file carries is used and its id printed, to compare with the range's published one.
Exit code 0: valid; 1: invalid; 2: the file or a key could not be read.`;

interface Arguments {
  file: string;
  keyFiles: string[];
  json: boolean;
}

function parseArguments(argv: string[]): Arguments | string {
  const keyFiles: string[] = [];
  let file: string | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--key') {
      const value = argv[++i];
      if (!value) return '--key needs the path of a PEM public key';
      keyFiles.push(value);
    } else if (argument === '--json') {
      json = true;
    } else if (argument === '--help' || argument === '-h') {
      return '';
    } else if (argument.startsWith('-')) {
      return `unknown option ${argument}`;
    } else if (file === null) {
      file = argument;
    } else {
      return `one file at a time (got ${file} and ${argument})`;
    }
  }
  if (file === null) return 'name the report (.pdf) or evaluation (.json) to verify';
  return { file, keyFiles, json };
}

/** The signed evaluation a file holds: a JSON file itself, or the one a PDF report embeds. */
export function signedEvaluationIn(bytes: Buffer): unknown {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    for (const file of embeddedFilesOf(bytes)) {
      try {
        const parsed = JSON.parse(file.data.toString('utf8')) as Partial<SignedEvaluation>;
        if (parsed.document && parsed.signature) return parsed;
      } catch {
        continue;
      }
    }
    return null;
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** Runs `sortie-verify`; returns the exit code. */
export function runVerify(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): number {
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    if (args) err(`sortie-verify: ${args}`);
    err(USAGE);
    return args ? 2 : 0;
  }
  let bytes: Buffer;
  let keys: KeyObject[];
  try {
    bytes = readFileSync(args.file);
    keys = args.keyFiles.map((path) => createPublicKey(readFileSync(path)));
  } catch (error) {
    err(`sortie-verify: ${(error as Error).message}`);
    return 2;
  }
  const signed = signedEvaluationIn(bytes);
  const outcome: VerificationOutcome = verifySignedEvaluation(signed, keys);
  if (args.json) {
    out(JSON.stringify(outcome));
  } else {
    report(outcome, signed as SignedEvaluation, out);
  }
  return outcome.valid ? 0 : 1;
}

function report(outcome: VerificationOutcome, signed: SignedEvaluation, out: (l: string) => void) {
  if (outcome.valid) {
    const { document } = signed;
    out(`VALID: evaluation ${document.evaluationId} of flight ${document.flightId}`);
    out(
      `  verdict ${document.overallVerdict}, plan "${document.plan.name}" v${document.plan.version}`,
    );
    out(`  raw record SHA-256 ${document.rawRecordSha256}`);
    out(`  signed ${document.evaluatedAt} by key ${outcome.keyId}`);
    out(`  verification code ${verificationCode(signed)}`);
    if (!outcome.keyPinned) {
      out(
        `  the key is the one the file carries: compare ${outcome.keyId} with the range's published keys, or pass --key`,
      );
    }
    return;
  }
  out('INVALID');
  for (const problem of outcome.problems) out(`  ${problem}`);
}
