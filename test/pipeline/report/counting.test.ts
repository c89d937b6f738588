/**
 * The first pass reads a JSON line as Latin-1 (source.ts forCounting) and decodes only the strings it keeps:
 * what it counts and samples must be exactly what the same records parsed as UTF-8 give, for non-ASCII text in
 * every field the pass reads, and for a line with a \u escape (read as UTF-8).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../../../pipeline/report/source.js';
import { asParsed, SummaryBuilder } from '../../../pipeline/report/summary.js';
import type { DocumentRecord } from '../../../pipeline/schemas.js';
import { tempDir } from '../../cli.js';
import { readDocuments, seedsOutput } from './fixtures.js';

/** A seed's record with non-ASCII in each string the first pass counts or shows. */
function accented(doc: DocumentRecord, i: number): DocumentRecord {
  return {
    ...doc,
    id: `${doc.id.slice(0, 12)}${i.toString(16).padStart(4, '0')}`,
    language: i % 2 ? 'fr' : 'dé',
    title: `Café “${i}” — naïve 😀 ${doc.title ?? ''}`,
    provenance: {
      ...doc.provenance,
      sourcePath: `été/${i}.txt`,
      record:
        i % 3 === 0
          ? null
          : {
              line: i,
              byteOffset: null,
              id: null,
              url: `https://exämple.org/ü${i}`,
              warcRecordId: null,
              warcDate: null,
            },
    },
    paragraphs: doc.paragraphs.map((p) => ({ ...p, text: `«${p.text}» ✓` })),
    removed: doc.removed.map((r, k) => ({
      ...r,
      rule: k % 2 ? r.rule : `${r.rule}-légende`,
      text: `${r.text} — ‘gelöscht’ 😀`,
    })),
    edits: doc.edits.map((e) => ({ ...e, before: `${e.before}é`, after: `${e.after}’😀` })),
    findings: doc.findings.map((f) => ({ ...f, text: `${f.text} ü`, message: `${f.message} “why”` })),
  };
}

describe('the first pass reading records as Latin-1', () => {
  let outDir = '';
  beforeAll(async () => {
    const docs = readDocuments(await seedsOutput());
    const records = docs.flatMap((doc, i) => [accented(doc, 2 * i), accented(doc, 2 * i + 1)]);
    // A control character and a lone surrogate are written as \u escapes: that line is read as UTF-8.
    const first = records[0]!;
    records.push({
      ...first,
      id: 'ffffffffffffffff',
      title: `bell \u0007 and a lone \ud800 surrogate, légende`,
      removed: first.removed.map((r) => ({ ...r, text: `${r.text} \u0001` })),
    });
    outDir = join(tempDir('newsclean-report-latin1-'), 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'documents.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  }, 60_000);

  it('counts and samples what the records parsed as UTF-8 give', async () => {
    const source = (await openSource(outDir))!;
    const parsed = new SummaryBuilder('seed', { documents: 3, examples: 5, rejected: 2 });
    const counted = new SummaryBuilder('seed', { documents: 3, examples: 5, rejected: 2 });
    const readings = { latin1: 0, utf8: 0 };
    for await (const row of source.documents()) {
      parsed.addDocument(row.record());
      const { record, decode } = row.forCounting();
      if (decode === asParsed) readings.utf8++;
      else readings.latin1++;
      counted.addDocument(record, decode);
    }
    // Both readings were used: every accented line as Latin-1, the escaped one as UTF-8.
    expect(readings.utf8).toBe(1);
    expect(readings.latin1).toBeGreaterThan(4);
    const expected = parsed.summary();
    expect(counted.summary()).toEqual(expected);
    // The comparison is not vacuous: decoded text reached the samples and the rule rows.
    expect(expected.rules.some((r) => r.rule.endsWith('-légende'))).toBe(true);
    expect(expected.samples.all!.items.some((d) => d.title?.startsWith('Café “'))).toBe(true);
    expect(expected.sites.some((s) => s.key === 'xn--exmple-cua.org')).toBe(true);
    const examples = Object.values(expected.ruleExamples).flatMap((s) => s.items);
    expect(examples.some((e) => e.text.includes('‘gelöscht’ 😀'))).toBe(true);
  }, 60_000);
});
