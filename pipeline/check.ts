/** Check mode: run again into a temporary folder and compare the dataset files with golden copies. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { ConfigFile } from './config.js';
import type { Progress } from './progress.js';
import { DATASET_FILES, run } from './run.js';

export interface CheckResult {
  readonly identical: boolean;
  /** A readable unified diff per differing file (truncated to maxLines each). */
  readonly diffs: readonly string[];
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Files compared: the dataset files and the JSON Schemas; never run.json (it holds timings). */
async function comparedFiles(dir: string): Promise<string[]> {
  const schemas = await readdir(join(dir, 'schema')).catch(() => [] as string[]);
  return [...DATASET_FILES, ...schemas.sort().map((name) => `schema/${name}`)];
}

export async function compareFolders(
  goldenDir: string,
  actualDir: string,
  maxLines = 60,
): Promise<CheckResult> {
  const names = [...new Set([...(await comparedFiles(goldenDir)), ...(await comparedFiles(actualDir))])];
  const diffs: string[] = [];
  for (const name of names) {
    const golden = await readOrNull(join(goldenDir, name));
    const actual = await readOrNull(join(actualDir, name));
    if (golden === actual) continue;
    if (golden === null || actual === null) {
      diffs.push(`${name}: ${golden === null ? 'not in the golden folder' : 'missing from the new output'}`);
      continue;
    }
    // One JSON record per line can be long: show the records that differ, pretty-printed.
    const pretty = (text: string) =>
      name.endsWith('.jsonl')
        ? text
            .split('\n')
            .map((line) => (line ? JSON.stringify(JSON.parse(line), null, 2) : line))
            .join('\n')
        : text;
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
    });
    return await compareFolders(options.goldenDir, outDir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
