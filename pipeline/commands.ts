/**
 * newsclean command line (its entry is cli.ts): run, check, schema. Exit codes are listed in EXIT and in the README.
 * A command's own modules that `run` does not need (check mode and its diff, the report's builder) are loaded
 * by the command's action, so that a run does not pay for loading them.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ConfigFile } from './config.js';
import { ConfigError, MAX_CONCURRENCY } from './config.js';
import { loadConfig } from './config-file.js';
import type { Logger } from './log.js';
import { createLogger } from './log.js';
import { MergeError, merge } from './merge.js';
import { OutputError, replaceFolder } from './output.js';
import type { LogFormat } from './progress.js';
import { createProgress } from './progress.js';
import {
  DEFAULT_QUEUE,
  defaultWorkerName,
  LOCK_DEFAULTS,
  QueuedRunFailedError,
  QueueUnavailableError,
  type RunningWorker,
  redact,
  shardEngine,
  startWorker,
  submit,
} from './queue.js';
import { DEFAULT_MAX_DOCUMENT_PAGES, DEFAULT_SEED, ReportError } from './report/defaults.js';
import { defaultConcurrency, EmptyInputError, run } from './run.js';
import { jsonSchemas } from './schemas.js';
import type { ShardSpec } from './shard.js';
import { parseShard } from './shard.js';
import type { Compression } from './sinks.js';
import { COMPRESSIONS } from './sinks.js';
import { PIPELINE_VERSION } from './version.js';
import type { Format, Lean, OutputOptions } from './writers/options.js';
import { DEFAULT_OUTPUT, FORMATS, LEAN, resolveOutput } from './writers/options.js';

export const EXIT = {
  ok: 0,
  /** check: the new output differs from the golden files. */
  different: 1,
  usage: 2,
  tooManyRejected: 3,
  outputFailed: 4,
  /** merge: the shards cannot be merged (marker missing, coverage, version/code/config, file hashes). */
  mergeRefused: 5,
  /** queue submit / worker: Redis could not be reached. */
  queueUnavailable: 6,
  /** queue submit --wait: the run failed for good (a shard or the merge used up its attempts). */
  queuedRunFailed: 7,
  /** worker: it lost the lock of the job in hand, and stopped so that no two processes write one shard. */
  lockLost: 8,
  internal: 70,
} as const;

/** Digits only: Number() would also take `1e1`, ` 2`, `0x10` and `2.0`, which no one means as a thread count. */
function concurrencyValue(value: string): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_CONCURRENCY} (worker threads), got \`${value}\``,
    );
  }
  return n;
}

function shardValue(value: string): ShardSpec {
  const shard = parseShard(value);
  if (typeof shard === 'string') throw new InvalidArgumentError(shard);
  return shard;
}

/** A whole number ≥ 1, in plain digits. */
function positiveNumber(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got \`${value}\``);
  return Number(value);
}

/** A whole number ≥ 0, in plain digits. */
function wholeNumber(value: string): number {
  if (!/^[0-9]+$/.test(value))
    throw new InvalidArgumentError(`expected a whole number ≥ 0, got \`${value}\``);
  return Number(value);
}

function ratio(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number from 0 to 1, got \`${value}\``);
  return n;
}

/** `jsonl,csv` → the formats, each once; an unknown name is a usage error naming the known ones. */
function formatsValue(value: string): Format[] {
  const names = value.split(',').map((name) => name.trim());
  const formats: Format[] = [];
  for (const name of names) {
    if (!(FORMATS as readonly string[]).includes(name))
      throw new InvalidArgumentError(
        `expected a comma-separated list of ${FORMATS.join(', ')}, got \`${name || value}\``,
      );
    if (!formats.includes(name as Format)) formats.push(name as Format);
  }
  return formats;
}

/** `sentences,paragraphs` → the lean choices, each once. */
function leanValue(value: string): Lean[] {
  const lean: Lean[] = [];
  for (const name of value.split(',').map((n) => n.trim())) {
    if (!(LEAN as readonly string[]).includes(name))
      throw new InvalidArgumentError(
        `expected a comma-separated list of ${LEAN.join(', ')}, got \`${name || value}\``,
      );
    if (!lean.includes(name as Lean)) lean.push(name as Lean);
  }
  return lean;
}

interface OutputFlags {
  formats?: Format[];
  compress?: Compression;
  lean?: Lean[];
}

/** Each output option from its flag if given, else from the config file's `output`, else the default. */
function outputOptions(flags: OutputFlags, config: ConfigFile): OutputOptions {
  return resolveOutput(config.output, {
    ...(flags.formats === undefined ? {} : { formats: flags.formats }),
    ...(flags.compress === undefined ? {} : { compress: flags.compress }),
    ...(flags.lean === undefined ? {} : { lean: flags.lean }),
  });
}

/** No defaults here: a flag not given leaves the field to the config file (resolveOutput). */
function outputFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--formats <list>',
        `dataset file formats, comma-separated: ${FORMATS.join(', ')} (default: config's output.formats, else ${DEFAULT_OUTPUT.formats.join(',')})`,
      ).argParser(formatsValue),
    )
    .addOption(
      new Option(
        '--compress <codec>',
        `compression of the JSON Lines and CSV files (.gz, .zst) and of Parquet pages (default: config's output.compress, else ${DEFAULT_OUTPUT.compress})`,
      ).choices(COMPRESSIONS),
    )
    .addOption(
      new Option(
        '--lean <list>',
        `leaner records, comma-separated: ${LEAN.join(', ')} (sentences without provenance, paragraphs without their text; default: config's output.lean, else none)`,
      ).argParser(leanValue),
    );
}

/** "1 record", "2 records": the summary is read by people. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

interface RunFlags {
  in: string;
  out: string;
  config?: string;
  concurrency?: number;
  quiet?: boolean;
  maxRejected: number;
  incremental: boolean;
  allowEmpty?: boolean;
  logFormat: LogFormat;
  formats?: Format[];
  compress?: Compression;
  lean?: Lean[];
  report?: boolean;
  shard?: ShardSpec;
}

async function runCommand(flags: RunFlags): Promise<number> {
  const quiet = flags.quiet ?? false;
  const log = createLogger({
    format: flags.logFormat,
    quiet,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (log.format === 'text') return runAndReport(flags, log);
  // JSON logs: problems are log events too, not prose on stderr.
  try {
    return await runAndReport(flags, log);
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error('config-error', error.message);
      return EXIT.usage;
    }
    if (error instanceof EmptyInputError) {
      log.error('empty-input', `newsclean: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof OutputError) {
      log.error('output-failed', `${error.message}; the previous output, if any, was left as it was`);
      return EXIT.outputFailed;
    }
    log.error('internal-error', (error as Error).stack ?? String(error));
    return EXIT.internal;
  }
}

async function runAndReport(flags: RunFlags, log: Logger): Promise<number> {
  const quiet = flags.quiet ?? false;
  const config = await loadConfig(flags.config);
  const concurrency = flags.concurrency ?? config.concurrency ?? defaultConcurrency();
  // Text mode stays as terse as before: the summary line says where the output went.
  if (log.format === 'json')
    log.info('run-started', `newsclean ${PIPELINE_VERSION}: cleaning ${flags.in} → ${flags.out}`, {
      in: flags.in,
      out: flags.out,
      concurrency,
      incremental: flags.incremental,
    });
  const report = await run({
    inDir: flags.in,
    outDir: flags.out,
    config,
    concurrency,
    incremental: flags.incremental,
    allowEmpty: flags.allowEmpty ?? false,
    output: outputOptions(flags, config),
    report: flags.report ?? false,
    ...(flags.shard === undefined ? {} : { shard: flags.shard }),
    // No progress object at all when quiet: the run then skips sizing the inputs for a total.
    ...(quiet
      ? {}
      : { progress: createProgress({ quiet, stream: process.stderr, format: flags.logFormat }) }),
  });
  if (report.shard?.skipped) {
    log.info(
      'shard-skipped',
      `newsclean: shard ${report.shard.index}/${report.shard.count} already complete in ${flags.out}/ (same inputs, code, config and site index): nothing to do`,
      { shard: report.shard, out: flags.out },
    );
    return EXIT.ok;
  }
  const { outputs, inputs } = report;
  const rejected = Object.entries(report.rejectedByCode)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  log.info(
    'run-finished',
    `newsclean ${report.pipelineVersion}: ${count(inputs.files, 'input file')}, ${count(inputs.records, 'record')} → ` +
      `${count(outputs.documents, 'document')}, ${count(outputs.sentences, 'sentence')}, ` +
      `${outputs.rejected} rejected${rejected ? ` (${rejected})` : ''}, ${count(outputs.duplicates, 'duplicate')} ` +
      `in ${(report.timings.totalMs / 1000).toFixed(1)} s → ${flags.out}/`,
    {
      inputs,
      outputs,
      rejectedByCode: report.rejectedByCode,
      incremental: report.incremental,
      totalMs: report.timings.totalMs,
      throughput: report.throughput,
      peakRssBytes: report.peakRssBytes,
    },
  );
  // Per record: a JSON Lines or WET file holds many inputs.
  const rejectedShare = inputs.records === 0 ? 0 : outputs.rejected / inputs.records;
  if (rejectedShare > flags.maxRejected) {
    log.error(
      'too-many-rejected',
      `newsclean: ${outputs.rejected} of ${count(inputs.records, 'input record')} rejected, more than --max-rejected ${flags.maxRejected}; see ${flags.out}/rejected.jsonl`,
      { rejected: outputs.rejected, records: inputs.records, maxRejected: flags.maxRejected },
    );
    return EXIT.tooManyRejected;
  }
  return EXIT.ok;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('newsclean')
    .description('Clean scraped news text into JSON and CSV datasets with provenance and an edit log.')
    .version(PIPELINE_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError();

  const concurrency = new Option(
    '--concurrency <n>',
    `worker threads, 1 to ${MAX_CONCURRENCY} (default: all cores)`,
  ).argParser(concurrencyValue);

  const runCommandLine = program
    .command('run', { isDefault: true })
    .description('clean every input under --in and write the datasets to --out')
    .option(
      '--in <dir>',
      'input folder, searched recursively for .txt, .jsonl[.gz|.zst], .warc[.gz] and .wet[.gz] files',
      'raw',
    )
    .option('--out <dir>', 'output folder, replaced as a whole when the run completes', 'out')
    .option('--config <file>', 'JSON config file (see README)')
    .addOption(concurrency)
    .option('-q, --quiet', 'print nothing but errors')
    .addOption(
      new Option('--max-rejected <ratio>', 'exit 3 when more than this share of inputs is rejected')
        .argParser(ratio)
        .default(0.5),
    )
    .option('--allow-empty', 'write an empty dataset when --in holds no input file (default: refuse, exit 2)')
    .option('--no-incremental', 'clean every document again instead of reusing unchanged ones from --out')
    .option('--report', 'also write the audit report, static HTML in --out/report/ (see `newsclean report`)')
    .addOption(
      new Option(
        '--shard <K/N>',
        'clean only shard K of N (0-based) of the input files, by a hash of their path, into --out with a completion marker for `newsclean merge`',
      ).argParser(shardValue),
    )
    .addOption(
      new Option('--log-format <format>', 'text for people, json for one JSON object per line on stderr')
        .choices(['text', 'json'])
        .default('text'),
    );
  outputFlags(runCommandLine).action(async (flags: RunFlags) => setExit(await runCommand(flags)));

  const checkCommandLine = program
    .command('check')
    .description(
      'run on --in into a temporary folder and diff the datasets against --golden (compressed files decompressed)',
    )
    .requiredOption('--golden <dir>', 'folder holding the expected output')
    .option('--in <dir>', 'input folder', 'raw')
    .option('--config <file>', 'JSON config file')
    .addOption(concurrency)
    .option(
      '--allow-empty',
      'compare an empty dataset when --in holds no input file (default: refuse, exit 2)',
    );
  outputFlags(checkCommandLine).action(
    async (
      flags: {
        golden: string;
        in: string;
        config?: string;
        concurrency?: number;
        allowEmpty?: boolean;
      } & OutputFlags,
    ) => {
      const config = await loadConfig(flags.config);
      const { check } = await import('./check.js');
      const result = await check({
        inDir: flags.in,
        goldenDir: flags.golden,
        config,
        output: outputOptions(flags, config),
        allowEmpty: flags.allowEmpty ?? false,
        ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
      });
      if (result.identical) {
        process.stdout.write(`newsclean check: output matches ${flags.golden}\n`);
        setExit(EXIT.ok);
      } else {
        process.stdout.write(`${result.diffs.join('\n')}\n`);
        process.stderr.write(`newsclean check: ${result.diffs.length} file(s) differ from ${flags.golden}\n`);
        setExit(EXIT.different);
      }
    },
  );

  program
    .command('report')
    .description(
      'write the audit report of an output folder: static HTML in OUT/report/ that opens from disk',
    )
    .option('--out <dir>', 'output folder of a run (holding documents.jsonl or documents.parquet)', 'out')
    .option('--seed <text>', 'seed of the sampled examples', DEFAULT_SEED)
    .addOption(
      new Option(
        '--max-document-pages <n>',
        'every document gets a page up to this many documents; past it only the sampled ones',
      )
        .argParser(wholeNumber)
        .default(DEFAULT_MAX_DOCUMENT_PAGES),
    )
    .action(async (flags: { out: string; seed: string; maxDocumentPages: number }) => {
      const { buildReport } = await import('./report/build.js');
      const result = await buildReport({
        outDir: flags.out,
        seed: flags.seed,
        maxDocumentPages: flags.maxDocumentPages,
      });
      process.stdout.write(
        `newsclean: report of ${count(result.documents, 'document')} (${count(result.documentPages, 'document page')}) in ${(result.ms / 1000).toFixed(1)} s → ${result.dir}/index.html\n`,
      );
      setExit(EXIT.ok);
    });

  program
    .command('merge')
    .description(
      'merge the shard folders of a sharded run (run --shard K/N) into one dataset, byte-identical to a single run',
    )
    .argument('<shards...>', 'the shard folders, e.g. OUT/shard-*')
    .requiredOption('--out <dir>', 'output folder of the merged dataset, replaced as a whole when complete')
    .option('--report', 'also write the audit report, static HTML in --out/report/')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (shards: string[], flags: { out: string; report?: boolean; quiet?: boolean }) => {
      const report = await merge({ shards, outDir: flags.out, report: flags.report ?? false });
      if (!flags.quiet)
        process.stdout.write(
          `newsclean: merged ${count(shards.length, 'shard')}: ${count(report.inputs.records, 'record')} → ` +
            `${count(report.outputs.documents, 'document')}, ${report.outputs.rejected} rejected, ` +
            `${count(report.outputs.duplicates, 'duplicate')}, ${count(report.outputs.nearDuplicateClusters, 'near-duplicate cluster')} ` +
            `in ${(report.timings.totalMs / 1000).toFixed(1)} s → ${flags.out}/\n`,
        );
      setExit(EXIT.ok);
    });

  program
    .command('schema')
    .description('write the JSON Schemas of every record type')
    .option('--out <dir>', 'folder to write them to, replaced as a whole when complete', 'out/schema')
    .action(async (flags: { out: string }) => {
      const schemas = jsonSchemas();
      await replaceFolder(flags.out, schemas, (name) => name.endsWith('.schema.json'));
      process.stdout.write(`newsclean: wrote ${Object.keys(schemas).length} JSON Schemas to ${flags.out}/\n`);
      setExit(EXIT.ok);
    });

  const queue = program
    .command('queue')
    .description('sharded runs on many machines through a queue on Redis (BullMQ): see `newsclean worker`');
  const submitCommandLine = queue
    .command('submit')
    .description(
      'queue a run: one job per shard of --in, then the merge of the shards into --out once all are complete',
    )
    .requiredOption('--redis <url>', 'Redis to queue on, redis://[user:password@]host:port[/db]')
    .requiredOption('--in <dir>', 'input folder, at the same path on every worker machine')
    .requiredOption('--out <dir>', 'where the merged dataset goes, at the same path on every worker machine')
    .requiredOption('--shards <n>', 'number of shard jobs', positiveNumber)
    .option(
      '--shards-dir <dir>',
      "the shards' folders (shard-0 … shard-N-1; default: OUT.shards beside --out)",
    )
    .option('--config <file>', 'JSON config file, read here and sent with the jobs')
    .option('--queue <name>', 'BullMQ queue name', DEFAULT_QUEUE)
    .option('--wait', 'wait until the merge has finished (exit 0) or the run has failed (exit 7)')
    .option('-q, --quiet', 'print nothing but errors');
  outputFlags(submitCommandLine).action(
    async (
      flags: {
        redis: string;
        in: string;
        out: string;
        shards: number;
        shardsDir?: string;
        config?: string;
        queue: string;
        wait?: boolean;
        quiet?: boolean;
      } & OutputFlags,
    ) => {
      const config = await loadConfig(flags.config);
      await submit({
        redis: flags.redis,
        queue: flags.queue,
        inDir: flags.in,
        outDir: flags.out,
        ...(flags.shardsDir === undefined ? {} : { shardsDir: flags.shardsDir }),
        shards: flags.shards,
        config,
        output: outputOptions(flags, config),
        wait: flags.wait ?? false,
        say: (line) => {
          if (!flags.quiet) process.stdout.write(`${line}\n`);
        },
      });
      setExit(EXIT.ok);
    },
  );

  program
    .command('worker')
    .description(
      'take jobs of queued runs from Redis and run them, one at a time, until stopped (SIGTERM or SIGINT)',
    )
    .requiredOption('--redis <url>', 'Redis the runs are queued on')
    .addOption(concurrency)
    .option('--queue <name>', 'BullMQ queue name', DEFAULT_QUEUE)
    .option('--name <name>', 'worker name in logs and in the jobs (default: host:pid)')
    .addOption(
      new Option(
        '--lock-duration <ms>',
        'a job whose worker has not renewed its lock for this long is given to another worker',
      )
        .argParser(positiveNumber)
        .default(LOCK_DEFAULTS.lockDurationMs),
    )
    .addOption(
      new Option('--stalled-interval <ms>', 'how often this worker looks for jobs of dead workers')
        .argParser(positiveNumber)
        .default(LOCK_DEFAULTS.stalledIntervalMs),
    )
    .addOption(
      new Option('--log-format <format>', 'text for people, json for one JSON object per line on stderr')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(
      async (flags: {
        redis: string;
        concurrency?: number;
        queue: string;
        name?: string;
        lockDuration: number;
        stalledInterval: number;
        logFormat: LogFormat;
      }) => {
        const log = createLogger({
          format: flags.logFormat,
          quiet: false,
          stdout: process.stderr,
          stderr: process.stderr,
        });
        const name = flags.name ?? defaultWorkerName();
        // The first signal lets the job in hand finish; a second one stops at once (the job goes back to the
        // queue when its lock expires, like a killed worker's). Listened to from the start: a signal that comes
        // while the worker connects stops it as soon as it is up.
        let worker: RunningWorker | null = null;
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
          stopping = true;
          log.info(
            'worker-stopping',
            `newsclean worker ${name}: ${signal}: finishing the job in hand, then stopping`,
            {
              signal,
            },
          );
          void worker?.close();
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
        worker = await startWorker({
          redis: flags.redis,
          queue: flags.queue,
          concurrency: flags.concurrency ?? defaultConcurrency(),
          lockDurationMs: flags.lockDuration,
          stalledIntervalMs: flags.stalledInterval,
          name,
          engine: shardEngine(),
          log: (event, message, fields) => log.info(event, message, fields),
          lockLost: (jobIds) => {
            log.error(
              'lock-lost',
              `newsclean worker ${name}: lost the lock of job ${jobIds.join(', ')} (paused or cut off from Redis longer than --lock-duration): another worker may run it now, so this one stops at once`,
              { jobs: jobIds },
            );
            process.exit(EXIT.lockLost);
          },
        }).catch((error: unknown) => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          throw error;
        });
        log.info(
          'worker-started',
          `newsclean worker ${name}: waiting for jobs on ${redact(flags.redis)} (queue ${flags.queue})`,
          { worker: name, queue: flags.queue },
        );
        if (stopping) void worker.close();
        await worker.closed;
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        log.info('worker-stopped', `newsclean worker ${name}: stopped`, { worker: name });
        setExit(EXIT.ok);
      },
    );

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`newsclean: config error:\n${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof EmptyInputError) {
      process.stderr.write(`newsclean: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`newsclean: ${error.message}\nThe previous output, if any, was left as it was.\n`);
      return EXIT.outputFailed;
    }
    if (error instanceof MergeError) {
      process.stderr.write(`newsclean: cannot merge: ${error.message}\n--out was left as it was.\n`);
      return EXIT.mergeRefused;
    }
    if (error instanceof QueueUnavailableError) {
      process.stderr.write(`newsclean: ${error.message}\n`);
      return EXIT.queueUnavailable;
    }
    if (error instanceof QueuedRunFailedError) {
      process.stderr.write(`newsclean: ${error.message}\n`);
      return EXIT.queuedRunFailed;
    }
    if (error instanceof ReportError) {
      process.stderr.write(`newsclean: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`newsclean: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}
