import { describe, expect, it } from 'vitest';
import { SignatureStore } from '../../pipeline/corpus.js';

describe('SignatureStore', () => {
  it('gives back every document with its own signature, in order, across growth of the packed array', () => {
    const store = new SignatureStore();
    const expected = Array.from({ length: 5000 }, (_, n) => ({
      id: n.toString(16).padStart(16, '0'),
      sourcePath: `part-${Math.floor(n / 1000)}.jsonl`,
      signature: Uint32Array.from({ length: 64 }, (_, k) => (Math.imul(n + 1, k + 7) >>> 0) % 4294967291),
    }));
    for (const d of expected) store.add(d.id, `${d.sourcePath}`, d.signature);
    const got = store.documents();
    expect(got.map((d) => d.id)).toEqual(expected.map((d) => d.id));
    expect(got.map((d) => d.sourcePath)).toEqual(expected.map((d) => d.sourcePath));
    for (const [n, d] of got.entries())
      expect(Array.from(d.signature)).toEqual(Array.from(expected[n]!.signature));
  });

  it('is empty before anything is added', () => {
    expect(new SignatureStore().documents()).toEqual([]);
  });
});
