import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusters, signature, similarity } from '../../stages/near-duplicates.js';
import { clean, FC_SEED, paragraphs, seed } from '../helpers.js';

const options = { threshold: 0.8, shingleSize: 5 };
const bodyOf = (name: string) => paragraphs(clean(seed(name))).join('\n\n');

/** The same story with a changed headline word and one typo fixed: what two outlets' copies look like. */
function retouched(text: string): string {
  return text.replace('Sochi', 'Sochi,').replace('Russian President', 'Russian president');
}

/**
 * The signature as first written, plainly: lower-case words, shingles joined by spaces, FNV-1a, then 64
 * seeded murmur-mixed permutations. The fast version must give the same numbers (manifests keep them).
 */
function plainSignature(text: string, shingleSize: number): number[] | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < shingleSize * 2) return null;
  const mix = (value: number) => {
    let h = value;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const mins = new Array<number>(64).fill(0xffffffff);
  for (let i = 0; i + shingleSize <= words.length; i++) {
    const shingle = words.slice(i, i + shingleSize).join(' ');
    let base = 0x811c9dc5;
    for (let c = 0; c < shingle.length; c++) base = Math.imul(base ^ shingle.charCodeAt(c), 0x01000193);
    base >>>= 0;
    for (let k = 0; k < 64; k++) {
      const multiplier = (Math.imul(k + 1, 0x9e3779b1) | 1) >>> 0;
      const offset = Math.imul(k + 7, 0x85ebca6b) >>> 0;
      mins[k] = Math.min(mins[k]!, mix((Math.imul(base, multiplier) + offset) >>> 0));
    }
  }
  return mins;
}

describe('near-duplicates: signatures', () => {
  it('equals the plain definition, on news text and on any text (ASCII, accents, emoji, CJK, digits)', () => {
    const text = bodyOf('003');
    expect(Array.from(signature(text, options)!)).toEqual(plainSignature(text, 5));
    const word = fc.stringMatching(/^[a-zA-Z0-9éÉß\u{1F600}中文’-]{1,6}$/u);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 0, maxLength: 30 }),
        fc.constantFrom(' ', ', ', '\n', '—'),
        (words, gap) => {
          const text = words.join(gap);
          const fast = signature(text, { threshold: 0.8, shingleSize: 2 });
          expect(fast === null ? null : Array.from(fast)).toEqual(plainSignature(text, 2));
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('equals the plain definition on long texts, lower-cased slice by slice (final sigma, İ, long words)', () => {
    // Past 64K code units, the text is lower-cased in slices cut after a space or a line feed: the same words as
    // lower-casing it whole, wherever the cut falls among capital sigmas (σ, or ς at a word's end: the one
    // context rule of lower-casing), dotted capitals and long runs without a space. A filler of one repeated
    // shingle around the words keeps every other shingle among the few that set the minima.
    const filler = (n: number) => 'a '.repeat(Math.floor(n / 2)) + (n % 2 ? 'a' : '');
    const words = 'ΟΔΥΣΣΕΥΣ ΣΑΣ Σ, ΌΣΟΣ. ΑΣ.Β ΑΣ’Β İstanbul\nΣΑΣ—ΣΑΣ Straße 😀x';
    for (let offset = 0; offset < words.length; offset++) {
      const text = `${filler(65_536 - offset)}${words} ${filler(66_000)}${words}`;
      expect(Array.from(signature(text, options)!), `offset ${offset}`).toEqual(plainSignature(text, 5));
    }
    const unbroken = `${'ΣA'.repeat(40_000)} ${words} ${filler(70_000)}Σ`;
    expect(Array.from(signature(unbroken, options)!)).toEqual(plainSignature(unbroken, 5));
  });

  it('gives identical texts similarity 1 and is the same on every call', () => {
    const a = signature(bodyOf('004'), options)!;
    expect(similarity(a, signature(bodyOf('004'), options)!)).toBe(1);
    expect(Array.from(a.subarray(0, 4))).toEqual(
      Array.from(signature(bodyOf('004'), options)!.subarray(0, 4)),
    );
  });

  it('ignores case and punctuation: they do not make another story', () => {
    const text = bodyOf('001');
    expect(
      similarity(signature(text, options)!, signature(text.toUpperCase().replace(/,/g, ''), options)!),
    ).toBe(1);
  });

  it('estimates the word-shingle Jaccard similarity of a lightly edited copy high, of other stories low', () => {
    const text = bodyOf('004');
    expect(similarity(signature(text, options)!, signature(retouched(text), options)!)).toBeGreaterThan(0.85);
    expect(similarity(signature(text, options)!, signature(bodyOf('003'), options)!)).toBeLessThan(0.1);
  });

  it('has no signature for a text too short to compare', () => {
    expect(signature('Only a few words here.', options)).toBe(null);
  });
});

describe('near-duplicates: clusters', () => {
  const docs = (entries: Array<[string, string]>) =>
    entries.map(([id, text]) => ({ id, signature: signature(text, options)! }));

  it('clusters a story with its retouched copy, keyed by the smallest id, and leaves the others alone', () => {
    const story = bodyOf('004');
    const found = clusters(
      docs([
        ['b2', retouched(story)],
        ['c3', bodyOf('003')],
        ['a1', story],
        ['d4', bodyOf('001')],
      ]),
      options,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ canonical: 'a1', members: ['a1', 'b2'] });
    expect(found[0]!.minSimilarity).toBeGreaterThanOrEqual(0.8);
  });

  it('gives the same clusters whatever the input order', () => {
    const story = bodyOf('002');
    const entries: Array<[string, string]> = [
      ['x', story],
      ['y', retouched(story)],
      ['z', `${story}\n\nOne more closing line that a second outlet added at the end of the story.`],
      ['w', bodyOf('000')],
    ];
    const forward = clusters(docs(entries), options);
    const backward = clusters(docs([...entries].reverse()), options);
    expect(backward).toEqual(forward);
    expect(forward.map((c) => c.members)).toEqual([['x', 'y', 'z']]);
  });

  it('does not cluster the seeds, which are different articles about the same events', () => {
    const seeds = ['000', '001', '002', '003', '004'].map((n): [string, string] => [n, bodyOf(n)]);
    expect(clusters(docs(seeds), options)).toEqual([]);
  });
});
