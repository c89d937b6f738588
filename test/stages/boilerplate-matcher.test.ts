/**
 * The boilerplate stage reads a line with one regex per language (stages/boilerplate.ts, defaultMatcher):
 * it must name the same rule as trying each default rule's own whole-line regex in order, with no prefilter,
 * for every language's rule set and with rules disabled.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, defaultRules, firstDefaultRule } from '../../stages/boilerplate.js';
import { newDocState } from '../../stages/document.js';
import { PAGE_PHRASES } from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';
import { realPageFiles } from '../helpers.js';

const wholeLine = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');

/**
 * Each default rule of a language with its own whole-line tests (photo-caption's two halves apart: its
 * label regex, and its credit test, the credit regex less the prose it reads by case, creditPatterns).
 */
const compiled = new Map<string, Array<{ id: string; tests: Array<(line: string) => boolean> }>>();
function rulesOf(language: string) {
  let rules = compiled.get(language);
  if (rules === undefined) {
    rules = defaultRules(language).map(({ rule, pattern, credit }) => {
      const regex = pattern === null ? null : wholeLine(pattern);
      const creditLine = credit === null ? null : wholeLine(`.{0,300}${credit.credit}`);
      return {
        id: rule.id,
        tests: [
          ...(regex === null ? [] : [(line: string) => regex.test(line)]),
          ...(credit === null || creditLine === null
            ? []
            : [(line: string) => creditLine.test(line) && !credit.notACaption(line)]),
        ],
      };
    });
    compiled.set(language, rules);
  }
  return rules;
}

/** The first rule whose own tests accept the line, trying every rule of the language in order (the slow way). */
function reference(line: string, language: string, disabled: ReadonlySet<string>): string | null {
  for (const { id, tests } of rulesOf(language)) {
    if (!disabled.has(id) && tests.some((test) => test(line))) return id;
  }
  return null;
}

/** Every distinct line of the seeds and of the dev sets' pages found beside the repository. */
function realLines(sets: readonly string[]): string[] {
  const files = realPageFiles(sets);
  const lines = new Set<string>();
  for (const file of files) {
    for (const block of segment(newDocState(readFileSync(file, 'utf8'))).blocks) lines.add(block.text);
  }
  return [...lines];
}

/** Lines made to hit the rules: each rule's example, and each phrase written out where it is a plain literal. */
const MADE: readonly string[] = [
  ...DEFAULT_RULES.map((rule) => rule.example),
  ...Object.values(PAGE_PHRASES).flatMap((phrases) =>
    Object.values(phrases)
      .flat()
      .filter((phrase) => /^[\p{L} '’-]+$/u.test(phrase)),
  ),
  'Jane Doe says:',
  'Jane Doe on 3 May 2020 said:',
  '12 likes',
  'Kommentare (12)',
  '34 responses to “A title”',
  'Read More: Why the Strongman of Belarus Is Fighting for Survival: QuickTake',
  'Latest World News',
  'Belarus Lukashenko. Picture: PA',
  'Belarus Lukashenko. Foto: dpa',
  'Traders work on the floor of the exchange. REUTERS/Brendan McDermid',
  'A caption (AP Photo/Jane Doe)',
  'Above: a view of the city.',
  'SHARE THIS ARTICLE',
];

const LANGUAGES = [...new Set(DEFAULT_RULES.flatMap((r) => (Array.isArray(r.languages) ? r.languages : [])))];

describe('boilerplate: one regex per language names the rule that trying every rule in order names', () => {
  const some = [...MADE, ...realLines(['extraction-dev', 'readability-pages'])];
  const all = [...MADE, ...realLines(['extraction-dev', 'readability-pages', 'snippets-dev'])];
  // Every line for English, German (most snippets pages) and 'und'; the other languages on the lines of two
  // of the three sets, to keep the test quick (their rule sets differ from German's only in their phrases).
  const full = new Set(['en', 'de', 'und']);

  it.each([...LANGUAGES, 'und', 'sv'])(
    'in %s, on the seeds and dev pages',
    (language) => {
      const none = new Set<string>();
      for (const line of full.has(language) ? all : some) {
        expect(firstDefaultRule(line, language, none)?.id ?? null, line).toBe(
          reference(line, language, none),
        );
      }
    },
    120_000,
  );

  it.each(['en', 'de', 'und'])('in %s, with each rule disabled in turn', (language) => {
    for (const rule of DEFAULT_RULES) {
      const disabled = new Set([rule.id]);
      for (const line of MADE) {
        expect(firstDefaultRule(line, language, disabled)?.id ?? null, `${rule.id}: ${line}`).toBe(
          reference(line, language, disabled),
        );
      }
    }
  });

  it('the made-up lines hit every rule, so the comparison covers each branch', () => {
    const hit = new Set(MADE.map((line) => firstDefaultRule(line, 'und')?.id));
    for (const rule of DEFAULT_RULES) expect(hit, rule.id).toContain(rule.id);
  });
});
