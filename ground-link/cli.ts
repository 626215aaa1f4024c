import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { SCENARIO_NAMES } from './simulator/index.js';
import { ConfigError } from './config.js';
import { inspectCommand, listenCommand, replayCommand, simulateCommand } from './cli/commands.js';

const EXAMPLES = `Examples:
  npm run link -- listen --udp 0.0.0.0:14550 --server http://127.0.0.1:8080 --key $SORTIE_LINK_KEY
  npm run link -- listen --serial /dev/ttyUSB0 --baud 57600 --record ./tlogs
  npm run link -- listen --tcp 127.0.0.1:5760 --forward udp:127.0.0.1:14551
  npm run link -- replay flight.tlog --speed max --server http://127.0.0.1:8080 --key $SORTIE_LINK_KEY
  npm run link -- simulate --vehicles 5 --scenario fence-breach --seed 7 --truth truth.json
  npm run link -- inspect flight.tlog --json
  npm run link -- inspect 00000042.BIN

The server URL, key, link id, spool and record folders may also come from SORTIE_LINK_SERVER,
SORTIE_LINK_KEY, SORTIE_LINK_ID, SORTIE_LINK_SPOOL_DIR and SORTIE_LINK_RECORD_DIR.`;

/** Exit code of a bad argument, as most command-line tools use it. */
const EXIT_USAGE = 2;

function withLinkOptions<T>(y: Argv<T>) {
  return y
    .option('server', {
      type: 'string',
      describe: 'Sortie server to send to, e.g. http://127.0.0.1:8080',
    })
    .option('key', { type: 'string', describe: "this ground-link's API key (with --server)" })
    .option('link-id', {
      type: 'string',
      describe: 'stable name of this link (default: host + input)',
    })
    .option('record', { type: 'string', describe: 'record every frame into .tlog files in DIR' })
    .option('rotate-mb', {
      type: 'number',
      describe: 'start a new .tlog part past this size (256)',
    })
    .option('forward', {
      type: 'string',
      array: true,
      describe: 'also send every frame to a ground station, udp:HOST:PORT (repeatable)',
    })
    .option('spool', {
      type: 'string',
      describe: 'folder of the unacked batches (./data/link-spool)',
    })
    .option('spool-cap-mb', { type: 'number', describe: 'spool size cap in MiB (1024)' })
    .option('status', {
      choices: ['auto', 'on', 'off'] as const,
      describe: 'one-line live status on stderr (auto: when it is a terminal)',
    })
    .option('log-level', {
      choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      describe: 'log level of the JSON logs on stderr',
    });
}

/** yargs gives dashed and camel-cased keys; the settings take the camel-cased ones. */
function linkArgs(argv: Record<string, unknown>) {
  return {
    server: argv.server,
    key: argv.key,
    linkId: argv.linkId,
    record: argv.record,
    rotateMb: argv.rotateMb,
    forward: argv.forward,
    spool: argv.spool,
    spoolCapMb: argv.spoolCapMb,
    status: argv.status,
    logLevel: argv.logLevel,
  };
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('sortie-link')
    .usage(
      '$0 <command> [options]\n\nReads MAVLink, records it, forwards it, and streams it to a Sortie server.',
    )
    .command(
      'listen',
      'read a live link: UDP (default 0.0.0.0:14550), a serial port, or a TCP server',
      (y) =>
        withLinkOptions(y)
          .option('udp', {
            type: 'string',
            describe: 'listen on HOST:PORT and answer the peer heard',
          })
          .option('serial', { type: 'string', describe: 'serial device, e.g. /dev/ttyUSB0' })
          .option('baud', { type: 'number', describe: 'serial baud rate (57600)' })
          .option('tcp', {
            type: 'string',
            describe: 'connect to HOST:PORT, e.g. SITL on 127.0.0.1:5760',
          }),
      (argv) =>
        listenCommand({
          ...linkArgs(argv),
          udp: argv.udp,
          serial: argv.serial,
          baud: argv.baud,
          tcp: argv.tcp,
        }),
    )
    .command(
      'replay <file>',
      'play a .tlog back as a live link',
      (y) =>
        withLinkOptions(y)
          .positional('file', {
            type: 'string',
            demandOption: true,
            describe: '.tlog or DataFlash .bin file',
          })
          .option('speed', { type: 'string', describe: 'N times real time, or max (1)' }),
      (argv) => replayCommand({ ...linkArgs(argv), file: argv.file, speed: argv.speed }),
    )
    .command(
      'simulate',
      'fly the built-in simulated fleet',
      (y) =>
        withLinkOptions(y)
          .option('vehicles', { type: 'number', describe: 'how many vehicles (1)' })
          .option('scenario', { choices: SCENARIO_NAMES, describe: 'faults to inject (clean)' })
          .option('seed', { type: 'number', describe: 'random seed; same seed, same bytes (1)' })
          .option('duration', { type: 'number', describe: 'stop after S simulated seconds' })
          .option('truth', { type: 'string', describe: 'write the ground truth as JSON to FILE' })
          .option('speed', { type: 'string', describe: 'N times real time, or max (1)' }),
      (argv) =>
        simulateCommand({
          ...linkArgs(argv),
          vehicles: argv.vehicles,
          scenario: argv.scenario,
          seed: argv.seed,
          duration: argv.duration,
          truth: argv.truth,
          speed: argv.speed,
        }),
    )
    .command(
      'inspect <file>',
      'summarise a .tlog or DataFlash .bin: vehicles, flights, modes, heights, track, bad bytes',
      (y) =>
        y
          .positional('file', {
            type: 'string',
            demandOption: true,
            describe: '.tlog or DataFlash .bin file',
          })
          .option('json', { type: 'boolean', describe: 'print JSON instead of text' }),
      (argv) => inspectCommand({ file: argv.file, json: argv.json }),
    )
    .epilog(EXAMPLES)
    .demandCommand(1, 'Name a command: listen, replay, simulate or inspect.')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      failUsage(message);
    })
    .parseAsync();
}

function failUsage(message: string): never {
  const sentence = message.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
  console.error(`sortie-link: ${sentence} (see sortie-link --help).`);
  process.exit(EXIT_USAGE);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError) failUsage(error.message);
    console.error(`sortie-link: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
