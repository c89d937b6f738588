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
import { collectGarbage } from '../../pipeline/gc.js';
import { cleanToRecords } from '../../pipeline/records.js';
import type { Provenance } from '../../pipeline/schemas.js';
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
