import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../pipeline/clean.js';
import { parseConfig } from '../../pipeline/config.js';
import type { DocState, Removal } from '../../stages/document.js';
import {
  bodyRuns,
  bodyText,
  endsLikeSentence,
  isSpaceCode,
  mapPacked,
  mergedByStart,
  mergeRemovals,
  newDocState,
  reassign,
  SENTENCE_END,
  wordCount,
} from '../../stages/document.js';
import {
  CLOSING_MARKS,
  OPENING_MARKS,
  SENTENCE_MARKS,
  STRAIGHT_QUOTES,
  TURNED_QUOTES,
} from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';
import { FC_SEED } from '../helpers.js';

describe('wordCount', () => {
  it('isSpaceCode agrees with \\s and with trim() for every UTF-16 code unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      expect(isSpaceCode(code), code.toString(16)).toBe(/\s/u.test(char));
      expect(isSpaceCode(code), code.toString(16)).toBe(char.trim() === '');
    }
  });

  it('counts the runs that splitting on white space gives', () => {
    const reference = (text: string) => text.split(/\s+/u).filter(Boolean).length;
    for (const text of ['', ' ', 'one', ' one  two\tthree\u00a0four\u2028five ', 'a\u3000b\ufeffc', '😀 x']) {
      expect(wordCount(text)).toBe(reference(text));
    }
    const unit = fc.constantFrom('a', 'é', ' ', '\t', '\n', '\u00a0', '\u2009', '\u3000', '😀', '.');
    fc.assert(
      fc.property(fc.string({ unit }), (text) => wordCount(text) === reference(text)),
      { numRuns: 1000, seed: FC_SEED },
    );
  });
});

describe('mapPacked (a faster form of Array.prototype.map for the stages)', () => {
  it('gives what map gives, index included, for any array', () => {
    const f = (x: string | null, i: number) => (x === null ? i : `${x}:${i}`);
    expect(mapPacked([], f)).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.option(fc.string())), (items) => {
        expect(mapPacked(items, f)).toEqual(items.map(f));
      }),
      { numRuns: 200, seed: FC_SEED },
    );
  });
});

describe('sentence ends (one list of marks, stages/lexicon.ts)', () => {
  const marks = SENTENCE_MARKS.map((m) => m.mark);
  const closers = [...CLOSING_MARKS, ...STRAIGHT_QUOTES, ...TURNED_QUOTES];

  it('declares each mark once, as one UTF-16 code unit, and no mark as both an end and a quote or bracket', () => {
    const all = [...marks, ...closers, ...OPENING_MARKS];
    expect(new Set(all).size).toBe(all.length);
    for (const c of all) expect(c.length, c).toBe(1);
  });

  it('endsLikeSentence (the fast path) agrees with SENTENCE_END (the declaration) on every line', () => {
    const unit = fc.constantFrom(
      ...marks,
      ...closers,
      ...OPENING_MARKS,
      'a',
      'Z',
      ' ',
      '\n',
      '-',
      ':',
      ',',
      '😀',
      '\ud800',
    );
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        (text) => endsLikeSentence(text) === SENTENCE_END.test(text),
      ),
      { numRuns: 5000, seed: FC_SEED },
    );
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      expect(endsLikeSentence(`x${c}`), code.toString(16)).toBe(SENTENCE_END.test(`x${c}`));
      expect(endsLikeSentence(`x.${c}`), code.toString(16)).toBe(SENTENCE_END.test(`x.${c}`));
    }
  });

  it('ends a line in every script that writes a mark, closing quotes and brackets after it', () => {
    for (const line of [
      'He left.',
      'Really?!',
      'Wait…',
      '„Wir gehen.“',
      '»Ja.«',
      '(See below.)',
      '[…]',
      '他走了。',
      '「行こう。」',
      'यह सच है।',
      'هل هذا صحيح؟',
      'یہ سچ ہے۔',
      'Ի՞նչ։',
      'ሰላም።',
      'ကောင်းပါတယ်။',
      'សួស្តី។',
    ]) {
      expect(endsLikeSentence(line), line).toBe(true);
    }
    for (const line of ['Home', 'Read more:', 'Price 5,', '“Quoted title”', 'Chapter 3 (draft)', '']) {
      expect(endsLikeSentence(line), line).toBe(false);
    }
  });
});

describe('mergeRemovals (issue 13 item 6: the removal log is bounded)', () => {
  /** Lines 0-3 menu, 4 article, 5-7 menu, 8 a caption, 9 menu: removed with the rules given. */
  const raw = [
    'Home',
    'News',
    'Sport',
    'Weather',
    'The article.',
    'Login',
    'Help',
    'Terms',
    'A caption',
    'End',
  ].join('\n\n');
  const removedDoc = (): DocState => {
    const doc = segment(newDocState(raw));
    const changes = new Map<number, { role: 'boilerplate' | 'caption'; rule: string }>();
    for (const block of doc.blocks) {
      if (block.text === 'The article.') continue;
      changes.set(
        block.index,
        block.text === 'A caption'
          ? { role: 'caption', rule: 'caption' }
          : { role: 'boilerplate', rule: 'menu' },
      );
    }
    return reassign(doc, 'test', changes);
  };

  it('changes nothing under the cap', () => {
    const doc = removedDoc();
    expect(doc.removed).toHaveLength(9);
    expect(mergeRemovals(doc, 9)).toBe(doc);
  });

  it('over the cap, merges runs of one rule with nothing kept between them, as raw spans', () => {
    const merged = mergeRemovals(removedDoc(), 3).removed;
    expect(merged.map((r) => [r.rule, r.text])).toEqual([
      ['menu', 'Home\n\nNews\n\nSport\n\nWeather'], // stops at the kept article line
      ['menu', 'Login\n\nHelp\n\nTerms'], // stops at the caption, another rule
      ['caption', 'A caption'],
      ['menu', 'End'],
    ]);
    // Each entry is still exactly its raw span, so the raw text can be rebuilt from the log.
    for (const r of merged) expect(raw.slice(r.rawStart, r.rawEnd)).toBe(r.text);
  });

  it('keeps a 200,000-line menu page to a handful of entries', () => {
    const page = `${Array.from({ length: 200_000 }, (_, i) => `Menu ${i}`).join('\n')}\n\nThe article.`;
    const doc = segment(newDocState(page));
    const changes = new Map(
      doc.blocks
        .filter((b) => b.text !== 'The article.')
        .map((b) => [b.index, { role: 'boilerplate' as const, rule: 'menu' }]),
    );
    const merged = mergeRemovals(reassign(doc, 'test', changes), 10_000).removed;
    expect(merged).toHaveLength(1);
    expect(merged[0]!.text).toBe(page.slice(0, page.indexOf('\n\nThe article.')));
  });
});

describe('body output keeps the layout of code, JSON and verse (issue 14, zero harm)', () => {
  const cleaning = parseConfig({}).cleaning;
  const prose =
    'The configuration file below sets the cache size, and the function after it reads the file when the service starts up each morning.';
  const json = '  {\n    "cache": {\n      "size": 512,\n      "ttl": 60\n    }\n  }';
  const python = '    def load(path):\n        with open(path) as f:\n            return json.load(f)';

  it('must not touch: the first line of an indented block keeps its indentation, so nesting survives', () => {
    const raw = ['Caching the settings', prose, json, prose.replace('below', 'above'), python].join('\n\n');
    const body = bodyText(cleanText(raw, cleaning)).split('\n\n');
    expect(body).toContain(json);
    expect(body).toContain(python);
  });

  it('the run starts at its first line, so raw.slice(rawStart, rawEnd) is still exactly its text', () => {
    const raw = `${prose}\n\n${python}`;
    const runs = bodyRuns(segment(newDocState(raw)));
    expect(runs.map((run) => raw.slice(run.rawStart, run.rawEnd))).toEqual([prose, python]);
  });

  it('still trims a paragraph whose only indented line is its first (a typographic indent, one line)', () => {
    const raw = `    ${prose}\n\n   A second paragraph starts here\nand goes on without any indentation at all.`;
    expect(bodyText(segment(newDocState(raw))).split('\n\n')).toEqual([
      prose,
      'A second paragraph starts here\nand goes on without any indentation at all.',
    ]);
  });
});

describe('mergedByStart', () => {
  /** The rule it stands for: the two lists concatenated, stably sorted by rawStart. */
  const sorted = (before: Removal[], added: Removal[]) =>
    [...before, ...added].sort((a, b) => a.rawStart - b.rawStart);
  const removal = (rule: string) =>
    fc
      .integer({ min: 0, max: 12 })
      .map((rawStart) => ({ stage: 's', rule, rawStart, rawEnd: rawStart + 1, text: rule }));
  const list = (rule: string) => fc.array(removal(rule), { maxLength: 8 });
  const inOrder = (rule: string) => list(rule).map((removals) => sorted(removals, []));

  it('orders as the stable sort does, ties keeping the earlier log first, sorted or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(inOrder('before'), list('before')),
        fc.oneof(inOrder('added'), list('added')),
        (before, added) => {
          expect(mergedByStart(before, added)).toEqual(sorted(before, added));
        },
      ),
      { numRuns: 3000, seed: FC_SEED },
    );
  });

  it('puts an added removal after an earlier one at the same offset (example read by hand)', () => {
    const at = (rawStart: number, rule: string): Removal => ({
      stage: 's',
      rule,
      rawStart,
      rawEnd: rawStart + 1,
      text: rule,
    });
    const merged = mergedByStart([at(0, 'a'), at(5, 'b')], [at(5, 'c'), at(7, 'd')]);
    expect(merged.map((r) => r.rule)).toEqual(['a', 'b', 'c', 'd']);
    expect(mergedByStart([at(5, 'b')], [at(2, 'c')]).map((r) => r.rule)).toEqual(['c', 'b']);
  });
});
