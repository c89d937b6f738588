import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpaceCode, wordCount } from '../../stages/document.js';
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
