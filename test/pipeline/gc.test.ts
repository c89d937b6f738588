/**
 * The run's threads collect garbage on demand at the largest steps of a document of many MB (pipeline/gc.ts,
 * issue 8's memory per MB). What matters to users: the collection really happens (else the memory target
 * rests on nothing), and it never changes what a document's records say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../pipeline/clean.js';
import { parseConfig } from '../../pipeline/config.js';
import { COLLECT_AFTER_BYTES, collectGarbage } from '../../pipeline/gc.js';
import { cleanToRecords, DETACH_CHARS, documentRecords } from '../../pipeline/records.js';
import type { Provenance } from '../../pipeline/schemas.js';
import { isSpilled, type Part } from '../../pipeline/sinks.js';
import { cleanItem } from '../../pipeline/worker.js';
import { ROOT } from '../helpers.js';

const config = parseConfig({}).cleaning;
const provenance: Provenance = {
  sourcePath: 'seed.txt',
  sourceSha256: 'a'.repeat(64),
  sourceBytes: 0,
  record: null,
  pipelineVersion: '0.0.0',
  codeFingerprint: 'code',
  configHash: 'config',
};

/** A seed page of raw/, several times over (a long page with every stage at work). */
function page(): string {
  const text = readFileSync(join(ROOT, 'raw', '000_8fb8cfed5590595c.txt'), 'utf8');
  return Array.from({ length: 5 }, (_, k) => `${text}\n\nPart ${k} follows.\n\n`).join('');
}

describe('collectGarbage', () => {
  it('collects: an object nothing refers to any more is gone afterwards', async () => {
    let ref: WeakRef<object> | null = null;
    // Made in a function of its own, so no frame of this one keeps it; a WeakRef's target lives at least
    // until the end of the job that made it, hence the turns of the event loop.
    (() => {
      ref = new WeakRef({ payload: new Array(1000).fill('x') });
    })();
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((ref as WeakRef<object> | null)?.deref()).toBeUndefined();
  });
});

describe('settling between the steps of cleaning', () => {
  it('is called, and a collection there leaves the state exactly as without it', () => {
    const text = page();
    let calls = 0;
    const settled = cleanText(text, config, undefined, undefined, () => {
      calls++;
      collectGarbage();
    });
    expect(calls).toBeGreaterThan(0);
    expect(settled).toEqual(cleanText(text, config));
  });

  it('gives the same records from cleanToRecords, with and without collections', () => {
    const bytes = Buffer.from(page(), 'utf8');
    let calls = 0;
    const settled = cleanToRecords(bytes, provenance, config, undefined, false, () => {
      calls++;
      collectGarbage();
    });
    expect(calls).toBeGreaterThan(1);
    expect(JSON.stringify(settled)).toBe(JSON.stringify(cleanToRecords(bytes, provenance, config)));
  });
});

describe('the records of a long document', () => {
  it('are the same records whether or not they share the text (slices, copies, sentences made last)', () => {
    // A page with edits (the fix stage's rules), sentences over many paragraphs, removals and findings.
    const text = `${page()}\n\nThe price rose to $ 1 .. AAt the end of May.\n\n`;
    const cleaned = {
      ok: true as const,
      decoded: { encoding: 'utf-8' as const, bom: false, lineEndings: 'lf' as const },
      state: cleanText(text, config),
    };
    const shared = documentRecords('doc', provenance, cleaned, true);
    const own = documentRecords('doc', provenance, cleaned, false);
    expect(shared.sentences.length).toBeGreaterThan(50);
    expect(own.document.edits.length).toBeGreaterThan(0);
    expect(shared.document.removed.length).toBeGreaterThan(0);
    // JSON keeps key order too: the writers see the same records.
    expect(JSON.stringify(shared)).toBe(JSON.stringify(own));
    // Every sentence's text is where the sentence is in its paragraph's text.
    for (const sentence of shared.sentences)
      expect(shared.document.paragraphs[sentence.paragraph]!.text).toContain(sentence.text);
  });

  it('share it from DETACH_CHARS characters on, by default', () => {
    expect(DETACH_CHARS).toBeLessThanOrEqual(COLLECT_AFTER_BYTES);
  });
});

describe('a worker cleaning a document of many MB', () => {
  const bytesOf = (parts: readonly Part[]) =>
    Buffer.concat(parts.flatMap((part) => part.map((piece) => (isSpilled(piece) ? Buffer.alloc(0) : piece))));

  it('lets the input bytes go once decoded, with the same result as a thread that keeps them', () => {
    const one = page();
    const copies = Math.ceil(COLLECT_AFTER_BYTES / Buffer.byteLength(one)) + 1;
    const text = Array.from({ length: copies }, (_, k) => `${one}\n\nCopy ${k} ends here.\n\n`).join('');
    const item = (bytes: Uint8Array) => ({
      provenance: { ...provenance, sourceBytes: bytes.byteLength },
      bytes,
      site: '.',
    });
    const kept = new Uint8Array(Buffer.from(text, 'utf8'));
    const moved = new Uint8Array(Buffer.from(text, 'utf8'));
    expect(moved.byteLength).toBeGreaterThanOrEqual(COLLECT_AFTER_BYTES);
    const a = cleanItem(item(kept), config, new Set(), undefined, undefined, null, false);
    const b = cleanItem(item(moved), config, new Set(), undefined, undefined, null, true);
    expect(kept.byteLength).toBe(Buffer.byteLength(text));
    expect(moved.byteLength).toBe(0);
    expect(a.kind).toBe('document');
    if (a.kind !== 'document' || b.kind !== 'document') throw new Error('not cleaned');
    expect(b.sentenceCount).toBe(a.sentenceCount);
    expect(b.signature).toEqual(a.signature);
    expect(b.counts).toEqual(a.counts);
    expect(bytesOf(b.out).equals(bytesOf(a.out))).toBe(true);
    expect(bytesOf(a.out).byteLength).toBeGreaterThan(text.length);
  }, 60_000);
});
