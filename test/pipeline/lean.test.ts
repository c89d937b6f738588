/**
 * --lean: sentences without provenance and paragraphs as offsets into the document text. Leaner by choice,
 * not by loss: the full records must be rebuilt exactly from the lean ones.
 */
import { cpSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type Json, readJsonl, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';

function run(input: string, out: string, ...extra: string[]) {
  const r = cli(['run', '--in', input, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { incremental: { reused: number } };
}

/** The full document back from a lean one: each paragraph's text is its slice of `text`, in code points. */
function fullDocument(lean: Json): Json {
  const text = Array.from(lean.text as string);
  const paragraphs = (lean.paragraphs as Json[]).map(({ textStart, textEnd, ...rest }) => ({
    ...rest,
    text: text.slice(textStart as number, textEnd as number).join(''),
  }));
  return { ...lean, paragraphs };
}

describe('--lean sentences,paragraphs', () => {
  const dir = tempDir();
  const full = join(dir, 'full');
  const lean = join(dir, 'lean');
  beforeAll(() => {
    run(RAW, full);
    run(RAW, lean, '--lean', 'sentences,paragraphs');
  });

  it('documents rebuild exactly to the full records, and are smaller', () => {
    const leanDocs = readJsonl(join(lean, 'documents.jsonl'));
    expect(leanDocs.map(fullDocument)).toEqual(readJsonl(join(full, 'documents.jsonl')));
    for (const document of leanDocs)
      for (const paragraph of document.paragraphs as Json[]) expect(paragraph).not.toHaveProperty('text');
    const size = (out: string) => readFileSync(join(out, 'documents.jsonl')).byteLength;
    expect(size(lean)).toBeLessThan(size(full) * 0.8);
  });

  it('sentences are the full ones without provenance, which their document holds', () => {
    const documents = new Map(readJsonl(join(full, 'documents.jsonl')).map((d) => [d.id, d.provenance]));
    const rebuilt = readJsonl(join(lean, 'sentences.jsonl')).map((s) => {
      expect(s).not.toHaveProperty('provenance');
      return { ...s, provenance: documents.get(s.docId) };
    });
    expect(rebuilt).toEqual(readJsonl(join(full, 'sentences.jsonl')));
    const header = readFileSync(join(lean, 'sentences.csv'), 'utf8').split('\r\n')[0];
    expect(header).toBe('doc_id,index,paragraph,raw_start,raw_end,text');
  });

  it('writes the lean schemas into schema/ and says so in the card', () => {
    const sentence = JSON.parse(readFileSync(join(lean, 'schema', 'sentence.schema.json'), 'utf8')) as {
      properties: Json;
    };
    expect(Object.keys(sentence.properties)).not.toContain('provenance');
    const document = readFileSync(join(lean, 'schema', 'document.schema.json'), 'utf8');
    expect(document).toContain('textStart');
    expect(readFileSync(join(lean, 'README.md'), 'utf8')).toContain('--lean sentences');
  });

  it('a re-run with other lean choices reuses nothing: the same file names hold other records', () => {
    const out = join(dir, 'switch');
    run(RAW, out);
    expect(run(RAW, out, '--lean', 'sentences,paragraphs').incremental.reused).toBe(0);
    for (const sentence of readJsonl(join(out, 'sentences.jsonl')))
      expect(sentence).not.toHaveProperty('provenance');
    expect(readFileSync(join(out, 'documents.jsonl'), 'utf8')).toBe(
      readFileSync(join(lean, 'documents.jsonl'), 'utf8'),
    );
    expect(run(RAW, out, '--lean', 'paragraphs').incremental.reused).toBe(0);
    expect(run(RAW, out).incremental.reused).toBe(0);
    expect(readFileSync(join(out, 'sentences.jsonl'), 'utf8')).toBe(
      readFileSync(join(full, 'sentences.jsonl'), 'utf8'),
    );
    expect(run(RAW, out).incremental.reused).toBe(5);
  });

  it('re-runs reuse lean output, re-stamping a moved document, and equal a fresh run', () => {
    const input = join(dir, 'in');
    cpSync(RAW, input, { recursive: true });
    const out = join(dir, 'again');
    run(input, out, '--lean', 'sentences,paragraphs');
    const first = readJsonl(join(out, 'documents.jsonl'))[0]!;
    const path = (first.provenance as Json).sourcePath as string;
    renameSync(join(input, path), join(input, `moved-${path}`));
    expect(run(input, out, '--lean', 'sentences,paragraphs').incremental.reused).toBe(5);
    const fresh = join(dir, 'fresh');
    run(input, fresh, '--lean', 'sentences,paragraphs');
    for (const name of ['documents.jsonl', 'sentences.jsonl', 'documents.csv', 'sentences.csv'])
      expect(readFileSync(join(out, name), 'utf8') === readFileSync(join(fresh, name), 'utf8'), name).toBe(
        true,
      );
  });
});
