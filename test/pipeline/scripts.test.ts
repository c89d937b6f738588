/**
 * The npm scripts as a new user meets them: every script that takes flags prints its help quickly and exits
 * 0 (no full build first, no ERR_PARSE_ARGS_UNKNOWN_OPTION), and no output holds ANSI colour codes when it
 * goes to a pipe or NO_COLOR is set (tools/colour.mjs runs vitest for `npm test`, and TypeDoc).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

const ESC = '\u001b[';
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
/** Scripts that run one of our programs with the flags after `--`. */
const WITH_FLAGS = ['start', 'check', 'schema', 'eval', 'bench', 'screenshots'];

function npmRun(script: string, args: readonly string[]) {
  return spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run <script> -- --help', () => {
  it('covers every script that is not a build, lint or test step', () => {
    const others = Object.keys(scripts).filter((name) => !WITH_FLAGS.includes(name));
    expect(others.sort()).toEqual(['build', 'docs', 'format', 'lint', 'test', 'typecheck']);
  });

  it.each(WITH_FLAGS)('%s prints its help and exits 0, without compiling when dist/ is current', (script) => {
    // No `npm run build` before a script: that is what made `bench -- --help` take 8 s.
    expect(scripts[script]).not.toContain('npm run build');
    const result = npmRun(script, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: /);
  });

  it.each(['bench', 'eval'])('%s names an unknown flag and exits 2', (script) => {
    const result = npmRun(script, ['--no-such-flag']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--no-such-flag'");
    expect(result.stderr).toContain('Usage: ');
  });
});

describe('colour', () => {
  const vitest = (env: Record<string, string>) => {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
    return spawnSync(
      process.execPath,
      [
        join(ROOT, 'tools', 'colour.mjs'),
        'vitest',
        'run',
        '--config',
        join(ROOT, 'test', 'fixtures', 'colour', 'vitest.config.ts'),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...rest, TERM: 'xterm-256color', CI: 'true', ...env },
      },
    );
  };

  it('vitest prints none when its output goes to a pipe, even with CI set', () => {
    const result = vitest({});
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('fails on purpose');
    expect(result.stdout + result.stderr).not.toContain(ESC);
  });

  it('FORCE_COLOR still turns colours on, and NO_COLOR wins over it', () => {
    const forced = vitest({ FORCE_COLOR: '1' });
    expect(forced.stdout + forced.stderr).toContain(ESC);
    const both = vitest({ FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(both.stdout).toContain('fails on purpose');
    expect(both.stdout + both.stderr).not.toContain(ESC);
  });

  it('newsclean run prints none on a pipe', () => {
    const result = cli(['run', '--in', RAW, '--out', join(tempDir(), 'out')]);
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toContain('5 documents');
    expect(result.stdout + result.stderr).not.toContain(ESC);
  });
});
