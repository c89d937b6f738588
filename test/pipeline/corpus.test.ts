import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignatureStore } from '../../pipeline/corpus.js';

describe('SignatureStore', () => {
  const dirs: string[] = [];
  const spillFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsclean-signatures-'));
    dirs.push(dir);
    return join(dir, '.signatures.tmp');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back every document with its id, path and signature, in order, across many spilled chunks', () => {
    const file = spillFile();
    const store = new SignatureStore(file);
    const expected = Array.from({ length: 9000 }, (_, n) => ({
      id: n.toString(16).padStart(16, '0'),
      sourcePath: n % 7 === 0 ? `dir/é-${n}.txt` : `part-${Math.floor(n / 1000)}.jsonl`,
      signature: Uint32Array.from({ length: 64 }, (_, k) => (Math.imul(n + 1, k + 7) >>> 0) % 4294967291),
    }));
    for (const d of expected) store.add(d.id, d.sourcePath, d.signature);
    expect(existsSync(file)).toBe(true);
    const got = store.readAll();
    expect(got.map((d) => d.id)).toEqual(expected.map((d) => d.id));
    expect(got.map((d) => d.sourcePath)).toEqual(expected.map((d) => d.sourcePath));
    for (const [n, d] of got.entries())
      expect(Array.from(d.signature)).toEqual(Array.from(expected[n]!.signature));
    expect(existsSync(file)).toBe(false); // nothing of it reaches the output folder
  });

  it('is empty before anything is added, and close() removes the file', () => {
    const file = spillFile();
    expect(new SignatureStore(file).readAll()).toEqual([]);
    const store = new SignatureStore(file);
    store.close();
    store.close();
    expect(existsSync(file)).toBe(false);
  });
});
