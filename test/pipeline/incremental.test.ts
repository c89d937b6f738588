/**
 * Incremental runs: a re-run into the same --out reuses documents whose (source sha256, config hash,
 * pipeline version, code fingerprint) it has already cleaned, after checking the reused bytes against the
 * sha256 in the manifest, and the output stays byte-identical to a fresh run.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { codeFingerprint, modulesLoadedBy } from '../../pipeline/version.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../temp.js';
import { datasetBytes, runCli, variant, writeCorpus } from './corpus.js';
import { RAW_DIR } from './fixtures.js';

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
  const fresh = join(tempDir('newsclean-fresh-'), 'out');
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
    dir = tempDir('newsclean-incremental-');
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

  test('changed, added, removed and moved files: changed and added ones (and those whose site furniture changed) are cleaned', () => {
    writeFileSync(join(input, 'site-00', 'page-00000.txt'), `${variant(0)}\n\nA late correction was added.`);
    writeFileSync(join(input, 'site-00', 'page-99999.txt'), variant(99_999));
    rmSync(join(input, 'site-01', 'page-00001.txt'));
    renameSync(join(input, 'site-02', 'page-00002.txt'), join(input, 'site-04', 'moved.txt'));
    // The changed and the added file are cleaned. So are documents whose site furniture changed with these
    // edits (site-repeated: the corpus's shared lines such as "Add a Comment" cross its threshold in a folder
    // or drop under it); test/pipeline/site-repeated.test.ts pins that set exactly. The rest is reused.
    const { incremental } = run(input, out);
    expect(incremental.reused + incremental.cleaned).toBe(120);
    expect(incremental.cleaned).toBeGreaterThanOrEqual(2);
    expect(incremental.cleaned).toBeLessThan(20);
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

  test('a flipped byte inside a reused document is caught by its sha256: that document is cleaned again', () => {
    run(input, out);
    const docs = join(out, 'documents.jsonl');
    const original = readFileSync(docs, 'utf8');
    // Same length, same id and provenance, valid JSON: only the text differs ("officials" → "officialz").
    const at = original.indexOf('officials said');
    expect(at).toBeGreaterThan(0);
    writeFileSync(docs, `${original.slice(0, at)}officialz${original.slice(at + 9)}`);
    expect(readFileSync(docs).byteLength).toBe(Buffer.byteLength(original));
    expect(run(input, out).incremental).toMatchObject({ reused: 119, cleaned: 1 });
    expect(readFileSync(docs, 'utf8')).not.toContain('officialz');
    expectSameAsFresh(input, out);
  });
});

describe('the code fingerprint', () => {
  /** A copy of the built program in a folder of its own, so its cleaning code can be changed. */
  function copyOfProgram(): string {
    const root = tempDir('newsclean-program-');
    cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    return root;
  }

  test('depends on file contents only: two copies of the code agree; changing a stage changes it', () => {
    const a = copyOfProgram();
    const b = copyOfProgram();
    const fingerprint = (root: string) => codeFingerprint(join(root, 'dist'), '.js', { x: '1' });
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(b)).toBe(fingerprint(a));
    appendFileSync(join(b, 'dist', 'stages', 'fix.js'), '\n// an edited rule\n');
    expect(fingerprint(b)).not.toBe(fingerprint(a));
    expect(codeFingerprint(join(a, 'dist'), '.js', { x: '2' })).not.toBe(fingerprint(a));
  });

  test('covers the modules the writers load, and not the wiring around them', () => {
    const a = copyOfProgram();
    const fingerprint = () => codeFingerprint(join(a, 'dist'), '.js', { x: '1' });
    const before = fingerprint();
    // Not named in the entry points: found through writers/index → jsonl → json → lean (it decides --lean bytes).
    appendFileSync(join(a, 'dist', 'pipeline', 'writers', 'lean.js'), '\n// leaner still\n');
    const afterLean = fingerprint();
    expect(afterLean).not.toBe(before);
    // The CLI and the run's wiring do not change what is written for an input's bytes.
    appendFileSync(join(a, 'dist', 'pipeline', 'cli.js'), '\n// a new flag\n');
    appendFileSync(join(a, 'dist', 'pipeline', 'run.js'), '\n// a new progress line\n');
    expect(fingerprint()).toBe(afterLean);
  });

  test('follows every form of relative import, and not type-only ones', () => {
    const root = tempDir('newsclean-imports-');
    const files: Record<string, string> = {
      'a.ts': [
        "import { b } from './b.js';",
        'import {',
        '  c,',
        "} from './sub/c.js';",
        "import type { T } from './typed.js';",
        "export type { U } from './typed-too.js';",
        "export { d } from './d.js';",
        "import './side.js';",
        "const lazy = () => import('./lazy.js');",
        "import { outside } from '../outside.js';",
      ].join('\n'),
      'b.ts': "import { type V, e } from './e.js';",
      'sub/c.ts': "import { f } from '../f.js';",
      'd.ts': '',
      'e.ts': '',
      'f.ts': '',
      'side.ts': '',
      'lazy.ts': '',
      'typed.ts': '',
      'typed-too.ts': '',
    };
    mkdirSync(join(root, 'sub'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(root, ...path.split('/')), text);
    expect(modulesLoadedBy(root, ['a.ts'], '.ts').sort()).toEqual(
      ['a.ts', 'b.ts', 'd.ts', 'e.ts', 'f.ts', 'lazy.ts', 'side.ts', 'sub/c.ts'].sort(),
    );
  });

  test('is in every record; an edit of the cleaning code without a version bump reuses nothing', () => {
    const root = copyOfProgram();
    const out = join(root, 'out');
    const runProgram = () => {
      const r = spawnSync(
        process.execPath,
        [join(root, 'dist', 'pipeline', 'cli.js'), 'run', '--in', RAW_DIR, '--out', out, '--quiet'],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const documents = readFileSync(join(out, 'documents.jsonl'), 'utf8').split('\n').filter(Boolean);
      const codes = documents.map(
        (line) =>
          (JSON.parse(line) as { provenance: { codeFingerprint: string } }).provenance.codeFingerprint,
      );
      return { report: report(out), codes: new Set(codes) };
    };
    const first = runProgram();
    expect(first.report.incremental).toMatchObject({ reused: 0, cleaned: 5 });
    expect(runProgram().report.incremental).toMatchObject({ reused: 5, cleaned: 0 });
    appendFileSync(join(root, 'dist', 'stages', 'fix.js'), '\n// an edited rule\n');
    const edited = runProgram();
    expect(edited.report.incremental).toMatchObject({ reused: 0, cleaned: 5 });
    expect(first.codes.size).toBe(1);
    expect(edited.codes.size).toBe(1);
    expect([...edited.codes][0]).not.toBe([...first.codes][0]);
  });
});
