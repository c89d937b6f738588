/**
 * The third-party evaluation data lives beside the repository (../shared/eval/), never inside it: it is the
 * publishers' text. Located from this file's own path so it works from eval/ (tsx, vitest) and dist/eval/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Page {
  readonly id: string;
  readonly raw: string;
  readonly expected: string;
}

export interface GoldenRule {
  readonly id: number;
  readonly name: string;
  readonly input: string;
  readonly expected: readonly string[];
}

/** The repository root: the nearest folder above this file that holds package.json. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** ../shared/eval relative to the repository root, or NEWSCLEAN_EVAL_DIR if set. */
export function evalDataDir(): string {
  const dir = process.env.NEWSCLEAN_EVAL_DIR ?? resolve(repoRoot(), '..', 'shared', 'eval');
  if (!existsSync(dir)) {
    throw new Error(`evaluation data not found at ${dir} (expected ../shared/eval beside the repository)`);
  }
  return dir;
}

/** Read as the Python scorer does: UTF-8, no newline translation (a BOM would stay; the data has none). */
const read = (path: string) => readFileSync(path, 'utf8');

export function loadPages(dir: string = join(evalDataDir(), 'extraction-dev')): Page[] {
  const suffix = '.expected.txt';
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length))
    .sort() // Python sorts code points, JS sorts UTF-16 units: the same for these ASCII ids
    .map((id) => ({
      id,
      expected: read(join(dir, `${id}${suffix}`)),
      raw: read(join(dir, `${id}.raw.txt`)),
    }));
}

export function loadGoldenRules(
  path: string = join(evalDataDir(), 'sentences', 'golden_rules_en.json'),
): GoldenRule[] {
  const cases = JSON.parse(read(path)) as GoldenRule[];
  return cases.map(({ id, name, input, expected }) => ({ id, name, input, expected }));
}
