/**
 * npm run bench [-- --mb 8 --scale 10 --repeat 3 --big-mb 10 --work DIR] [--only report] [--report-scale N]
 *
 * Generates a corpus (bench/corpus.ts), then measures in one run: two baselines on one core in this
 * process (read+decode; retext-english parse alone, per paragraph), the full pipeline through the CLI at
 * concurrency 1 (also with the site pass off, and another checkout's build with --baseline) and at all
 * cores, an incremental re-run, a 10x larger corpus (peak RSS; the all-cores ratio
 * in steady state, at 1 and at all cores) and a single large document. Pipeline times are run.json's
 * totalMs (the run itself, without Node start-up), medians of
 * --repeat runs, with each run's whole-process CPU time (bench/cpu-probe.ts). Prints the table and writes it into bench/README.md between the RESULTS markers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { ANCHOR_DOMS, type AnchorDom } from '../eval/anchor.js';
import { parseConfig } from '../pipeline/config.js';
import { listInputFiles, readInputs } from '../pipeline/inputs.js';
import { buildReport } from '../pipeline/report/build.js';
import { cleanItem } from '../pipeline/worker.js';
import type { DatasetWriter } from '../pipeline/writers/index.js';
import { PartArena } from '../pipeline/writers/index.js';
import { DEFAULT_OUTPUT, datasetWriters } from '../pipeline/writers/options.js';
import { decode } from '../stages/decode.js';
import { sourcePages, writeBigDocument, writeCorpus } from './corpus.js';
import type { ThreadCpu } from './cpu-probe.js';
import { htmlSection } from './html.js';
import type { QueueRun } from './queue.js';
import { queueRun } from './queue.js';
import { REDIS_SERVER, startRedis } from './redis-server.js';
import type { ChildReport } from './report-scale.js';
import { largestDocumentPage, openTimes, reportInChild, scaleOutput } from './report-scale.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const cli = join(repoRoot, 'dist', 'pipeline', 'cli.js');
const cpuProbe = join(repoRoot, 'dist', 'bench', 'cpu-probe.js');

const USAGE = `Usage: npm run bench [-- options]

Generates a corpus from raw/ and ../shared/eval/extraction-dev, runs the pipeline on it several ways and
writes the table into bench/README.md (see its header for what each row measures).

Options:
  --mb N          size of the main corpus in MB (default 8)
  --scale N       the larger corpus is N times the main one (default 10)
  --repeat N      runs per row; the median is reported (default 3)
  --big-mb N      size of the single large document in MB (default 10)
  --work DIR      scratch folder (default: newsclean-bench in the temp folder)
  --no-readme     print the table only, leave bench/README.md as it is
  --baseline DIR  another built checkout of newsclean to compare one core against
  --only report   only the audit report's rows: the main corpus's all-cores runs, each followed by its
                  report (and --report-scale); prints the table, leaves bench/README.md as it is
  --only queue    only the queue rows (issue 9), with their single-run reference; prints the table
  --only one-core only the one-core rows (site pass on, off, and --baseline's): their CPU and time ratios
                  (issue 14's speed targets); prints the table, leaves bench/README.md as it is
  --only large    only the single large document's row and its memory target (--big-mb); prints the table
  --only scale    only the concurrency-1 and all-cores runs of the main corpus (and --baseline's), alternated,
                  between both parallel ceilings: issue 8's all-cores target in time and CPU; prints the table
  --only incremental  only the all-cores full runs and the incremental re-runs after each, and their
                  ratio; prints the table
  --only html     only the HTML rows (issue 11): newsclean from HTML against Readability.js on the same
                  pages at one core, and one large HTML page's memory; prints the table
  --no-html       leave out the HTML rows
  --html-dom LIST the DOMs Readability.js runs on in the HTML rows, comma-separated (default jsdom,linkedom:
                  jsdom as the eval's anchor, linkedom a faster DOM)
  --html-big-mb N size of the single large HTML page in MB (default 10; 0 leaves its rows out)
  --no-queue      leave out the queue rows (they need Debian's redis-server)
  --queue-shards N  shard jobs of each queued run (default 4)
  --report-scale N  also the report of a synthetic N-document output (issue 10: 100000): built alone in a
                  child process (time, CPU, peak RSS) and opened in headless Chromium
  -h, --help      print this help and exit
`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        mb: { type: 'string', default: '8' },
        scale: { type: 'string', default: '10' },
        repeat: { type: 'string', default: '3' },
        'big-mb': { type: 'string', default: '10' },
        work: { type: 'string', default: join(tmpdir(), 'newsclean-bench') },
        'no-readme': { type: 'boolean', default: false },
        baseline: { type: 'string', default: '' },
        help: { type: 'boolean', short: 'h', default: false },
        only: { type: 'string', default: '' },
        'report-scale': { type: 'string', default: '0' },
        'no-queue': { type: 'boolean', default: false },
        'queue-shards': { type: 'string', default: '4' },
        'no-html': { type: 'boolean', default: false },
        'html-dom': { type: 'string', default: 'jsdom,linkedom' },
        'html-big-mb': { type: 'string', default: '10' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const flags = parseFlags();
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const ALONE = ['report', 'queue', 'one-core', 'large', 'incremental', 'html', 'scale'];
if (flags.only !== '' && !ALONE.includes(flags.only)) {
  process.stderr.write(
    `bench: --only: the parts that run alone are ${ALONE.map((part) => `'${part}'`).join(', ')}, not '${flags.only}'\n\n${USAGE}`,
  );
  process.exit(2);
}
/** The HTML rows (issue 11): the DOMs Readability.js runs on, and the size of the large page. */
const htmlDoms = flags['html-dom'].split(',').filter(Boolean);
if (htmlDoms.length === 0 || !htmlDoms.every((d) => (ANCHOR_DOMS as readonly string[]).includes(d))) {
  process.stderr.write(`bench: --html-dom: expected a list of ${ANCHOR_DOMS.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const htmlBigMb = Number(flags['html-big-mb']);
/** `--only report`: the main corpus, its all-cores runs and their reports, nothing else. */
const full = flags.only === '';
/** `--report-scale N`: also the report of a synthetic N-document output (bench/report-scale.ts). */
const reportScale = Number(flags['report-scale']);
const mb = Number(flags.mb);
const scale = Number(flags.scale);
const repeat = Math.max(1, Number(flags.repeat));
const bigMb = Number(flags['big-mb']);
const work = flags.work;
const cores = availableParallelism();
/** The queue rows (issue 9): worker processes through `queue submit`, and the shards of each run. */
const queueWorkers = [1, 2, 4] as const;
const queueShards = Number(flags['queue-shards']);
/** Another checkout of newsclean, built (its dist/pipeline/cli.js), to compare one core against. */
const baseline = flags.baseline ? resolve(flags.baseline) : null;
const baselineCli = baseline === null ? null : join(baseline, 'dist', 'pipeline', 'cli.js');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

interface RunJson {
  timings: { totalMs: number };
  /** The whole process's CPU time, user + system, all threads (bench/cpu-probe.ts), added by pipeline(). */
  cpuMs: number;
  /** Where that CPU time went, by thread (bench/cpu-probe.ts), if /proc told. */
  threads: ThreadCpu | null;
  /**
   * The whole process's wall time, Node's start-up and module loading included (bench/cpu-probe.ts's wallMs, or
   * where /proc did not tell, spawn to exit as this process saw it), added by pipeline(). run.json's totalMs
   * starts at run(): work moved before it, or to loading modules, would not show there.
   */
  processMs: number;
  peakRssBytes: number;
  outputs: { documents: number; sentences: number };
  inputs: { bytes: number };
  incremental: { reused: number; cleaned: number };
}

function pipeline(
  input: string,
  out: string,
  concurrency: number,
  extra: string[] = [],
  program: string = cli,
): RunJson {
  const cpuFile = join(work, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  rmSync(`${cpuFile}.threads.json`, { force: true });
  const spawned = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(cpuProbe).href,
      program,
      'run',
      '--in',
      input,
      '--out',
      out,
      '--concurrency',
      String(concurrency),
      '--quiet',
      ...extra,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NEWSCLEAN_BENCH_CPU_FILE: cpuFile } },
  );
  const spawnMs = performance.now() - spawned;
  if (r.status !== 0) throw new Error(`pipeline run failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Omit<
    RunJson,
    'cpuMs' | 'threads' | 'processMs'
  >;
  const threads = existsSync(`${cpuFile}.threads.json`)
    ? (JSON.parse(readFileSync(`${cpuFile}.threads.json`, 'utf8')) as ThreadCpu)
    : null;
  return {
    ...report,
    cpuMs: Number(readFileSync(cpuFile, 'utf8')),
    threads,
    processMs: threads?.wallMs ?? spawnMs,
  };
}

async function* texts(dir: string): AsyncGenerator<Uint8Array> {
  const { root, files } = await listInputFiles(dir);
  const config = parseConfig({ cleaning: { decode: { maxBytes: 64 * 1024 * 1024 } } });
  for await (const item of readInputs(root, files, {
    maxBytes: config.cleaning.decode.maxBytes,
    input: config.input,
  }))
    if (item.bytes) yield item.bytes;
}

/** Baseline 1: what reading costs (list, read, JSON parse, sha256, decode), one core. */
async function readDecode(dir: string): Promise<number> {
  const t = performance.now();
  for await (const bytes of texts(dir)) decode(bytes, { maxBytes: Number.MAX_SAFE_INTEGER });
  return performance.now() - t;
}

/** Baseline 2: retext-english parse alone, paragraph by paragraph, one core (texts read beforehand). */
async function parseAlone(dir: string): Promise<number> {
  const paragraphs: string[] = [];
  for await (const bytes of texts(dir)) {
    const d = decode(bytes, { maxBytes: Number.MAX_SAFE_INTEGER });
    if (d.ok) for (const p of d.text.split(/\r?\n\s*\r?\n/)) if (p.trim()) paragraphs.push(p);
  }
  const parser = unified().use(retextEnglish).freeze();
  const t = performance.now();
  for (const p of paragraphs) parser.parse(p);
  return performance.now() - t;
}

/** What this machine gives for N busy threads at once right now (shared hosts give less than N). */
function parallelCeiling(threads: number): Promise<number> {
  const spin =
    'let x=0;for(let i=0;i<6e8;i++)x+=i&1;require("node:worker_threads").parentPort.postMessage(x)';
  const once = (n: number) =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      let left = n;
      for (let i = 0; i < n; i++) {
        const w = new Worker(spin, { eval: true });
        w.on('message', () => {
          void w.terminate();
          if (--left === 0) resolve(performance.now() - t);
        });
      }
    });
  return once(1).then(async (one) => (threads * one) / (await once(threads)));
}

/**
 * The same ratio for our real per-document work: `threads` threads each clean the same pages at once, in
 * process, against one thread alone. What the pipeline can reach at all cores is below this, not below the
 * spin-loop ceiling: threads that touch memory share caches and memory bandwidth.
 */
async function cleaningCeiling(dir: string, threads: number, maxBytes: number): Promise<number> {
  const pages: string[] = [];
  let bytes = 0;
  for await (const raw of texts(dir)) {
    if (bytes >= maxBytes) break;
    const d = decode(raw, { maxBytes: Number.MAX_SAFE_INTEGER });
    if (d.ok) {
      pages.push(d.text);
      bytes += raw.byteLength;
    }
  }
  const script = new URL('./clean-thread.js', import.meta.url);
  const once = async (n: number) => {
    const times = await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<number>((resolve, reject) => {
            const w = new Worker(script, { workerData: pages });
            w.once('message', (ms: number) => {
              void w.terminate();
              resolve(ms);
            });
            w.once('error', reject);
          }),
      ),
    );
    return Math.max(...times);
  };
  const one = await once(1);
  return (threads * one) / (await once(threads));
}

/**
 * The writers' share of a worker's per-document time: the worker's work (clean, records, signature, encode
 * each writer's part) on the same pages in process, with each writer list against none, medians of 3 passes
 * after a warm-up. The main thread's writing comes on top (see the output table's CPU column).
 */
async function writerShare(dir: string, maxBytes: number): Promise<Record<string, number>> {
  const pages: Uint8Array[] = [];
  let bytes = 0;
  for await (const raw of texts(dir)) {
    if (bytes >= maxBytes) break;
    pages.push(raw);
    bytes += raw.byteLength;
  }
  const cleaning = parseConfig({}).cleaning;
  const none: ReadonlySet<number> = new Set();
  // CPU time of this thread's work (the bench process does nothing else meanwhile): steadier than wall time
  // on a shared host.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const pass = (writers: readonly DatasetWriter[]) => {
    const t = cpuMs();
    // As in a worker: one arena per batch of 16 documents.
    let arena = new PartArena();
    for (const [i, bytes] of pages.entries()) {
      if (i % 16 === 0) arena = new PartArena();
      const provenance = {
        sourcePath: 'bench.jsonl',
        sourceSha256: String(i).padStart(64, '0'),
        sourceBytes: bytes.byteLength,
        record: null,
        pipelineVersion: 'bench',
        codeFingerprint: 'bench',
        configHash: 'bench',
      };
      cleanItem({ bytes, provenance, site: '.' }, cleaning, none, writers, arena);
    }
    return cpuMs() - t;
  };
  const all = datasetWriters(DEFAULT_OUTPUT);
  const lists: Record<string, readonly DatasetWriter[]> = {
    none: [],
    'default (jsonl,csv)': all,
    jsonl: all.filter((w) => w.format === 'json'),
    csv: all.filter((w) => w.format === 'csv'),
    'parquet (worker side)': datasetWriters({ ...DEFAULT_OUTPUT, formats: ['parquet'] }),
  };
  for (const list of Object.values(lists)) pass(list);
  // Five rounds, each starting from the next list, so no list always follows the same one (garbage left behind).
  const names = Object.keys(lists);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < 5; r++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]!;
      times[name]!.push(pass(lists[name]!));
    }
  const base = median(times.none!);
  return Object.fromEntries(
    Object.entries(times)
      .filter(([name]) => name !== 'none')
      .map(([name, ms]) => [name, (median(ms) - base) / median(ms)]),
  );
}

interface Row {
  readonly what: string;
  readonly ms: number;
  /** Median whole-process CPU time of the runs (pipeline rows only). */
  readonly cpuMs: number | null;
  readonly docs: number;
  readonly bytes: number;
  readonly rss: number | null;
}

/** The flags of this bench run, as typed after `npm run bench --`. */
function command(): string {
  const scaleFlag = reportScale > 0 ? ` --report-scale ${reportScale}` : '';
  const queueFlags = `${flags['no-queue'] ? ' --no-queue' : ''}${queueShards === 4 ? '' : ` --queue-shards ${queueShards}`}`;
  const htmlFlags = `${flags['html-dom'] === 'jsdom,linkedom' ? '' : ` --html-dom ${flags['html-dom']}`}${htmlBigMb === 10 ? '' : ` --html-big-mb ${htmlBigMb}`}`;
  if (flags.only === 'html') return `--only html --repeat ${repeat}${htmlFlags}`;
  return full
    ? `--mb ${mb} --scale ${scale} --repeat ${repeat} --big-mb ${bigMb}${baseline === null ? '' : ` --baseline ${flags.baseline}`}${scaleFlag}${queueFlags}${flags['no-html'] ? ' --no-html' : htmlFlags}`
    : flags.only === 'large'
      ? `--only large --repeat ${repeat} --big-mb ${bigMb}`
      : flags.only === 'incremental'
        ? `--only incremental --mb ${mb} --repeat ${repeat}`
        : `--only ${flags.only} --mb ${mb} --repeat ${repeat}${flags.only === 'queue' ? queueFlags : flags.only === 'one-core' || flags.only === 'scale' ? (baseline === null ? '' : ` --baseline ${flags.baseline}`) : scaleFlag}`;
}

const mbps = (r: Row) => r.bytes / 1e6 / (r.ms / 1000);

function rowTable(rows: readonly Row[]): string[] {
  return [
    '| measurement | time (s) | CPU (s) | docs/s | MB/s | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${(r.ms / 1000).toFixed(2)} | ${r.cpuMs === null ? '' : (r.cpuMs / 1000).toFixed(2)} | ${(r.docs / (r.ms / 1000)).toFixed(0)} | ${mbps(r).toFixed(2)} | ${r.rss === null ? '' : (r.rss / 1048576).toFixed(0)} |`,
    ),
  ];
}

interface Target {
  readonly name: string;
  readonly value: number;
  /** Whether the value meets the target; null for a row with no target. */
  readonly ok: (v: number) => boolean | null;
  readonly fmt: (v: number) => string;
}

function targetTable(targets: readonly Target[]): string[] {
  return [
    '| target | measured | met |',
    '|---|---:|:---:|',
    ...targets.map((t) => {
      const ok = t.ok(t.value);
      return `| ${t.name} | ${t.fmt(t.value)} | ${ok === null ? '—' : ok ? 'yes' : '**no**'} |`;
    }),
  ];
}

type AddRow = (
  what: string,
  ms: number[],
  docs: number,
  bytes: number,
  rss?: number | null,
  cpuMs?: number[] | null,
) => Row;

interface ReportTime {
  readonly ms: number;
  readonly cpuMs: number;
}

/** buildReport (what `newsclean report` runs) on a run's output, in this process: time and CPU time. */
async function timeReport(outDir: string): Promise<ReportTime> {
  const [t, cpu] = [performance.now(), process.cpuUsage()];
  await buildReport({ outDir, reportDir: join(work, 'report') });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

function addReportRow(
  reports: readonly ReportTime[],
  info: { docs: number; bytes: number },
  add: AddRow,
): Row {
  return add(
    'audit report of that output (`newsclean report`, in process, right after each run)',
    reports.map((r) => r.ms),
    info.docs,
    info.bytes,
    null,
    reports.map((r) => r.cpuMs),
  );
}

/**
 * "Building the report takes under 20% of the run's own time": the medians' ratio; beside it the median of the
 * ratios run by run (each report is built right after its run) and the same in CPU time, which moves less with
 * other processes' load on a shared host.
 */
function reportTargets(
  reportRow: Row,
  cn: Row,
  reports: readonly ReportTime[],
  cnRuns: readonly RunJson[],
): Target[] {
  const paired = median(reports.map((r, i) => r.ms / cnRuns[i]!.timings.totalMs));
  const pairedCpu = median(reports.map((r, i) => r.cpuMs / cnRuns[i]!.cpuMs));
  return [
    {
      name: "audit report ≤ 20% of the run's own time (all cores; beside it run by run, and CPU time report / run)",
      value: reportRow.ms / cn.ms,
      ok: (v: number) => v <= 0.2,
      fmt: (v: number) =>
        `${(v * 100).toFixed(0)}% (paired ${(paired * 100).toFixed(0)}%; CPU ${(pairedCpu * 100).toFixed(0)}%)`,
    },
  ];
}

/**
 * `--report-scale N`: a synthetic N-document output made from the bench run's records (bench/report-scale.ts),
 * its report built alone in a child process, the bench output's report likewise (so their peak RSS compare),
 * and the big one opened in headless Chromium.
 */
async function scaleRows(
  cnOut: string,
  info: { docs: number; bytes: number },
  add: AddRow,
): Promise<Target[]> {
  const scaled = join(work, `out-report-${reportScale}`);
  log(`writing a synthetic ${reportScale}-document output in ${scaled}`);
  const datasetBytes = scaleOutput(cnOut, scaled, reportScale);
  const small: ChildReport[] = [];
  const big: ChildReport[] = [];
  const smallDir = join(work, 'report-child-small');
  const reportDir = join(work, 'report-child-scale');
  for (let i = 0; i < repeat; i++) {
    small.push(reportInChild(repoRoot, cnOut, smallDir));
    big.push(reportInChild(repoRoot, scaled, reportDir));
  }
  add(
    `audit report of that output, alone in a child process (${small[0]!.documentPages} document pages)`,
    small.map((r) => r.ms),
    info.docs,
    info.bytes,
    median(small.map((r) => r.peakRssBytes)),
    small.map((r) => r.cpuMs),
  );
  const bigRow = add(
    `audit report of a synthetic ${reportScale}-document output (${(datasetBytes / 1e9).toFixed(1)} GB of documents.jsonl and sentences.jsonl, ${big[0]!.documentPages} document pages), child process`,
    big.map((r) => r.ms),
    reportScale,
    (info.bytes * reportScale) / info.docs,
    median(big.map((r) => r.peakRssBytes)),
    big.map((r) => r.cpuMs),
  );
  const largest = largestDocumentPage(reportDir);
  const times = await openTimes(repoRoot, reportDir, ['index.html', largest.file], repeat);
  const overview = median(times.get('index.html') ?? []);
  const document = median(times.get(largest.file) ?? []);
  const smallRss = median(small.map((r) => r.peakRssBytes));
  const bigRss = bigRow.rss ?? 0;
  return [
    {
      name: `report of ${reportScale} documents: peak RSS ≤ 1.5× the ${info.docs}-document report's (bounded memory)`,
      value: bigRss / smallRss,
      ok: (v: number) => v <= 1.5,
      fmt: (v: number) =>
        `${v.toFixed(2)}× (${(bigRss / 1048576).toFixed(0)} vs ${(smallRss / 1048576).toFixed(0)} MB)`,
    },
    {
      name: `report of ${reportScale} documents opens in < 2 s in headless Chromium (load event, file://: the overview; beside it the largest document page, ${(largest.bytes / 1024).toFixed(0)} KB)`,
      value: Math.max(overview, document),
      ok: (v: number) => v < 2000,
      fmt: () => `${(overview / 1000).toFixed(2)} s; ${(document / 1000).toFixed(2)} s`,
    },
  ];
}

/**
 * Through the queue (issue 9): W local worker processes of one thread each take the shards of one run from a
 * throwaway redis-server, then one of them merges; a single run at concurrency 1 on the same corpus in the same
 * round is the reference, so each ratio is taken round by round. Adds its rows; returns its target rows.
 */
async function queueSection(pages: readonly string[], add: AddRow): Promise<Target[]> {
  if (flags['no-queue'] && flags.only !== 'queue') return [];
  if (!existsSync(REDIS_SERVER)) {
    log(`${REDIS_SERVER} not found: queue rows left out (apt-get install redis-server, or pass --no-queue)`);
    return [];
  }
  // Shards split the input by file: the main corpus's pages, 25 a file, so that every shard has work.
  const corpus = join(work, 'corpus-queue');
  const info = writeCorpus(corpus, pages, mb, 1, 25);
  const single: RunJson[] = [];
  const runs = queueWorkers.map(() => [] as QueueRun[]);
  const redis = await startRedis();
  try {
    for (let i = 0; i < repeat; i++) {
      single.push(pipeline(corpus, join(work, 'out-queue-single'), 1, ['--no-incremental']));
      for (const [k, workers] of queueWorkers.entries())
        runs[k]!.push(
          await queueRun({
            cli,
            cpuProbe,
            redis,
            input: corpus,
            dir: join(work, `queue-${workers}`),
            workers,
            shards: queueShards,
            concurrency: 1,
            queue: `bench-${workers}-${i}`,
          }),
        );
    }
  } finally {
    await redis.stop();
  }
  runsRow(
    add,
    'single run, concurrency 1, the same pages in files of 25 (reference of the queue rows, in turn with them)',
    single,
    info,
  );
  for (const [k, workers] of queueWorkers.entries())
    add(
      `queue: ${workers} worker process${workers === 1 ? '' : 'es'} × 1 thread, ${queueShards} shards + merge (\`queue submit --wait\`)`,
      runs[k]!.map((r) => r.ms),
      info.docs,
      info.bytes,
      null,
      runs[k]!.map((r) => r.cpuMs),
    );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const targets: Target[] = queueWorkers.map((workers, k) => {
    const own = runs[k]!;
    const med = (f: (r: QueueRun) => number) => median(own.map(f));
    return {
      name: `queue, ${workers} worker process${workers === 1 ? '' : 'es'}: throughput vs the single run at concurrency 1 (time, round by round; beside it CPU time of all processes vs the single run's, redis-server's CPU time, and the CPU time of the shard jobs and of the merge)`,
      value: median(own.map((r, i) => single[i]!.timings.totalMs / r.ms)),
      ok: () => null,
      fmt: (v: number) =>
        `${v.toFixed(2)}× (CPU ${median(own.map((r, i) => r.cpuMs / single[i]!.cpuMs)).toFixed(2)}×; redis ${seconds(med((r) => r.redisCpuMs))}; shards ${seconds(med((r) => r.shardCpuMs))}, merge ${seconds(med((r) => r.mergeCpuMs))})`,
    };
  });
  // The parts of the model in the README (what M machines reach), from all rounds: the merge's CPU time and the
  // shards' CPU time beyond the single run's, each as a share of the single run's CPU time.
  const all = runs.flat();
  const singleCpu = median(single.map((r) => r.cpuMs));
  targets.push(
    {
      name: `merge CPU time as a share of the single run's (the part of a queued run that does not spread over machines)`,
      value: median(all.map((r) => r.mergeCpuMs)) / singleCpu,
      ok: () => null,
      fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
    },
    {
      name: `${queueShards} shard jobs' CPU time over the single run's (site pass over the whole input in every shard, a thread pool and markers per shard)`,
      value: median(all.map((r) => r.shardCpuMs)) / singleCpu,
      ok: () => null,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
  );
  return targets;
}

/** The HTML rows (bench/html.ts), added to the table; returns their targets and notes. */
function runHtmlSection(add: AddRow): ReturnType<typeof htmlSection> {
  const section = htmlSection({
    repoRoot,
    work: join(work, 'html'),
    repeat,
    doms: htmlDoms as AnchorDom[],
    bigMb: htmlBigMb,
    log,
  });
  for (const r of section.rows) add(r.what, r.ms, r.docs, r.bytes, r.rss, r.cpuMs);
  return section;
}

/** `--only html`: the HTML rows alone (no corpus is generated). */
function htmlOnly(): void {
  const rows: Row[] = [];
  const add: AddRow = (what, ms, docs, bytes, rss = null, cpuMs = null) => {
    const row = { what, ms: median(ms), docs, bytes, rss, cpuMs: cpuMs === null ? null : median(cpuMs) };
    rows.push(row);
    log(`${what}: ${(row.ms / 1000).toFixed(2)} s`);
    return row;
  };
  const section = runHtmlSection(add);
  const table = [
    ...rowTable(rows),
    '',
    ...targetTable(section.targets),
    '',
    `Median of ${repeat} runs, each system alone in its own process, in turn. Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
    ...(section.notes.length ? ['', ...section.notes] : []),
  ].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/** `--only queue`: the queue rows and their single-run reference, nothing else. */
async function queueOnly(pages: readonly string[], add: AddRow, rows: readonly Row[]): Promise<void> {
  const targets = await queueSection(pages, add);
  const table = [...rowTable(rows), '', ...targetTable(targets)].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/** A row of pipeline runs: their wall times, median peak RSS and CPU times (from each run.json). */
function runsRow(
  add: AddRow,
  what: string,
  runs: readonly RunJson[],
  info: { docs: number; bytes: number },
): Row {
  return add(
    what,
    runs.map((r) => r.timings.totalMs),
    info.docs,
    info.bytes,
    median(runs.map((r) => r.peakRssBytes)),
    runs.map((r) => r.cpuMs),
  );
}

/** The concurrency-1 runs, alternated round by round: site pass on, off, and the --baseline checkout's. */
interface OneCoreRuns {
  readonly on: RunJson[];
  readonly off: RunJson[];
  readonly base: RunJson[];
}

/** One round: a run of each, in this order, so load from other processes hits them alike. */
function oneCoreRound(small: string, noSiteConfig: string, runs: OneCoreRuns): void {
  runs.on.push(pipeline(small, join(work, 'out-c1'), 1, ['--no-incremental']));
  runs.off.push(
    pipeline(small, join(work, 'out-c1-no-site'), 1, ['--no-incremental', '--config', noSiteConfig]),
  );
  if (baselineCli !== null)
    runs.base.push(pipeline(small, join(work, 'out-c1-baseline'), 1, ['--no-incremental'], baselineCli));
}

/** The rows of the concurrency-1 runs (the baseline checkout's only with --baseline); returns site pass on's. */
function oneCoreRows(add: AddRow, runs: OneCoreRuns, info: { docs: number; bytes: number }): Row {
  const on = runsRow(add, 'full pipeline, concurrency 1', runs.on, info);
  runsRow(add, 'full pipeline, concurrency 1, site pass off (`siteRepeated.enabled: false`)', runs.off, info);
  if (baseline !== null)
    runsRow(add, `baseline checkout (--baseline ${flags.baseline}), concurrency 1`, runs.base, info);
  return on;
}

/**
 * `--only one-core`: the concurrency-1 runs alone (site pass on, off, and the --baseline checkout's), alternated
 * as in the full bench, with issue 14's targets: what the site pass adds, and one core against the baseline.
 */
function oneCoreOnly(
  small: string,
  info: { docs: number; bytes: number },
  noSiteConfig: string,
  add: AddRow,
  rows: readonly Row[],
): void {
  const runs: OneCoreRuns = { on: [], off: [], base: [] };
  for (let i = 0; i < repeat; i++) oneCoreRound(small, noSiteConfig, runs);
  oneCoreRows(add, runs, info);
  const { on, off, base } = runs;
  const ratio = (a: RunJson[], b: RunJson[], figure: (r: RunJson) => number) =>
    median(a.map((run, i) => figure(run) / figure(b[i]!)));
  const more = (v: number) => `${v >= 1 ? '+' : ''}${((v - 1) * 100).toFixed(1)}%`;
  const pairs: Array<[string, RunJson[], number]> = [['site-line pass adds ≤ 15% at 1 core', off, 1.15]];
  if (baseline !== null) pairs.push(['1 core within 10% of the baseline checkout', base, 1.1]);
  const targets: Target[] = pairs.flatMap(([name, other, limit]) =>
    (
      [
        ['CPU', (r: RunJson) => r.cpuMs],
        ['process wall time', (r: RunJson) => r.processMs],
      ] as const
    ).map(([what, figure]) => ({
      name: `${name} (${what}, run by run)`,
      value: ratio(on, other, figure),
      ok: (v: number) => v <= limit,
      fmt: more,
    })),
  );
  const table = [
    ...rowTable(rows),
    '',
    ...targetTable(targets),
    '',
    processWallLine(runs),
    '',
    `Corpus: ${info.docs} documents, ${(info.bytes / 1e6).toFixed(1)} MB of text; median of ${repeat} runs. Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
  ].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/**
 * The one-core targets' time figure, which the table's time column (run.json's totalMs, from run() on) does not
 * show: each process's wall time from Node's start to its exit, medians.
 */
function processWallLine(runs: OneCoreRuns): string {
  const s = (list: readonly RunJson[]) => `${(median(list.map((r) => r.processMs)) / 1000).toFixed(2)} s`;
  const base = runs.base.length > 0 ? `, baseline checkout ${s(runs.base)}` : '';
  return `Process wall time (Node's start to exit, module loading included; the one-core targets' "process wall time"), medians: site pass on ${s(runs.on)}, off ${s(runs.off)}${base}.`;
}

/** `--only report`: the all-cores runs of the main corpus, each followed by its report; then --report-scale. */
async function reportOnly(
  small: string,
  info: { docs: number; bytes: number },
  add: AddRow,
  rows: readonly Row[],
): Promise<void> {
  const out = join(work, `out-c${cores}`);
  const cnRuns: RunJson[] = [];
  const reports: ReportTime[] = [];
  for (let i = 0; i < repeat; i++) {
    cnRuns.push(pipeline(small, out, cores, ['--no-incremental']));
    reports.push(await timeReport(out));
  }
  const cn = runsRow(add, `full pipeline, concurrency ${cores} (all cores)`, cnRuns, info);
  const reportRow = addReportRow(reports, info, add);
  const targets = [
    ...reportTargets(reportRow, cn, reports, cnRuns),
    ...(reportScale > 0 ? await scaleRows(out, info, add) : []),
  ];
  const table = [
    ...rowTable(rows),
    '',
    ...targetTable(targets),
    '',
    `Corpus: ${info.docs} documents, ${(info.bytes / 1e6).toFixed(1)} MB of text; median of ${repeat} runs. Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
  ].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/** The single large document's runs (concurrency 1, decode limit raised) and its row. */
function bigDocumentRow(bigDir: string, bigConfig: string, bigBytes: number, add: AddRow): Row {
  const bigRuns: RunJson[] = [];
  for (let i = 0; i < repeat; i++)
    bigRuns.push(pipeline(bigDir, join(work, 'out-big'), 1, ['--no-incremental', '--config', bigConfig]));
  const bigSentences = bigRuns[0]?.outputs.sentences ?? 0;
  return runsRow(
    add,
    `one ${(bigBytes / 1e6).toFixed(1)} MB document, ${bigSentences} sentences kept (concurrency 1)`,
    bigRuns,
    { docs: 1, bytes: bigBytes },
  );
}

/** Issue 8's memory target for the single large document: peak RSS (MiB) per MB of the document. */
function bigMemoryTarget(bigRow: Row, bigBytes: number): Target {
  return {
    name: `one ${bigMb} MB document ≤ 20 MiB of memory per MB (peak RSS / MB, 1 core)`,
    value: (bigRow.rss ?? 0) / 1048576 / (bigBytes / 1e6),
    ok: (v: number) => v <= 20,
    fmt: (v: number) => `${v.toFixed(1)} MiB`,
  };
}

/** The incremental target: a re-run of an unchanged corpus against a full run, both at all cores. */
function incrementalTarget(incRow: Row, cn: Row): Target {
  return {
    name: 'incremental re-run a small fraction (≤ 20%) of a full run',
    value: incRow.ms / cn.ms,
    ok: (v: number) => v <= 0.2,
    fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
  };
}

/**
 * `--only scale`: the concurrency-1 and all-cores runs of the main corpus alternated (and, with --baseline, the
 * baseline checkout's at both), with both parallel ceilings measured before and after them: issue 8's all-cores
 * target in time and in CPU time, for this checkout and the baseline side by side.
 */
async function scaleOnly(
  small: string,
  info: { docs: number; bytes: number },
  add: AddRow,
  rows: readonly Row[],
): Promise<void> {
  const ceilings = [await parallelCeiling(cores)];
  const cleaningCeilings = [await cleaningCeiling(small, cores, 2e6)];
  const programs: Array<readonly [string, string]> = [['this checkout', cli]];
  if (baselineCli !== null) programs.push([`baseline checkout (--baseline ${flags.baseline})`, baselineCli]);
  const runs = programs.map(() => ({ c1: [] as RunJson[], cn: [] as RunJson[] }));
  for (let i = 0; i < repeat; i++)
    for (const [k, [, program]] of programs.entries()) {
      runs[k]!.c1.push(pipeline(small, join(work, `out-c1-${k}`), 1, ['--no-incremental'], program));
      runs[k]!.cn.push(
        pipeline(small, join(work, `out-c${cores}-${k}`), cores, ['--no-incremental'], program),
      );
    }
  ceilings.push(await parallelCeiling(cores));
  cleaningCeilings.push(await cleaningCeiling(small, cores, 2e6));
  const row = (what: string, runs: RunJson[]) => runsRow(add, what, runs, info);
  const paired = (a: RunJson[], b: RunJson[], figure: (r: RunJson) => number) =>
    median(a.map((run, i) => figure(run) / figure(b[i]!)));
  const wall = (r: RunJson) => r.timings.totalMs;
  const cpu = (r: RunJson) => r.cpuMs;
  const targets: Target[] = programs.map(([name], k) => {
    const { c1, cn } = runs[k]!;
    const one = row(`${name}: full pipeline, concurrency 1`, c1);
    const all = row(`${name}: full pipeline, concurrency ${cores} (all cores)`, cn);
    return {
      name: `${name}: all cores (${cores}) ≥ 1.7× one core (time; beside it run by run, and the CPU time all cores / one core, run by run)`,
      value: one.ms / all.ms,
      ok: (v: number) => v >= 1.7,
      fmt: (v: number) =>
        `${v.toFixed(2)}× (paired ${paired(c1, cn, wall).toFixed(2)}×; CPU ${paired(cn, c1, cpu).toFixed(2)}×)`,
    };
  });
  const table = [
    ...rowTable(rows),
    '',
    ...targetTable(targets),
    '',
    ...programs.flatMap(([name], k) => threadLines(name, runs[k]!.c1, runs[k]!.cn)),
    '',
    `Corpus: ${info.docs} documents, ${(info.bytes / 1e6).toFixed(1)} MB of text; median of ${repeat} runs, alternated. Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; ` +
      `${cores} busy threads at once ran ${ceilings.map((c) => `${c.toFixed(2)}×`).join(' and ')} one thread before and after the runs; ` +
      `${cores} threads each doing the workers' cleaning of the same 2 MB of pages in process (no I/O, no main thread, JIT warmed first) ran ${cleaningCeilings.map((c) => `${c.toFixed(2)}×`).join(' and ')} one such thread.`,
  ].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/**
 * Where the CPU time of a checkout's runs went, by thread (bench/cpu-probe.ts; medians of the runs): the main
 * thread, the worker threads, and V8's platform threads (its optimising compiler and garbage collector, for
 * every isolate) with libuv's. Then the cores the concurrency-1 run already keeps busy (its CPU time over its
 * process's wall time) and what that allows: on `cores` cores an all-cores run takes at least its CPU time /
 * cores, so it beats one core by 1.7× only if it burns at most cores / (1.7 × cores busy at one) of one core's
 * CPU time, and by at most cores / (cores busy at one) if it burns as much. On a loaded host the runs' wall
 * times stretch and these figures mean little: read them from a quiet one.
 */
function threadLines(name: string, c1: readonly RunJson[], cn: readonly RunJson[]): string[] {
  const split = (runs: readonly RunJson[]) => runs.flatMap((r) => (r.threads === null ? [] : [r.threads]));
  const one = split(c1);
  const all = split(cn);
  if (one.length === 0 || all.length === 0) return [];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const line = (label: string, threads: readonly ThreadCpu[]) => {
    const m = (f: (t: ThreadCpu) => number) => median(threads.map(f));
    return `${label}: main thread ${s(m((t) => t.mainMs))}, worker threads ${s(m((t) => t.goneMs))}, V8 compiler/GC and libuv threads ${s(m((t) => t.helperMs))}; ${m((t) => t.totalMs / t.wallMs).toFixed(2)} cores busy`;
  };
  const busy = median(one.map((t) => t.totalMs / t.wallMs));
  return [
    `${name}, CPU time by thread (medians): ${line('concurrency 1', one)}; ${line(`concurrency ${cores}`, all)}. ` +
      `Concurrency 1 keeps ${busy.toFixed(2)} cores busy (fewer on a loaded host): on ${cores} cores, all cores can run 1.7× faster only if they burn at most ${(cores / (1.7 * busy)).toFixed(2)}× its CPU time, and at equal CPU time at most ${(cores / busy).toFixed(2)}× faster.`,
  ];
}

/** `--only large`: the single large document's row and its memory target. */
function largeOnly(
  bigDir: string,
  bigConfig: string,
  bigBytes: number,
  add: AddRow,
  rows: readonly Row[],
): void {
  const bigRow = bigDocumentRow(bigDir, bigConfig, bigBytes, add);
  const table = [...rowTable(rows), '', ...targetTable([bigMemoryTarget(bigRow, bigBytes)])].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

/** `--only incremental`: all-cores full runs, each followed by a re-run of the unchanged corpus. */
function incrementalOnly(
  small: string,
  info: { docs: number; bytes: number },
  add: AddRow,
  rows: readonly Row[],
): void {
  const out = join(work, `out-c${cores}`);
  const cnRuns: RunJson[] = [];
  const inc: RunJson[] = [];
  for (let i = 0; i < repeat; i++) {
    cnRuns.push(pipeline(small, out, cores, ['--no-incremental']));
    inc.push(pipeline(small, out, cores));
  }
  if (inc.some((r) => r.incremental.cleaned !== 0))
    log('warning: the incremental re-run cleaned documents again');
  const cn = runsRow(add, `full pipeline, concurrency ${cores} (all cores)`, cnRuns, info);
  const incRow = runsRow(add, `incremental re-run, unchanged corpus (concurrency ${cores})`, inc, info);
  const table = [...rowTable(rows), '', ...targetTable([incrementalTarget(incRow, cn)])].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
}

async function main(): Promise<void> {
  const { pages, devFound } = sourcePages(repoRoot);
  if (!devFound) log('../shared/eval/extraction-dev not found: the corpus is built from raw/ alone');
  rmSync(work, { recursive: true, force: true });
  if (flags.only === 'html') {
    htmlOnly();
    return;
  }
  const small = join(work, 'corpus-small');
  const large = join(work, 'corpus-large');
  const bigDir = join(work, 'corpus-big-doc');
  log(
    full
      ? `generating ${mb} MB and ${mb * scale} MB corpora and a ${bigMb} MB document in ${work}`
      : `generating a ${mb} MB corpus in ${work}`,
  );
  const smallInfo = flags.only === 'large' ? { docs: 0, bytes: 0 } : writeCorpus(small, pages, mb, 1);
  const largeInfo = full ? writeCorpus(large, pages, mb * scale, 2) : { docs: 0, bytes: 0 };
  mkdirSync(bigDir, { recursive: true });
  const bigBytes =
    full || flags.only === 'large' ? writeBigDocument(join(bigDir, 'big.txt'), pages, bigMb) : 0;
  const bigConfig = join(work, 'big-config.json');
  writeFileSync(bigConfig, JSON.stringify({ cleaning: { decode: { maxBytes: 64 * 1024 * 1024 } } }));
  const noSiteConfig = join(work, 'no-site-pass.json');
  writeFileSync(noSiteConfig, JSON.stringify({ cleaning: { siteRepeated: { enabled: false } } }));

  const rows: Row[] = [];
  const add = (
    what: string,
    ms: number[],
    docs: number,
    bytes: number,
    rss: number | null = null,
    cpuMs: number[] | null = null,
  ) => {
    const row = { what, ms: median(ms), docs, bytes, rss, cpuMs: cpuMs === null ? null : median(cpuMs) };
    rows.push(row);
    log(`${what}: ${(row.ms / 1000).toFixed(2)} s`);
    return row;
  };

  if (flags.only === 'queue') {
    await queueOnly(pages, add, rows);
    return;
  }
  if (flags.only === 'one-core') {
    oneCoreOnly(small, smallInfo, noSiteConfig, add, rows);
    return;
  }
  if (flags.only === 'large') {
    largeOnly(bigDir, bigConfig, bigBytes, add, rows);
    return;
  }
  if (flags.only === 'incremental') {
    incrementalOnly(small, smallInfo, add, rows);
    return;
  }
  if (flags.only === 'scale') {
    await scaleOnly(small, smallInfo, add, rows);
    return;
  }
  if (!full) {
    await reportOnly(small, smallInfo, add, rows);
    return;
  }
  const shares = await writerShare(small, 2e6);

  const rd: number[] = [];
  const pa: number[] = [];
  for (let i = 0; i < repeat; i++) {
    rd.push(await readDecode(small));
    pa.push(await parseAlone(small));
  }
  add('baseline: read + decode (1 core)', rd, smallInfo.docs, smallInfo.bytes);
  const parseRow = add(
    'baseline: retext-english parse alone, per paragraph (1 core)',
    pa,
    smallInfo.docs,
    smallInfo.bytes,
  );

  // c1 (site pass on and off, the baseline checkout's) and all-cores runs alternate, so load from other
  // processes on a shared host hits them alike; the ratios are taken run by run, then their median.
  const oneCore: OneCoreRuns = { on: [], off: [], base: [] };
  const cnRuns: RunJson[] = [];
  const reports: Array<{ ms: number; cpuMs: number }> = [];
  const ceilings = [await parallelCeiling(cores)];
  const cleaningCeilings = [await cleaningCeiling(small, cores, 2e6)];
  for (let i = 0; i < repeat; i++) {
    oneCoreRound(small, noSiteConfig, oneCore);
    cnRuns.push(pipeline(small, join(work, `out-c${cores}`), cores, ['--no-incremental']));
    // The audit report of that output right after it (issue 10), so load from other processes hits both alike.
    reports.push(await timeReport(join(work, `out-c${cores}`)));
  }
  ceilings.push(await parallelCeiling(cores));
  cleaningCeilings.push(await cleaningCeiling(small, cores, 2e6));
  const c1 = oneCoreRows(add, oneCore, smallInfo);
  const { on: c1Runs, off: c1NoSiteRuns, base: c1BaselineRuns } = oneCore;
  /** Median over the alternated runs of a's figure over b's, run by run. */
  const pairedRatio = (a: RunJson[], b: RunJson[], figure: (r: RunJson) => number) =>
    median(a.map((run, i) => figure(run) / figure(b[i]!)));
  const cn = runsRow(add, `full pipeline, concurrency ${cores} (all cores)`, cnRuns, smallInfo);
  const reportRow = addReportRow(reports, smallInfo, add);
  const queueTargets = await queueSection(pages, add);
  const html = flags['no-html'] ? null : runHtmlSection(add);

  // Output size per output choice (issue 8): bytes written per input byte, and each run's CPU time against the
  // default's, at concurrency 1 (so the writers' cost is not hidden by a second core). Alternated like above.
  const outputChoices: ReadonlyArray<readonly [string, string[]]> = [
    ['default (`jsonl,csv`)', []],
    ['`--formats jsonl --compress zstd`', ['--formats', 'jsonl', '--compress', 'zstd']],
    ['`--formats parquet --compress zstd`', ['--formats', 'parquet', '--compress', 'zstd']],
    [
      '`--formats parquet --compress zstd --lean sentences,paragraphs`',
      ['--formats', 'parquet', '--compress', 'zstd', '--lean', 'sentences,paragraphs'],
    ],
    ['`--formats parquet` (SNAPPY pages)', ['--formats', 'parquet']],
    [
      '`--formats jsonl --compress zstd --lean sentences,paragraphs`',
      ['--formats', 'jsonl', '--compress', 'zstd', '--lean', 'sentences,paragraphs'],
    ],
  ];
  const outputRuns = outputChoices.map(
    () => [] as Array<{ cpuMs: number; ms: number; all: number; data: number }>,
  );
  for (let i = 0; i < repeat; i++)
    for (const [k, [, extra]] of outputChoices.entries()) {
      const out = join(work, `out-formats-${k}`);
      const r = pipeline(small, out, 1, ['--no-incremental', ...extra]);
      const sizes = readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => ({ name: entry.name, size: statSync(join(entry.parentPath, entry.name)).size }));
      const sum = (xs: typeof sizes) => xs.reduce((n, x) => n + x.size, 0);
      outputRuns[k]!.push({
        cpuMs: r.cpuMs,
        ms: r.timings.totalMs,
        all: sum(sizes.filter((x) => x.name !== 'run.json')),
        data: sum(sizes.filter((x) => /^(documents|sentences)\./.test(x.name))),
      });
    }
  const outputTable = [
    `| output (${(smallInfo.bytes / 1e6).toFixed(1)} MB of input, concurrency 1) | dataset files / input | whole folder / input | time (s) | CPU (s) | CPU vs default |`,
    '|---|---:|---:|---:|---:|---:|',
    ...outputChoices.map(([what], k) => {
      const runs = outputRuns[k]!;
      const cpuRatio = median(runs.map((r, i) => r.cpuMs / outputRuns[0]![i]!.cpuMs));
      return `| ${what} | ${(median(runs.map((r) => r.data)) / smallInfo.bytes).toFixed(2)}× | ${(median(runs.map((r) => r.all)) / smallInfo.bytes).toFixed(2)}× | ${(median(runs.map((r) => r.ms)) / 1000).toFixed(2)} | ${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)} | ${cpuRatio.toFixed(2)}× |`;
    }),
  ];
  const defaultRatio = median(outputRuns[0]!.map((r) => r.all)) / smallInfo.bytes;
  const parquetRatio = median(outputRuns[2]!.map((r) => r.all)) / smallInfo.bytes;

  const inc: RunJson[] = [];
  for (let i = 0; i < repeat; i++) inc.push(pipeline(small, join(work, `out-c${cores}`), cores));
  if (inc.some((r) => r.incremental.cleaned !== 0))
    log('warning: the incremental re-run cleaned documents again');
  const incRow = runsRow(add, `incremental re-run, unchanged corpus (concurrency ${cores})`, inc, smallInfo);
  // The single large document before the 10x corpus: right after writing ~9 GB, the kernel is still flushing
  // those pages to disk, which would slow whatever runs next.
  const bigRow = bigDocumentRow(bigDir, bigConfig, bigBytes, add);

  const largeRun = pipeline(large, join(work, 'out-large'), cores, ['--no-incremental']);
  const largeRow = add(
    `full pipeline, ${scale}x corpus (concurrency ${cores})`,
    [largeRun.timings.totalMs],
    largeInfo.docs,
    largeInfo.bytes,
    largeRun.peakRssBytes,
    [largeRun.cpuMs],
  );
  // Start-up (threads loading the parser) weighs on a small corpus; the 10x corpus at one core gives the
  // all-cores ratio in steady state.
  const largeC1Run = pipeline(large, join(work, 'out-large-c1'), 1, ['--no-incremental']);
  const largeC1Row = add(
    `full pipeline, ${scale}x corpus (concurrency 1)`,
    [largeC1Run.timings.totalMs],
    largeInfo.docs,
    largeInfo.bytes,
    largeC1Run.peakRssBytes,
    [largeC1Run.cpuMs],
  );
  const scaleTargets = reportScale > 0 ? await scaleRows(join(work, `out-c${cores}`), smallInfo, add) : [];
  const msPerMb = (r: Row) => r.ms / (r.bytes / 1e6);
  const cpu = (r: RunJson) => r.cpuMs;
  const wall = (r: RunJson) => r.timings.totalMs;
  // Issue 14's one-core targets compare whole processes: work moved before run() or into loading modules counts.
  const processWall = (r: RunJson) => r.processMs;
  const percentMore = (v: number) => `${v >= 1 ? '+' : ''}${((v - 1) * 100).toFixed(1)}%`;
  const targets = [
    {
      name: 'site-line pass adds ≤ 15% at 1 core (CPU, site pass on vs off, run by run)',
      value: pairedRatio(c1Runs, c1NoSiteRuns, cpu),
      ok: (v: number) => v <= 1.15,
      fmt: percentMore,
    },
    {
      name: 'site-line pass adds ≤ 15% at 1 core (process wall time, site pass on vs off, run by run)',
      value: pairedRatio(c1Runs, c1NoSiteRuns, processWall),
      ok: (v: number) => v <= 1.15,
      fmt: percentMore,
    },
    ...(baseline === null
      ? []
      : [
          {
            name: '1 core within 10% of the baseline checkout (CPU, run by run)',
            value: pairedRatio(c1Runs, c1BaselineRuns, cpu),
            ok: (v: number) => v <= 1.1,
            fmt: percentMore,
          },
          {
            name: '1 core within 10% of the baseline checkout (process wall time, run by run)',
            value: pairedRatio(c1Runs, c1BaselineRuns, processWall),
            ok: (v: number) => v <= 1.1,
            fmt: percentMore,
          },
        ]),
    {
      name: 'full pipeline at 1 core ≥ 60% of parse-alone',
      value: mbps(c1) / mbps(parseRow),
      ok: (v: number) => v >= 0.6,
      fmt: (v: number) => `${(v * 100).toFixed(0)}%`,
    },
    {
      // Time and CPU side by side (issue 8): on a loaded host the wall-clock ratio falls while the CPU ratio
      // (how much more CPU the all-cores run burned than the one-core run, pair by pair) stays put.
      name: `all cores (${cores}) ≥ 1.7× one core (time; beside it the CPU time all cores / one core, run by run)`,
      value: mbps(cn) / mbps(c1),
      ok: (v: number) => v >= 1.7,
      fmt: (v: number) =>
        `${v.toFixed(2)}× (paired ${pairedRatio(c1Runs, cnRuns, wall).toFixed(2)}×; CPU ${pairedRatio(cnRuns, c1Runs, cpu).toFixed(2)}×)`,
    },
    {
      name: `all cores (${cores}) ≥ 1.7× one core, ${scale}x corpus`,
      value: mbps(largeRow) / mbps(largeC1Row),
      ok: (v: number) => v >= 1.7,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
    {
      name: `peak RSS flat within 20% from ${mb} MB to ${mb * scale} MB`,
      value: (largeRow.rss ?? 0) / (cn.rss ?? 1),
      ok: (v: number) => v <= 1.2,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
    {
      name: `one ${bigMb} MB document ≤ 2× the per-MB cost of small ones (1 core)`,
      value: msPerMb(bigRow) / msPerMb(c1),
      ok: (v: number) => v <= 2,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
    {
      name: 'output bytes per input byte, default `jsonl,csv` (whole folder; no target, for comparison)',
      value: defaultRatio,
      ok: () => null,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
    {
      name: 'output bytes per input byte with `--formats parquet --compress zstd` (whole folder) ≤ 1.5×',
      value: parquetRatio,
      ok: (v: number) => v <= 1.5,
      fmt: (v: number) => `${v.toFixed(2)}×`,
    },
    bigMemoryTarget(bigRow, bigBytes),
    ...reportTargets(reportRow, cn, reports, cnRuns),
    ...scaleTargets,
    ...queueTargets,
    ...(html?.targets ?? []),
    incrementalTarget(incRow, cn),
  ];

  const table = [
    ...rowTable(rows),
    '',
    ...outputTable,
    '',
    `Writers' share of a worker's per-document CPU time (in process, 2 MB of pages, each list against none, medians of 5): ${Object.entries(
      shares,
    )
      .map(([name, share]) => `${name} ${(share * 100).toFixed(1)}%`)
      .join(', ')}.`,
    '',
    ...targetTable(targets),
    '',
    ...threadLines('full pipeline', c1Runs, cnRuns),
    '',
    processWallLine(oneCore),
    '',
    `Corpus: ${smallInfo.docs} documents, ${(smallInfo.bytes / 1e6).toFixed(1)} MB of text (${scale}x: ${largeInfo.docs} documents, ${(largeInfo.bytes / 1e6).toFixed(1)} MB), ` +
      `JSON Lines shards of 1000 pages from raw/${devFound ? ' and ../shared/eval/extraction-dev' : ''}; median of ${repeat} runs ` +
      `(the ${scale}x corpus once). Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; ` +
      `${cores} busy threads at once ran ${ceilings.map((c) => `${c.toFixed(2)}×`).join(' and ')} one thread before and after the concurrency runs (the ceiling for the all-cores ratio on this host at that time); ` +
      `${cores} threads each doing the workers' cleaning of the same 2 MB of pages in process (no I/O, no main thread) ran ${cleaningCeilings.map((c) => `${c.toFixed(2)}×`).join(' and ')} one such thread.`,
    ...(html?.notes.length ? ['', ...html.notes] : []),
  ].join('\n');
  process.stdout.write(`\nnpm run bench -- ${command()}\n\n${table}\n`);
  if (!flags['no-readme']) {
    const readme = join(repoRoot, 'bench', 'README.md');
    const text = readFileSync(readme, 'utf8');
    const start = '<!-- RESULTS:START -->';
    const end = '<!-- RESULTS:END -->';
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i >= 0 && j > i) {
      writeFileSync(
        readme,
        `${text.slice(0, i + start.length)}\n\`npm run bench -- ${command()}\`\n\n${table}\n${text.slice(j)}`,
      );
      log('results written to bench/README.md');
    }
  }
}

await main();
