import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  /** The two ends: bytes written to one come out of the other. */
  paths: [string, string];
  close(): Promise<void>;
}

/**
 * A virtual serial cable: `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and the two pty paths it
 * prints. Fails (never skips) when socat is missing.
 */
export async function openPtyPair(
  options: { links?: [string, string]; timeoutMs?: number } = {},
): Promise<PtyPair> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  // `link=PATH` gives an end a fixed name, so a new pair can stand in for a device that left.
  const ends = (options.links ?? [null, null]).map((link) =>
    link ? `pty,raw,echo=0,link=${link}` : 'pty,raw,echo=0',
  );
  const child: ChildProcess = spawn('socat', ['-d', '-d', ...ends], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const paths = await new Promise<[string, string]>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`socat printed no pty paths within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error('socat is missing: apt-get install socat (the serial tests need it)')
          : error,
      );
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = [...output.matchAll(/PTY is (\S+)/g)].map((m) => m[1] as string);
      if (found.length >= 2 && /starting data transfer loop/.test(output)) {
        clearTimeout(timer);
        resolve(options.links ?? [found[0] as string, found[1] as string]);
      }
    });
  });
  return {
    paths,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
