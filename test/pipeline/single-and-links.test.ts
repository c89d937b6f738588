/**
 * What --in reads (issue 13, items 8 and 9). A single file named by --in is read by its format, with its base
 * name as sourcePath. Symbolic links inside --in are never followed (a link could pull any file of the machine
 * into the dataset, or loop): each is a rejected record with code `symlink` saying where it points.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, type Json, readJsonl, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';
import { FIXTURE_DIR } from './fixtures.js';

const SEED = '000_8fb8cfed5590595c.txt';

describe('--in FILE: one file, read by its format', () => {
  test.each([
    [SEED, 1],
    ['pages.jsonl', 5],
    ['pages.jsonl.gz', 5],
    ['pages.jsonl.zst', 5],
    ['pages.wet', 5],
    ['pages.wet.gz', 5],
  ])('%s: %i documents, sourcePath the base name', (name, documents) => {
    const dir = tempDir('newsclean-single-');
    const file = join(dir, 'nested', name);
    mkdirSync(join(dir, 'nested'));
    cpSync(join(name === SEED ? RAW : FIXTURE_DIR, name), file);
    const out = join(dir, 'out');
    const r = cli(['run', '--in', file, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'rejected.jsonl'), 'utf8')).toBe('');
    const docs = readJsonl(join(out, 'documents.jsonl'));
    expect(docs).toHaveLength(documents);
    for (const d of docs) expect((d.provenance as Json).sourcePath).toBe(name);
    // The same documents as when the file sits in a folder given as --in.
    const folderOut = join(dir, 'folder-out');
    expect(cli(['run', '--in', join(dir, 'nested'), '--out', folderOut, '--quiet']).status).toBe(0);
    expect(readFileSync(join(out, 'documents.jsonl'), 'utf8')).toBe(
      readFileSync(join(folderOut, 'documents.jsonl'), 'utf8'),
    );
  });
});

describe('symbolic links inside --in are not followed', () => {
  test('a link to a file outside, to a file inside, to a folder, a dangling link and a loop: one symlink rejection each', () => {
    const dir = tempDir('newsclean-links-');
    const input = join(dir, 'in');
    mkdirSync(join(input, 'sub'), { recursive: true });
    cpSync(join(RAW, SEED), join(input, 'page.txt'));
    writeFileSync(
      join(dir, 'secret.txt'),
      'Private notes\n\nThis file lives outside the input folder. Keep it out.\n',
    );
    mkdirSync(join(dir, 'elsewhere'));
    cpSync(join(RAW, '001_dda71ece31420e93.txt'), join(dir, 'elsewhere', 'other.txt'));
    symlinkSync(join(dir, 'secret.txt'), join(input, 'outside.txt'));
    symlinkSync('page.txt', join(input, 'inside.txt'));
    symlinkSync(join(dir, 'elsewhere'), join(input, 'folder-link'));
    symlinkSync('no-such-file.txt', join(input, 'dangling.txt'));
    symlinkSync('loop-b.jsonl', join(input, 'sub', 'loop-a.jsonl'));
    symlinkSync('loop-a.jsonl', join(input, 'sub', 'loop-b.jsonl'));
    const out = join(dir, 'out');
    const r = cli(['run', '--in', input, '--out', out, '--quiet', '--max-rejected', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = readJsonl(join(out, 'documents.jsonl'));
    expect(docs.map((d) => (d.provenance as Json).sourcePath)).toEqual(['page.txt']);
    expect(readFileSync(join(out, 'documents.jsonl'), 'utf8')).not.toContain('Private notes');
    const rejected = readJsonl(join(out, 'rejected.jsonl'));
    expect(rejected.map((x) => [x.sourcePath, x.code])).toEqual([
      ['dangling.txt', 'symlink'],
      ['folder-link', 'symlink'],
      ['inside.txt', 'symlink'],
      ['outside.txt', 'symlink'],
      ['sub/loop-a.jsonl', 'symlink'],
      ['sub/loop-b.jsonl', 'symlink'],
    ]);
    const reason = (path: string) => rejected.find((x) => x.sourcePath === path)?.reason as string;
    // Absolute targets are not written into the dataset (no absolute paths in dataset files); relative ones are.
    expect(reason('outside.txt')).toContain('an absolute path');
    expect(readFileSync(join(out, 'rejected.jsonl'), 'utf8')).not.toContain(dir);
    expect(reason('inside.txt')).toContain('page.txt');
    expect(reason('folder-link')).toContain('an absolute path');
    expect(reason('dangling.txt')).toContain('no-such-file.txt');
    for (const x of rejected) expect(x.reason).toMatch(/symbolic link to .*not followed/);
  });
});

describe('odd entries inside --in', () => {
  test('hidden files and folders are listed as skipped in run.json, not dropped unseen', () => {
    const dir = tempDir('newsclean-hidden-');
    const input = join(dir, 'in');
    mkdirSync(join(input, '.git', 'objects'), { recursive: true });
    writeFileSync(join(input, '.git', 'objects', 'x.txt'), 'not a page');
    cpSync(join(RAW, SEED), join(input, 'page.txt'));
    cpSync(join(RAW, SEED), join(input, '.draft.txt'));
    const out = join(dir, 'out');
    expect(cli(['run', '--in', input, '--out', out, '--quiet']).status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      inputs: { skippedFiles: string[] };
    };
    expect(report.inputs.skippedFiles).toEqual(['.draft.txt', '.git/']);
    expect(readJsonl(join(out, 'documents.jsonl'))).toHaveLength(1);
  });

  test('a file whose name is not valid UTF-8 is rejected with a reason that says so', () => {
    const dir = tempDir('newsclean-names-');
    const input = join(dir, 'in');
    mkdirSync(input);
    cpSync(join(RAW, SEED), join(input, 'page.txt'));
    writeFileSync(
      Buffer.concat([Buffer.from(`${input}/bad`), Buffer.from([0xff]), Buffer.from('.txt')]),
      'T\n\nBody. Ends.\n',
    );
    const out = join(dir, 'out');
    expect(cli(['run', '--in', input, '--out', out, '--quiet']).status).toBe(0);
    const rejected = readJsonl(join(out, 'rejected.jsonl'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ sourcePath: 'bad\ufffd.txt', code: 'unreadable' });
    expect(rejected[0]!.reason).toContain('file name is not valid UTF-8');
  });

  test('a FIFO named like an input is not opened (it would block the run): unreadable', () => {
    const dir = tempDir('newsclean-fifo-');
    const input = join(dir, 'in');
    mkdirSync(input);
    cpSync(join(RAW, SEED), join(input, 'page.txt'));
    expect(spawnSync('mkfifo', [join(input, 'pipe.txt'), join(input, 'pipe.jsonl')]).status).toBe(0);
    const out = join(dir, 'out');
    const r = cli(['run', '--in', input, '--out', out, '--quiet', '--max-rejected', '1']);
    expect(r.status).toBe(0);
    const rejected = readJsonl(join(out, 'rejected.jsonl'));
    expect(rejected.map((x) => [x.sourcePath, x.code, x.reason])).toEqual([
      ['pipe.jsonl', 'unreadable', 'not a regular file'],
      ['pipe.txt', 'unreadable', 'not a regular file'],
    ]);
  });

  /** Every file under a folder, relative path → bytes, to show a refused run left --out exactly as it was. */
  const snapshot = (root: string): Record<string, string> => {
    const files: Record<string, string> = {};
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      files[relative(root, full)] = readFileSync(full).toString('base64');
    }
    return files;
  };

  test.each([
    ['an empty --in folder', (_input: string) => {}],
    [
      'an --in folder holding only a hidden file',
      (input: string) => writeFileSync(join(input, '.draft.txt'), 'A draft.\n'),
    ],
    [
      'an --in folder holding only a file of another type',
      (input: string) => writeFileSync(join(input, 'notes.pdf'), '%PDF-1.4\n'),
    ],
  ])('%s is refused with exit 2 and a good --out is left byte for byte', (_name, fill) => {
    const dir = tempDir('newsclean-empty-');
    const out = join(dir, 'out');
    // Yesterday's good dataset.
    mkdirSync(join(dir, 'good'));
    cpSync(join(RAW, SEED), join(dir, 'good', 'page.txt'));
    expect(cli(['run', '--in', join(dir, 'good'), '--out', out, '--quiet']).status).toBe(0);
    expect(readJsonl(join(out, 'documents.jsonl'))).toHaveLength(1);
    const before = snapshot(out);

    const input = join(dir, 'in');
    mkdirSync(input);
    fill(input);
    const r = cli(['run', '--in', input, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`no input files under --in ${input}`);
    expect(r.stderr).toContain('--allow-empty');
    expect(snapshot(out)).toEqual(before);

    // Log collectors get the refusal as one JSON event, not prose.
    const json = cli(['run', '--in', input, '--out', out, '--log-format', 'json']);
    expect(json.status).toBe(2);
    expect(json.stdout).toBe('');
    const events = json.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
    const refusal = events.find((e) => e.level === 'error');
    expect(refusal).toMatchObject({ event: 'empty-input' });
    expect(String(refusal?.message)).toContain(`--in ${input}`);
    expect(snapshot(out)).toEqual(before);
  });

  test('--allow-empty: an empty --in folder gives an empty dataset, headers only, exit 0', () => {
    const dir = tempDir('newsclean-empty-');
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', '.hidden.txt'), 'Not read.\n');
    const r = cli(['run', '--in', join(dir, 'in'), '--out', join(dir, 'out'), '--allow-empty']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(': 0 input files, 0 records → 0 documents');
    expect(readFileSync(join(dir, 'out', 'documents.jsonl'), 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'out', 'documents.csv'), 'utf8')).toMatch(/^id,source_path,.*\r\n$/);
  });
});
