/**
 * Flags and config values a careless user gets wrong (issue 13, item 10): --concurrency is a plain whole
 * number within a bound; a `disable` list names real rules of its stage; errors read as sentences; the
 * summary counts files and records separately, in the singular when there is one.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';

const SEED = join(RAW, '000_8fb8cfed5590595c.txt');

function withConfig(config: unknown): { status: number | null; stderr: string; dir: string } {
  const dir = tempDir('newsclean-options-');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const r = cli(['run', '--in', SEED, '--out', join(dir, 'out'), '--config', join(dir, 'config.json')]);
  return { status: r.status, stderr: r.stderr, dir };
}

describe('--concurrency', () => {
  test.each(['0', '1e1', ' 2', '2 ', '2.5', '2.0', '-1', '0x2', '+2', '65', '1000', 'two', ''])(
    '`%s` is refused: exit 2 with the allowed range',
    (value) => {
      const dir = tempDir('newsclean-options-');
      const r = cli(['run', '--in', SEED, '--out', join(dir, 'out'), '--concurrency', value]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        `--concurrency <n>' argument '${value}' is invalid. expected a whole number from 1 to 64 (worker threads), got \`${value}\``,
      );
    },
  );

  test('a value in range runs', () => {
    const dir = tempDir('newsclean-options-');
    const r = cli(['run', '--in', SEED, '--out', join(dir, 'out'), '--concurrency', '3', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each([0, 2.5, 65, 1000, '2'])('in the config file, %j is refused the same way', (value) => {
    const r = withConfig({ concurrency: value });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `expected \`concurrency\` to be a whole number from 1 to 64 (worker threads), got \`${JSON.stringify(value)}\``,
    );
  });
});

describe('disable lists name rules of their stage', () => {
  test.each([
    [
      'fix',
      ['repeated-words'],
      'unknown fix rule `repeated-words` in `cleaning.fix.disable[0]`; did you mean `repeated-word`?',
    ],
    [
      'boilerplate',
      ['read-more', 'comment-prompts'],
      'unknown boilerplate rule `comment-prompts` in `cleaning.boilerplate.disable[1]`; did you mean `comment-prompt`?',
    ],
    [
      'density',
      ['linklist'],
      'unknown density rule `linklist` in `cleaning.density.disable[0]`; did you mean `link-list`?',
    ],
    [
      'fix',
      ['read-more'],
      'unknown fix rule `read-more` in `cleaning.fix.disable[0]`; `read-more` is a boilerplate rule: list it in `cleaning.boilerplate.disable`',
    ],
    [
      'fix',
      ['no-such-rule-at-all'],
      'unknown fix rule `no-such-rule-at-all` in `cleaning.fix.disable[0]` (fix rules: doubled-capital,',
    ],
  ])('%s: %j is refused with exit 2 and a suggestion', (stage, disable, message) => {
    const r = withConfig({ cleaning: { [stage]: { disable } } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test("known ids of every stage, and the config's own boilerplate rules, are accepted", () => {
    const r = withConfig({
      cleaning: {
        boilerplate: {
          disable: ['read-more', 'image-alt', 'newsletter'],
          extraRules: [{ id: 'newsletter', pattern: 'get our newsletter.*', why: 'a sign-up prompt' }],
        },
        density: { disable: ['link-list'] },
        fix: { disable: ['repeated-word', 'multiple-spaces'] },
      },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('config errors read as sentences', () => {
  test.each([
    [
      { cleaning: { decode: { maxBytes: -1 } } },
      'expected `cleaning.decode.maxBytes` to be a number > 0, got `-1`',
    ],
    [
      { cleaning: { nearDuplicates: { threshold: 2 } } },
      'expected `cleaning.nearDuplicates.threshold` to be a number ≤ 1, got `2`',
    ],
    [
      { cleaning: { decode: { maxBytes: 1.5 } } },
      'expected `cleaning.decode.maxBytes` to be a whole number, got `1.5`',
    ],
    [
      { input: { jsonl: { textField: '' } } },
      'expected `input.jsonl.textField` to be a non-empty string, got `""`',
    ],
    [
      { cleaning: { boilerplate: { extraRules: [{ id: 'x', pattern: 'a', why: 'w', scope: 'page' }] } } },
      'expected `cleaning.boilerplate.extraRules[0].scope` to be one of `line`, `rest`, `next`, got `"page"`',
    ],
    [{ cleaning: { fix: { disable: 'x' } } }, 'expected `cleaning.fix.disable` to be a list, got `"x"`'],
    [[], 'expected `(config)` to be an object, got `[]`'],
  ])('%j', (config, message) => {
    const r = withConfig(config);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/Too small|Too big|Invalid option|received/);
  });
});

describe('the summary line', () => {
  test('one file, one record: singular', () => {
    const dir = tempDir('newsclean-options-');
    const r = cli(['run', '--in', SEED, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /: 1 input file, 1 record → 1 document, \d+ sentences, 0 rejected, 0 duplicates in /,
    );
  });

  test('files and records counted apart', () => {
    const dir = tempDir('newsclean-options-');
    const input = join(dir, 'in');
    mkdirSync(input);
    writeFileSync(join(input, 'a.txt'), readFileSync(SEED));
    writeFileSync(join(input, 'b.txt'), readFileSync(SEED));
    writeFileSync(join(input, 'dump.jsonl'), '{"text": "A fine page. It has two sentences."}\n{oops\n');
    const r = cli(['run', '--in', input, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /: 3 input files, 4 records → 2 documents, \d+ sentences, 1 rejected \(1 malformed-record\), 1 duplicate in /,
    );
  });
});
