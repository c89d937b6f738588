/** Outputs to build reports from: the seeds cleaned by the real pipeline, and synthetic documents.jsonl files. */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../pipeline/config.js';
import type { RunOptions } from '../../../pipeline/run.js';
import { run } from '../../../pipeline/run.js';
import type { DocumentRecord } from '../../../pipeline/schemas.js';
import { tempDir } from '../../cli.js';
import { RAW } from '../../helpers.js';

/** raw/ cleaned into a fresh folder (one thread: the seeds are small). */
export async function seedsOutput(extra: Partial<RunOptions> = {}): Promise<string> {
  const outDir = join(tempDir('newsclean-report-'), 'out');
  await run({ inDir: RAW, outDir, config: parseConfig({}), concurrency: 1, ...extra });
  return outDir;
}

export function readDocuments(outDir: string): DocumentRecord[] {
  return readFileSync(join(outDir, 'documents.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DocumentRecord);
}

/** The raw text of a seed, as offsets count it (no BOM in the seeds). */
export function rawOf(sourcePath: string): string {
  return readFileSync(join(RAW, sourcePath), 'utf8');
}

/** Every file under dir, relative, sorted. */
export function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * A synthetic output folder of n documents (copies of the seeds' records under new ids and paths), so scale
 * behaviour (sampling, paging) is tested without cleaning n pages.
 */
export function syntheticOutput(seedsOut: string, n: number): string {
  const docs = readDocuments(seedsOut);
  const dir = join(tempDir('newsclean-report-big-'), 'out');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const doc = docs[i % docs.length]!;
    const id = i.toString(16).padStart(16, '0');
    const site = `site${i % 7}`;
    lines.push(
      JSON.stringify({ ...doc, id, provenance: { ...doc.provenance, sourcePath: `${site}/${i}.txt` } }),
    );
  }
  writeFileSync(join(dir, 'documents.jsonl'), `${lines.join('\n')}\n`);
  cpSync(join(seedsOut, 'run.json'), join(dir, 'run.json'));
  return dir;
}
