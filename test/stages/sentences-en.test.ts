/**
 * A broad English sentence set written for this project (test/fixtures/sentences/en.json: titles, months,
 * days, units, Latin abbreviations, company suffixes, dotted country names, initials, labels before numbers,
 * times, money, versions, addresses, e-mail and web addresses, ellipses, quotes and brackets after the end,
 * "?!", lists, headings without a stop). It is not evaluation data: it is the splitter's own test of what
 * English prose needs beyond the Golden Rules. Cases the splitter still gets wrong are listed below and
 * expected to fail, so fixing one (or breaking another) shows here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../stages/sentences.js';
import { ROOT } from '../helpers.js';

interface Case {
  readonly topic: string;
  readonly input: string;
  readonly expected: readonly string[];
}

const cases = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'sentences', 'en.json'), 'utf8'),
) as Case[];

/** Known misses: a number after a number, and a sentence that starts with a lower-case word. */
const KNOWN_MISSES = new Set([
  'The vote was 52 to 48. 12 members abstained.',
  'The vote is today. voters are ready.',
]);

const split = (text: string) => splitSentences(text, 'en').map(([start, end]) => text.slice(start, end));

describe('splitSentences on the English sentence set', () => {
  it('has a broad set of cases, each with its expected sentences', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases)
      expect(c.expected.join(' ').replace(/\s+/gu, ' ')).toBe(c.input.replace(/\s+/gu, ' '));
  });

  for (const c of cases) {
    const test = KNOWN_MISSES.has(c.input) ? it.fails : it;
    test(`[${c.topic}] ${JSON.stringify(c.input)}`, () => {
      expect(split(c.input)).toEqual(c.expected);
    });
  }
});
