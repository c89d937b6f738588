/**
 * Code point offsets (pipeline/offsets.ts): for every UTF-16 index of a text, the mapper must give what
 * Python's str indexing gives, the number of code points before it (counted here with Array.from).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointMapper } from '../../pipeline/offsets.js';

/** Code points in text.slice(0, i), as Python counts them (a lone surrogate is one code point). */
const reference = (text: string, i: number) => Array.from(text.slice(0, i)).length;

describe('codePointMapper', () => {
  it('counts code points before every index, astral characters and lone surrogates included', () => {
    const texts = [
      '',
      'plain',
      '🇧🇾 flag',
      'a😀b😀😀c',
      '\ud83d alone',
      'end \ud83d',
      '\ude00 low first',
      'x\ud83d\ud83d\ude00y',
    ];
    for (const text of texts) {
      const cp = codePointMapper(text);
      for (let i = 0; i <= text.length; i++)
        expect(cp(i), `${JSON.stringify(text)} at ${i}`).toBe(reference(text, i));
    }
  });

  it('agrees with the reference on random text', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', ' ', '\n', 'é', '€', '\ud83d', '\ude00', '😀', '👨‍👩‍👧'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const cp = codePointMapper(text);
        for (let i = 0; i <= text.length; i++) if (cp(i) !== reference(text, i)) return false;
        return true;
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});
