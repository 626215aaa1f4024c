import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroundTruth } from '../../ground-link/simulator/index.js';
import type { TlogInspection } from '../../ground-link/inspect/inspectTlog.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { runCli, startCli } from './support/runCli.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('cli');

describe('sortie-link command line', () => {
  it.concurrent.each([
    [['listen', '--udp', 'nowhere'], /^sortie-link: --udp must be HOST:PORT/],
    [['listen', '--udp', ':1', '--tcp', ':2'], /not several/],
    [['listen', '--server', 'http://127.0.0.1:1'], /--server needs --key/],
    [['listen', '--server', 'ftp://x', '--key', 'k'.repeat(20)], /--server must be an http/],
    [
      ['listen', '--server', 'http://127.0.0.1:1,nowhere', '--key', 'k'.repeat(20)],
      /--server must be an http:\/\/ or https:\/\/ URL, or several separated by commas/,
    ],
    [['replay', 'x.tlog', '--speed', 'fast'], /--speed must be a positive number or "max"/],
    [['simulate', '--scenario', 'volcano'], /scenario/],
    [['simulate', '--vehicles', '0'], /vehicles/],
    [['teleport'], /Unknown argument: teleport/],
  ])('rejects %j with one sentence and exit code 2', async (args, sentence) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(sentence);
  });

  it('names a bad environment variable', async () => {
    const { code, stderr } = await runCli(['listen'], { SORTIE_LINK_SPOOL_CAP_MB: '-3' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sortie-link: SORTIE_LINK_SPOOL_CAP_MB must be a positive number/);
  });

  it('prints help with examples', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['listen', 'replay <file>', 'simulate', 'inspect <file>']) {
      expect(stdout).toContain(`sortie-link ${command}`);
    }
    expect(stdout).toContain('npm run link -- replay flight.tlog --speed max');
  });

  it('simulates a flight into a recording that inspect --json matches with the truth', async () => {
    const seed = testSeed('cli-simulate');
    const recordDir = join(dir, 'recordings');
    const truthPath = join(dir, 'truth.json');
    const simulate = await runCli([
      'simulate',
      '--vehicles',
      '2',
      '--seed',
      String(seed),
      '--duration',
      '40',
      '--speed',
      'max',
      '--record',
      recordDir,
      '--truth',
      truthPath,
      '--status',
      'off',
    ]);
    expect(simulate.stderr).toBe('');
    expect(simulate.code).toBe(0);
    const [file] = readdirSync(recordDir);
    if (!file) throw new Error('nothing recorded');
    const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;

    const inspect = await runCli(['inspect', join(recordDir, file), '--json']);
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.stdout) as TlogInspection;
    expect(report.vehicles.map((v) => [v.sysId, v.positionSamples, v.framesReceived])).toEqual(
      truth.vehicles.map((v) => [v.sysId, v.globalPositionIntFrames, v.framesReceived]),
    );
  });

  it('listens on UDP, records byte-exact, and stops cleanly on SIGINT', async () => {
    const frames = simulatedFrames(testSeed('cli-listen'), 5);
    const probe = createSocket('udp4');
    probe.bind(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = probe.address().port;
    probe.close();
    const recordDir = join(dir, 'listen');
    const listen = startCli([
      'listen',
      '--udp',
      `127.0.0.1:${port}`,
      '--record',
      recordDir,
      '--status',
      'off',
      '--log-level',
      'info',
    ]);
    const deadline = Date.now() + 20_000;
    while (!listen.stderr().includes('ground-link running') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const vehicle = createSocket('udp4');
    // At a radio's pace, not in one burst that overflows the socket's receive buffer.
    for (const [index, frame] of frames.entries()) {
      vehicle.send(frame.bytes, port, '127.0.0.1');
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    vehicle.close();
    listen.child.kill('SIGINT');
    expect(await listen.exited).toBe(0);

    const [file] = readdirSync(recordDir);
    if (!file) throw new Error('nothing recorded');
    const recorded = [];
    for await (const record of readTlog(join(recordDir, file))) recorded.push(record);
    expect(recorded.length).toBe(frames.length);
    expect(concatFrames(recorded).equals(concatFrames(frames))).toBe(true);
  });
});
