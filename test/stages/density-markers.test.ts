/**
 * density reads comment markers with two regexes, the phrases that can only match a line ending in a colon
 * apart (stages/density.ts, commentMarkerFor): together they must accept exactly the lines that the one
 * alternation of the language's marker phrases accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endsInColon, isCommentMarker } from '../../stages/density.js';
import { newDocState } from '../../stages/document.js';
import {
  furnitureLanguages,
  PAGE_PHRASES,
  PHRASE_LANGUAGES,
  pagePhrasePattern,
} from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';
import { realPageFiles } from '../helpers.js';

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');

const NAMES = [
  'Jane',
  'Hans Müller',
  'Anna Maria de Vries',
  'One two three four five',
  'He',
  'Иван',
  '@kev.99',
];
const TAILS = [
  ' says:',
  ' on 3 May 2020 said:',
  ' on May said:',
  ' schreibt:',
  ' am 3. Mai 2020 schrieb:',
  ' a dit :',
  ' le 3 mai 2020 a écrit :',
  ' dijo:',
  ' disse:',
  ' ha detto:',
  ' napisała:',
  ' zegt:',
  ' написала:',
  ' says',
  ' says: hello',
  ':',
  '',
];
const OTHERS = [
  'Reply',
  'reply · like · share',
  'Report abuse',
  '12 likes',
  'In reply to Jane:',
  'Antworten',
  'Ответить',
];

/** Every distinct line of the seeds and the dev pages beside the repository that the stage would test. */
function realLines(): string[] {
  const files = realPageFiles();
  const lines = new Set<string>();
  for (const file of files) {
    for (const block of segment(newDocState(readFileSync(file, 'utf8'))).blocks) {
      if (block.text.length <= 160) lines.add(block.text);
    }
  }
  return [...lines];
}

describe('comment markers: the colon phrases apart accept what the whole alternation accepts', () => {
  it('endsInColon picks the phrases that end in a colon outside any group, and only those', () => {
    expect(endsInColon('(?:reply|like) says:')).toBe(true);
    expect(endsInColon('a|b:')).toBe(false);
    expect(endsInColon('(?:a|b:)')).toBe(false);
    expect(endsInColon('(?:says:)?')).toBe(false);
    expect(endsInColon('[:]')).toBe(false);
    expect(endsInColon(String.raw`a\:`)).toBe(false);
    const markers = PHRASE_LANGUAGES.flatMap((language) => PAGE_PHRASES[language].commentMarkers);
    // Every "<name> says:" phrase of every language is one of them (else the split buys nothing).
    for (const phrase of markers.filter((p) => p.includes('said:') || p.endsWith('):'))) {
      expect(endsInColon(phrase), phrase).toBe(true);
    }
  });

  const lines = [
    ...OTHERS,
    ...NAMES.flatMap((name) => TAILS.map((tail) => `${name}${tail}`)),
    ...realLines(),
  ];
  it.each([...PHRASE_LANGUAGES, 'und', 'sv'])(
    'in %s, on made-up markers and every seed and dev line',
    (language) => {
      const all = whole(pagePhrasePattern('commentMarkers', furnitureLanguages(language)));
      for (const line of lines) expect(isCommentMarker(line, language), line).toBe(all.test(line));
    },
    60_000,
  );
});
