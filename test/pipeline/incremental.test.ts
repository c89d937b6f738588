/**
 * Incremental runs: a re-run into the same --out reuses documents whose (source sha256, config hash,
 * pipeline version) it has already cleaned, and the output stays byte-identical to a fresh run.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { datasetBytes, runCli, variant, writeCorpus } from './corpus.js';

interface Report {
  incremental: { enabled: boolean; reused: number; cleaned: number };
  outputs: { documents: number };
  counts: Record<string, number>;
}
const report = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Report;

function run(input: string, out: string, ...extra: string[]) {
  const r = runCli(['run', '--in', input, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return report(out);
}

function expectSameAsFresh(input: string, out: string, ...extra: string[]) {
  const fresh = join(mkdtempSync(join(tmpdir(), 'newsclean-fresh-')), 'out');
  const freshReport = run(input, fresh, '--no-incremental', ...extra);
  expect(freshReport.incremental).toMatchObject({ enabled: false, reused: 0 });
  const a = datasetBytes(fresh);
  const b = datasetBytes(out);
  for (const name of Object.keys(a))
    expect(b[name] === a[name], `${name} differs from a fresh run`).toBe(true);
  expect(report(out).counts).toEqual(freshReport.counts);
}

describe('incremental runs', () => {
  let dir: string;
  let input: string;
  let out: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsclean-incremental-'));
    input = join(dir, 'in');
    out = join(dir, 'out');
    writeCorpus(input, 120);
    const first = run(input, out);
    expect(first.incremental).toEqual({ enabled: true, reused: 0, cleaned: 120 });
  });

  test('an unchanged corpus is reused whole and the output is byte-identical to a fresh run', () => {
    expect(run(input, out).incremental).toEqual({ enabled: true, reused: 120, cleaned: 0 });
    expectSameAsFresh(input, out);
  });

  test('changed, added, removed and moved files: only changed and added ones are cleaned', () => {
    writeFileSync(join(input, 'site-00', 'page-00000.txt'), `${variant(0)}\n\nA late correction was added.`);
    writeFileSync(join(input, 'site-00', 'page-99999.txt'), variant(99_999));
    rmSync(join(input, 'site-01', 'page-00001.txt'));
    renameSync(join(input, 'site-02', 'page-00002.txt'), join(input, 'site-04', 'moved.txt'));
    // The moved file keeps its content: reused, with its new path in the provenance.
    expect(run(input, out).incremental).toEqual({ enabled: true, reused: 118, cleaned: 2 });
    const moved = readFileSync(join(out, 'documents.jsonl'), 'utf8').includes(
      '"sourcePath":"site-04/moved.txt"',
    );
    expect(moved).toBe(true);
    expectSameAsFresh(input, out);
  });

  test('a changed cleaning config invalidates everything; a non-cleaning setting invalidates nothing', () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ cleaning: { fix: { disable: ['doubled-capital'] } } }));
    expect(run(input, out, '--config', config).incremental).toMatchObject({ reused: 0, cleaned: 120 });
    expectSameAsFresh(input, out, '--config', config);
    // Field names for JSON Lines and the worker count are not part of the config hash.
    writeFileSync(
      config,
      JSON.stringify({
        cleaning: { fix: { disable: ['doubled-capital'] } },
        input: { jsonl: { textField: 'body' } },
        concurrency: 1,
      }),
    );
    expect(run(input, out, '--config', config).incremental).toMatchObject({ reused: 120, cleaned: 0 });
  });

  test('entries written by another pipeline version are not reused', () => {
    run(input, out);
    const manifest = join(out, 'manifest.jsonl');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, text.replaceAll('"pipelineVersion":"', '"pipelineVersion":"0.0.0-older-'));
    expect(run(input, out).incremental).toMatchObject({ reused: 0, cleaned: 120 });
    expectSameAsFresh(input, out);
  });

  test('an output edited by hand is not trusted: full re-clean, still byte-identical', () => {
    run(input, out);
    const saved = join(dir, 'saved');
    cpSync(out, saved, { recursive: true });
    const docs = join(out, 'documents.jsonl');
    writeFileSync(docs, readFileSync(docs, 'utf8').replace('"title":"', '"title":"EDITED '));
    expect(run(input, out).incremental).toMatchObject({ reused: 0, cleaned: 120 });
    expectSameAsFresh(input, out);
    // Same size but different bytes: the per-document checks catch what the size check cannot.
    cpSync(saved, out, { recursive: true });
    const original = readFileSync(docs, 'utf8');
    const id = original.slice(7, 23);
    writeFileSync(docs, original.replace(`{"id":"${id}"`, `{"id":"${'f'.repeat(16)}"`));
    const r = run(input, out);
    expect(r.incremental).toMatchObject({ reused: 119, cleaned: 1 });
    expectSameAsFresh(input, out);
  });
});
