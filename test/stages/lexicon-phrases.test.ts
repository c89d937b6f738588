/**
 * pagePhrasePatternFactored (stages/lexicon.ts) is a faster spelling of pagePhrasePattern (the phrases opening with a name share
 * one scan for it): both must accept exactly the same lines, for every kind, including lines that are near
 * misses of a marker (a pronoun before "says:", a name of five words, a date with no digit).
 */
import { describe, expect, it } from 'vitest';
import {
  PAGE_PHRASES,
  type PagePhrases,
  PHRASE_LANGUAGES,
  pagePhrasePattern,
  pagePhrasePatternFactored,
} from '../../stages/lexicon.js';

const KINDS = Object.keys(PAGE_PHRASES.en) as (keyof PagePhrases)[];
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');

const NAMES = [
  'Jane',
  'jane_doe',
  'Hans Müller',
  'Anna Maria de Vries',
  'One two three four five',
  'He',
  'Sie',
  'Он',
  'Иван',
  "O'Brien",
  '@kev.99',
  '',
];
const TAILS = [
  ' says:',
  ' said:',
  ' on 3 May 2020 said:',
  ' on May said:',
  ' sagt:',
  ' schreibt:',
  ' am 3. Mai 2020 schrieb:',
  ' am 12:30:',
  ' a dit :',
  ' le 3 mai 2020 a écrit :',
  ' dijo:',
  ' disse:',
  ' ha detto:',
  ' napisała:',
  ' zegt:',
  ' написала:',
  ' says',
  ': says:',
  ' says: hello',
  '',
];
const OTHERS = [
  'Reply',
  'reply · like · share',
  'Report abuse',
  '12 likes',
  'Log in to reply',
  'In reply to Jane',
  'Antworten',
  'Kommentar melden',
  'Responder',
  'Ответить',
  'Comments (3)',
  'Kommentare (12)',
  '34 responses to “Why the bridge must close”',
  'Read next',
  'Subscribe to our newsletter',
  'About the author',
  'Leave a Reply',
  'Discussion',
  'Comment',
  'The council said on Monday that it would review the plan.',
  'He says: the bridge must close.',
  '',
];
const LINES = [...OTHERS, ...NAMES.flatMap((name) => TAILS.map((tail) => `${name}${tail}`))];

describe('pagePhrasePatternFactored', () => {
  it('folds the name phrases of the comment markers into one branch', () => {
    const markers = PHRASE_LANGUAGES.flatMap((language) => PAGE_PHRASES[language].commentMarkers);
    expect(pagePhrasePatternFactored('commentMarkers').length).toBeLessThan(
      pagePhrasePattern('commentMarkers').length,
    );
    expect(markers.length).toBeGreaterThan(10);
  });

  it.each(KINDS)('accepts exactly the lines pagePhrasePattern accepts (%s)', (kind) => {
    const plain = whole(pagePhrasePattern(kind));
    const factored = whole(pagePhrasePatternFactored(kind));
    let accepted = 0;
    for (const line of LINES) {
      expect(factored.test(line), JSON.stringify(line)).toBe(plain.test(line));
      if (plain.test(line)) accepted++;
    }
    // The sample holds lines of each kind, so agreement is not only on rejections.
    expect(accepted).toBeGreaterThan(0);
  });

  it('accepts the name markers and refuses a pronoun before them', () => {
    const factored = whole(pagePhrasePatternFactored('commentMarkers'));
    for (const line of [
      'Jane says:',
      'Hans Müller schreibt:',
      'Marie a dit :',
      'Иван написал:',
      'Jane on 3 May 2020 said:',
    ])
      expect(factored.test(line), line).toBe(true);
    for (const line of ['He says:', 'Sie schreibt:', 'One two three four five says:', 'Jane on May said:'])
      expect(factored.test(line), line).toBe(false);
  });
});
