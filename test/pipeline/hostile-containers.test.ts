/**
 * Container files as a careless or hostile user hands them over (issue 13, items 4 and 5): archives with
 * many records, cut short, or with Content-Lengths that lie. Each must end, never crash (exit 70), keep every
 * well-formed record and turn every broken one into a `malformed-record` rejection that says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWet, type Page } from './fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

function pagesOf(n: number): Page[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    text: `Headline number ${i}\n\nThe council met on day ${i} and agreed the plan. It ends well.\n`,
    url: `https://x.example/${i}`,
  }));
}

function runOn(files: Record<string, Uint8Array>, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'newsclean-hostile-'));
  mkdirSync(join(dir, 'in'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, 'in', name), bytes);
  const out = join(dir, 'out');
  const result = spawnSync(
    process.execPath,
    [CLI, 'run', '--in', join(dir, 'in'), '--out', out, '--quiet', ...extra],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const read = (name: string) =>
    readFileSync(join(out, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { result, read };
}

describe('item 4: archives with many records', () => {
  test('an uncompressed WET with seven records is cleaned (no DataCloneError, exit 0)', async () => {
    const { result, read } = runOn({ 'a.wet': await buildWet(pagesOf(7)) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      read('documents.jsonl').map((d) => (d.provenance as { record: { url: string } }).record.url),
    ).toEqual(pagesOf(7).map((p) => p.url));
  });
});
