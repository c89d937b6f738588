/**
 * Check mode: run again into a temporary folder and compare the dataset files with golden copies. The diff
 * library and the Parquet reader are loaded when a file differs or a Parquet file is read, not with this module.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { ConfigFile } from './config.js';
import type { Progress } from './progress.js';
import { datasetFiles, run } from './run.js';
import { recordSchemas } from './writers/lean-schemas.js';
import type { OutputOptions } from './writers/options.js';
import { DEFAULT_OUTPUT, datasetWriters } from './writers/options.js';

export interface CheckResult {
  readonly identical: boolean;
  /** A readable unified diff per differing file (truncated to maxLines each). */
  readonly diffs: readonly string[];
}

/**
 * A file as text: compressed files decompressed and Parquet files as the JSON lines of their rows, so the diff
 * shows records, not compressed bytes.
 */
async function readOrNull(path: string, output: OutputOptions = DEFAULT_OUTPUT): Promise<string | null> {
  if (path.endsWith('.parquet')) {
    const { ParquetReader, parquetTable } = await import('./writers/parquet.js');
    const schemas = recordSchemas(output.lean);
    const table = parquetTable(path.endsWith('sentences.parquet') ? schemas.sentence : schemas.document);
    const reader = await ParquetReader.open(path, table).catch(() => null);
    return reader === null ? null : (await reader.allLines()).join('');
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  else if (path.endsWith('.zst')) bytes = Buffer.from(zstdDecompress(bytes));
  return bytes.toString('utf8');
}

/**
 * The code fingerprint in every record changes with any edit of the cleaning code, even one that changes no
 * output (a comment, a faster loop). Check mode is about the output, so it compares the files with the run's
 * fingerprint (from its run.json) written as zeros, and golden folders store it that way: otherwise every
 * such edit would rewrite every line of the golden files and hide the lines that really changed.
 */
export const FINGERPRINT_PLACEHOLDER = '0000000000000000';

export async function runFingerprint(dir: string): Promise<string | null> {
  const report = await readOrNull(join(dir, 'run.json'));
  if (report === null) return null;
  try {
    const value = (JSON.parse(report) as { codeFingerprint?: unknown }).codeFingerprint;
    return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

export function withoutFingerprint(text: string, fingerprint: string | null): string {
  return fingerprint === null ? text : text.replaceAll(fingerprint, FINGERPRINT_PLACEHOLDER);
}

/** Files compared: the dataset files of these output options and the JSON Schemas; never run.json (timings). */
async function comparedFiles(dir: string, output: OutputOptions): Promise<string[]> {
  const schemas = await readdir(join(dir, 'schema')).catch(() => [] as string[]);
  // By their uncompressed names: a compressed file is compared with the plain one, and the other way round.
  const plain = datasetWriters({ ...output, compress: 'none' });
  return [...datasetFiles(plain), ...schemas.sort().map((name) => `schema/${name}`)];
}

export async function compareFolders(
  goldenDir: string,
  actualDir: string,
  maxLines = 60,
  output: OutputOptions = DEFAULT_OUTPUT,
): Promise<CheckResult> {
  const names = [
    ...new Set([...(await comparedFiles(goldenDir, output)), ...(await comparedFiles(actualDir, output))]),
  ];
  const diffs: string[] = [];
  const goldenCode = await runFingerprint(goldenDir);
  const actualCode = await runFingerprint(actualDir);
  for (const name of names) {
    const read = async (path: string, code: string | null) => {
      // A Parquet file may be checked against golden JSON Lines: both are shown as JSON lines.
      const alternatives = path.endsWith('.parquet') ? [path, path.replace(/\.parquet$/, '.jsonl')] : [path];
      for (const base of alternatives)
        for (const suffix of base.endsWith('.parquet') ? [''] : ['', '.gz', '.zst']) {
          const text = await readOrNull(`${base}${suffix}`, output);
          if (text !== null) return withoutFingerprint(text, code);
        }
      return null;
    };
    const golden = await read(join(goldenDir, name), goldenCode);
    const actual = await read(join(actualDir, name), actualCode);
    if (golden === actual) continue;
    if (golden === null || actual === null) {
      diffs.push(`${name}: ${golden === null ? 'not in the golden folder' : 'missing from the new output'}`);
      continue;
    }
    // One JSON record per line can be long: show the records that differ, pretty-printed.
    const pretty = (text: string) =>
      name.endsWith('.jsonl') || name.endsWith('.parquet')
        ? text
            .split('\n')
            .map((line) => (line ? JSON.stringify(JSON.parse(line), null, 2) : line))
            .join('\n')
        : text;
    const { createTwoFilesPatch } = await import('diff');
    const patch = createTwoFilesPatch(
      `golden/${name}`,
      `new/${name}`,
      pretty(golden),
      pretty(actual),
      '',
      '',
      {
        context: 2,
      },
    );
    const lines = patch.split('\n');
    diffs.push(
      lines.length > maxLines
        ? `${lines.slice(0, maxLines).join('\n')}\n... (${lines.length - maxLines} more diff lines)`
        : patch,
    );
  }
  return { identical: diffs.length === 0, diffs };
}

export async function check(options: {
  inDir: string;
  goldenDir: string;
  config: ConfigFile;
  concurrency?: number;
  progress?: Progress;
  output?: OutputOptions;
  /** Compare an empty dataset when --in holds no input file, instead of refusing (see RunOptions). */
  allowEmpty?: boolean;
}): Promise<CheckResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'newsclean-check-'));
  try {
    const outDir = join(scratch, 'out');
    await run({
      inDir: options.inDir,
      outDir,
      config: options.config,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      ...(options.output === undefined ? {} : { output: options.output }),
      allowEmpty: options.allowEmpty ?? false,
    });
    return await compareFolders(options.goldenDir, outDir, 60, options.output);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
