import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nearDuplicateRecords, SignatureStore, storedNearDuplicateRecords } from '../../pipeline/corpus.js';

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

  it('finds, band by band from the spill file, exactly the clusters found with every signature in memory', () => {
    // A deterministic corpus: families of near duplicates (a base signature, members with a few positions
    // changed), a template shared by 100 documents (a bucket past the pairwise limit), and unrelated documents;
    // ids in no particular order; 9,000 documents, so the file is read in several chunks.
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state;
    };
    const documents: Array<{ id: string; sourcePath: string; signature: Uint32Array }> = [];
    const template = Uint32Array.from({ length: 64 }, next);
    for (let n = 0; n < 9000; n++) {
      let signature: Uint32Array;
      if (n % 90 === 0) signature = Uint32Array.from(template, (v, k) => (k < 40 ? v : next()));
      else if (n % 3 === 0 && n > 0) {
        const base = documents[n - 1]!.signature;
        signature = Uint32Array.from(base, (v) => (next() % 10 < 2 ? next() : v));
      } else signature = Uint32Array.from({ length: 64 }, next);
      const id = (next().toString(16) + next().toString(16)).padStart(16, '0').slice(0, 16);
      documents.push({ id, sourcePath: `folder-${n % 11}/doc-${n}.txt`, signature });
    }
    const stamp = { pipelineVersion: 'v', codeFingerprint: 'c', configHash: 'h' };
    const options = { threshold: 0.5, shingleSize: 5 };
    const store = new SignatureStore(spillFile());
    for (const d of documents) store.add(d.id, d.sourcePath, d.signature);
    const fromDisk = storedNearDuplicateRecords(store, options, stamp);
    const inMemory = nearDuplicateRecords(documents, options, stamp);
    expect(inMemory.length).toBeGreaterThan(1000);
    expect(inMemory.some((record) => record.members.length > 64)).toBe(true);
    expect(fromDisk).toEqual(inMemory);
    const empty = new SignatureStore(spillFile());
    expect(storedNearDuplicateRecords(empty, options, stamp)).toEqual([]);
  });
});
