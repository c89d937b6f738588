/** The pipeline version, read from package.json so there is one place to bump it, and the code fingerprint. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'newsclean') return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('newsclean: package.json not found above the pipeline module');
    dir = parent;
  }
}

export const PIPELINE_VERSION: string = (
  JSON.parse(readFileSync(findPackageJson(), 'utf8')) as { version: string }
).version;

/**
 * Where the code that decides what a document's records hold starts, besides everything in stages/: the stage
 * chain, the record builders and serialisers, offsets, the worker's per-document step, the record schemas and
 * the config schema (its defaults), and the dataset writers' encoders (they decide the bytes of each part).
 * Every module these load is fingerprinted too, found by following their relative imports (modulesLoadedBy),
 * so a helper a writer starts to use cannot be left out by hand (writers/lean was, before this walk).
 * Readers, the run's wiring and the CLI are not reached: reuse is keyed by the bytes of each input record, and
 * they do not change what is written for those bytes.
 */
export const CLEANING_ENTRY_POINTS = [
  'clean',
  'config',
  'offsets',
  'records',
  'schemas',
  'serialize',
  'worker',
  'writers/csv',
  'writers/index',
  'writers/jsonl',
  'writers/options',
  'writers/parquet',
] as const;

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The relative modules a source loads: `import … from`, `export … from`, a bare `import '…'` and a dynamic
 * `import('…')`. `import type` and `export type` are left out: they are erased from the build and decide no
 * byte. Specifiers end in `.js` in sources and builds alike (ESM), so the same pattern reads both.
 */
const RELATIVE_IMPORT =
  /^[ \t]*(?:import|export)(?![ \t]+type[ \t{])[^'";]*?(?:from[ \t]*)?'(\.{1,2}\/[^']+)\.js'|import\([ \t]*'(\.{1,2}\/[^']+)\.js'[ \t]*\)/gm;

/** `entries` (paths relative to `root`, with / separators) and every module they load, directly or not. */
export function modulesLoadedBy(root: string, entries: readonly string[], ext: '.js' | '.ts'): string[] {
  const found = new Set<string>();
  const pending = [...entries];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (found.has(path)) continue;
    found.add(path);
    const source = readFileSync(join(root, ...path.split('/')), 'utf8');
    for (const match of source.matchAll(RELATIVE_IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier === undefined) continue;
      const target = posix.normalize(posix.join(posix.dirname(path), `${specifier}${ext}`));
      if (!target.startsWith('../') && existsSync(join(root, ...target.split('/')))) pending.push(target);
    }
  }
  return [...found];
}

/**
 * A fingerprint of the cleaning code: the first 16 hex digits of the sha256 over each file of stages/ and each
 * module CLEANING_ENTRY_POINTS load (by its path relative to `root` with / separators, sorted, and the sha256
 * of its bytes), plus the exact versions of the runtime dependencies in package.json. It depends on file
 * contents only, never on where the files are, so the same code gives the same fingerprint on every machine.
 * `root` holds stages/ and pipeline/ as compiled (`.js`, dist/) or as sources (`.ts`, when tests import them).
 */
export function codeFingerprint(root: string, ext: '.js' | '.ts', dependencies: unknown): string {
  const files = new Set<string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if ((entry.name.endsWith(ext) && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.json'))
        files.add(path);
    }
  };
  walk('stages');
  const entries = CLEANING_ENTRY_POINTS.map((name) => `pipeline/${name}${ext}`);
  for (const path of modulesLoadedBy(root, entries, ext)) files.add(path);
  const hash = createHash('sha256');
  for (const path of [...files].sort(byCodeUnit)) {
    const digest = createHash('sha256')
      .update(readFileSync(join(root, ...path.split('/'))))
      .digest('hex');
    hash.update(`${path}\0${digest}\n`);
  }
  hash.update(`dependencies\0${JSON.stringify(dependencies)}\n`);
  return hash.digest('hex').slice(0, 16);
}

let fingerprint: string | null = null;

/** The fingerprint of the code this process runs (computed once, on first use). */
export function runningCodeFingerprint(): string {
  if (fingerprint === null) {
    const here = fileURLToPath(import.meta.url);
    const pkg = JSON.parse(readFileSync(findPackageJson(), 'utf8')) as { dependencies?: unknown };
    fingerprint = codeFingerprint(
      dirname(dirname(here)),
      here.endsWith('.ts') ? '.ts' : '.js',
      pkg.dependencies ?? {},
    );
  }
  return fingerprint;
}
