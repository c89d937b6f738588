/**
 * --out against --in (issue 13, item 1): the output swap replaces --out as a whole, so an --out that is
 * --in, holds it, or lies inside it would delete the inputs or feed the output back in on the next run.
 * Each case is a usage error (exit 2) that leaves every input file exactly as it was.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, cli, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';

/** Every file under dir, relative path → content; a symlink as `→ target`, never followed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) out[path] = `→ ${readlinkSync(join(dir, path))}`;
      else if (entry.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), 'latin1');
    }
  };
  walk('');
  return out;
}

function setup(): { dir: string; input: string } {
  const dir = tempDir('newsclean-paths-');
  const input = join(dir, 'data', 'in');
  mkdirSync(join(dir, 'data'));
  cpSync(RAW, input, { recursive: true });
  return { dir, input };
}

describe('--out must not be --in, above it or inside it', () => {
  const cases: Array<[string, (dir: string, input: string) => string[]]> = [
    ['--out equal to --in', (_dir, input) => ['--in', input, '--out', input]],
    [
      '--out equal to --in, written differently',
      (dir, input) => ['--in', input, '--out', join(dir, 'data', '.', 'x', '..', 'in', '')],
    ],
    ['--out the folder holding --in', (dir, input) => ['--in', input, '--out', join(dir, 'data')]],
    ['--out two folders above --in', (dir, input) => ['--in', input, '--out', dir]],
    ['--out inside --in', (_dir, input) => ['--in', input, '--out', join(input, 'out')]],
    [
      '--out inside --in, not yet existing two levels down',
      (_dir, input) => ['--in', input, '--out', join(input, 'a', 'b')],
    ],
    [
      '--out a symlink to --in',
      (dir, input) => {
        symlinkSync(input, join(dir, 'link'));
        return ['--in', input, '--out', join(dir, 'link')];
      },
    ],
    [
      '--in a symlink to the folder --out names',
      (dir) => {
        symlinkSync(join(dir, 'data', 'in'), join(dir, 'in-link'));
        return ['--in', join(dir, 'in-link'), '--out', join(dir, 'data', 'in')];
      },
    ],
    [
      '--out below a symlink that points into --in',
      (dir, input) => {
        symlinkSync(input, join(dir, 'link'));
        return ['--in', input, '--out', join(dir, 'link', 'out')];
      },
    ],
    [
      '--in a single file, --out its folder',
      (_dir, input) => ['--in', join(input, '000_8fb8cfed5590595c.txt'), '--out', input],
    ],
  ];

  test.each(cases)('%s: exit 2, inputs untouched', (_name, args) => {
    const { dir, input } = setup();
    const argv = args(dir, input);
    const before = snapshot(dir);
    const r = cli(['run', ...argv, '--quiet']);
    expect(r.stderr).toMatch(/--out .* (is the input folder|holds the input|is inside the input folder)/);
    expect(r.status).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  test('the same refusal as a JSON log event', () => {
    const { dir, input } = setup();
    const r = cli(['run', '--in', input, '--out', input, '--log-format', 'json']);
    expect(r.status).toBe(2);
    const last = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { event: string; message: string };
    expect(last.event).toBe('config-error');
    expect(last.message).toContain('is the input folder');
    expect(snapshot(dir)).toHaveProperty(['data/in/000_8fb8cfed5590595c.txt']);
  });

  test('a sibling of --in whose name starts with the same letters is fine', () => {
    const { dir, input } = setup();
    const r = cli(['run', '--in', input, '--out', `${input}-out`, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Object.keys(snapshot(dir)).filter((p) => p.startsWith('data/in/'))).toHaveLength(5);
  });
});

describe('--out given as a symbolic link', () => {
  test('a link to a folder: the output goes into that folder and the link stays a link', () => {
    const { dir, input } = setup();
    mkdirSync(join(dir, 'big-disk'));
    symlinkSync(join(dir, 'big-disk'), join(dir, 'out'));
    const r = cli(['run', '--in', input, '--out', join(dir, 'out'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = snapshot(dir);
    expect(after.out).toBe(`→ ${join(dir, 'big-disk')}`);
    expect(Object.keys(after)).toContain('big-disk/documents.jsonl');
  });

  test('a dangling link: exit 4 with a message, not a hang or an unknown exit code', () => {
    const { dir, input } = setup();
    symlinkSync(join(dir, 'nowhere', 'out'), join(dir, 'out'));
    const r = cli(['run', '--in', input, '--out', join(dir, 'out'), '--quiet']);
    expect(r.stderr).toContain('is a symbolic link to');
    expect(r.status).toBe(4);
    expect(snapshot(dir).out).toBe(`→ ${join(dir, 'nowhere', 'out')}`);
  });
});

describe('--out where no folder can be made', () => {
  // Node's recursive mkdir spun forever under /proc (ENOENT for every child of a folder that exists): the run
  // hung at full CPU. A hang shows here as a killed child (status null), well before the test's own timeout.
  const within = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });

  test.each([
    [
      'run, right under /proc',
      (input: string) => ['run', '--in', input, '--out', '/proc/newsclean-out', '-q'],
    ],
    [
      'run, deeper under /proc',
      (input: string) => ['run', '--in', input, '--out', '/proc/newsclean/a/out', '-q'],
    ],
    ['schema, under /proc', () => ['schema', '--out', '/proc/newsclean-schema']],
  ])('%s: exit 4 with a message, not a hang', (_name, args) => {
    const { input } = setup();
    const r = within(args(input));
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('cannot create a staging folder next to /proc/newsclean');
  });

  test('a file in the way of a folder to make: exit 4 naming it; a nested new --out is made', () => {
    const { dir, input } = setup();
    writeFileSync(join(dir, 'plain-file'), 'not a folder');
    const blocked = cli(['run', '--in', input, '--out', join(dir, 'plain-file', 'out'), '--quiet']);
    expect(blocked.status).toBe(4);
    expect(blocked.stderr).toContain(join(dir, 'plain-file'));
    expect(readFileSync(join(dir, 'plain-file'), 'utf8')).toBe('not a folder');
    const nested = cli(['run', '--in', input, '--out', join(dir, 'a', 'b', 'out'), '--quiet']);
    expect(nested.status).toBe(0);
    expect(readdirSync(join(dir, 'a', 'b', 'out'))).toContain('documents.jsonl');
  });
});
