/** Seeded samples: stable whatever the order of the candidates, bounded, and a different seed draws others. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BottomK, hash53 } from '../../../pipeline/report/sample.js';
import { drawIndexes } from '../../../pipeline/report/summary.js';
import { FC_SEED } from '../../helpers.js';

function draw(keys: readonly string[], k: number, seed: string): string[] {
  const sample = new BottomK<string>(k, seed);
  for (const key of keys) sample.offer(key, () => key);
  return sample.items();
}

describe('BottomK', () => {
  it('keeps the k keys of smallest hash, whatever order they come in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        (keys, k) => {
          const expected = [...keys]
            .map((key) => [hash53(`s\u0000${key}`), key] as const)
            .sort(([a, x], [b, y]) => a - b || (x < y ? -1 : x > y ? 1 : 0))
            .slice(0, k)
            .map(([, key]) => key);
          expect(draw(keys, k, 's')).toEqual(expected);
          expect(draw([...keys].reverse(), k, 's')).toEqual(expected);
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  it('counts every candidate but builds only the kept ones', () => {
    const sample = new BottomK<number>(3, 'seed');
    let built = 0;
    for (let i = 0; i < 1000; i++)
      sample.offer(String(i), () => {
        built++;
        return i;
      });
    expect(sample.seen).toBe(1000);
    expect(sample.items()).toHaveLength(3);
    // Bottom-k builds an item only when it enters the sample: a few dozen times for 1000, not 1000.
    expect(built).toBeLessThan(100);
  });

  it('draws other items under another seed', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `doc${i}`);
    expect(draw(keys, 10, 'a')).not.toEqual(draw(keys, 10, 'b'));
    expect(draw(keys, 10, 'a')).toEqual(draw(keys, 10, 'a'));
  });
});

describe('drawIndexes', () => {
  it('draws k distinct indexes below n, the same for the same seed, all of them when n ≤ k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (n, k, seed) => {
          const picks = drawIndexes(n, k, seed);
          expect(picks).toHaveLength(Math.min(n, k));
          expect(new Set(picks).size).toBe(picks.length);
          for (const i of picks) expect(i >= 0 && i < n).toBe(true);
          expect(drawIndexes(n, k, seed)).toEqual(picks);
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
    // Spread over the whole range, not the first few: a thousand seeds reach most indexes of 100.
    const seen = new Set<number>();
    for (let seed = 0; seed < 1000; seed++)
      for (const i of drawIndexes(100, 3, hash53(String(seed)))) seen.add(i);
    expect(seen.size).toBeGreaterThan(95);
  });
});
