import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { relayLinkLogLine } from '../../../server/groundLink/relayLinkLogLine.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ name: 'sortie-link', level: 'debug' }, stream), lines };
}

describe('relayLinkLogLine', () => {
  it("writes a ground-link JSON line as a line of its own, with the link's level and fields", () => {
    const { logger, lines } = capturingLogger();
    const linkLine = { level: 40, time: 1, pid: 7, hostname: 'radio', name: 'sortie-link' };
    relayLinkLogLine(
      logger,
      JSON.stringify({ ...linkLine, msg: 'spool is full', depth: 3 }),
      'info',
    );

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      name: 'sortie-link',
      msg: 'spool is full',
      depth: 3,
    });
    // Its envelope is the relaying logger's, not a second copy of the link's.
    expect(lines[0]!.pid).toBe(process.pid);
  });

  it('keeps a line that is not pino JSON as text at the fallback level', () => {
    const { logger, lines } = capturingLogger();
    relayLinkLogLine(logger, 'Error: EACCES /dev/ttyUSB0', 'info');
    relayLinkLogLine(logger, '{"not":"a pino line"}', 'debug');
    relayLinkLogLine(logger, '   ', 'info');

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'Error: EACCES /dev/ttyUSB0'],
      [20, '{"not":"a pino line"}'],
    ]);
  });
});
