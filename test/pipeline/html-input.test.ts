/**
 * HTML input through a whole run (issue 11): `.html` and `.htm` files are cleaned from their text view, their
 * paragraphs and removals point into the HTML as well, binary bytes are rejected as for text, and text input
 * next to them is cleaned exactly as before.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { clean } from '../../pipeline/index.js';
import type { DocumentRecord } from '../../pipeline/schemas.js';
import { htmlTextView } from '../../stages/html.js';
import { cli, readJsonl, tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'html', 'bridge.html');
const SEED = '000_8fb8cfed5590595c.txt';

/** Python's str slicing: code points, not UTF-16 units. */
const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

function runFolder(concurrency: string): { out: string; docs: DocumentRecord[] } {
  const dir = tempDir('newsclean-html-');
  const input = join(dir, 'in');
  mkdirSync(input);
  cpSync(FIXTURE, join(input, 'bridge.html'));
  writeFileSync(
    join(input, 'short.htm'),
    '<h1>A short page</h1><p>A page of one paragraph that says very little at all.</p>',
  );
  writeFileSync(
    join(input, 'binary.html'),
    Buffer.from([0x3c, 0x70, 0x3e, 0, 1, 2, 3, 0, 0, 0xff, 0x00, 0x10]),
  );
  cpSync(join(RAW, SEED), join(input, SEED));
  const out = join(dir, 'out');
  const r = cli(['run', '--in', input, '--out', out, '--quiet', '--concurrency', concurrency]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { out, docs: readJsonl(join(out, 'documents.jsonl')) as unknown as DocumentRecord[] };
}

describe('HTML input (.html, .htm)', () => {
  test('cleans pages from their text view, with HTML offsets; binary .html is rejected; text input unchanged', () => {
    const { out, docs } = runFolder('2');
    const html = readFileSync(FIXTURE, 'utf8');
    const view = htmlTextView(html).text;
    const bridge = docs.find((d) => d.provenance.sourcePath === 'bridge.html')!;
    expect(bridge.title).toBe('Old bridge to close after cracks found');
    // Decoded as a page (stages/decode-html.ts): its <meta charset> decided the encoding.
    expect(bridge.decoding).toMatchObject({ encoding: 'utf-8', encodingSource: 'meta' });
    expect(bridge.text).toContain('The town council voted on Tuesday');
    expect(bridge.text).toContain('Pedestrians and cyclists may still cross on foot.');
    for (const gone of [
      'Weather',
      'We use cookies',
      'Most read',
      'About time they fixed it',
      'All rights reserved',
    ])
      expect(bridge.text).not.toContain(gone);
    // rawStart/rawEnd count in the text view; htmlStart/htmlEnd in the HTML, both in code points (the page
    // holds an emoji before later paragraphs, so UTF-16 offsets would be off by one).
    for (const p of bridge.paragraphs) {
      expect(slice(view, p.rawStart, p.rawEnd)).toBe(p.text);
      const source = slice(html, p.htmlStart!, p.htmlEnd!);
      expect(htmlTextView(source).text.replace(/\s+/g, ' ')).toContain(p.text.replace(/\s+/g, ' '));
    }
    for (const r of bridge.removed) {
      expect(slice(view, r.rawStart, r.rawEnd)).toBe(r.text);
      expect(htmlTextView(slice(html, r.htmlStart!, r.htmlEnd!)).text).toContain(r.text);
    }
    expect(bridge.removed.map((r) => `${r.stage}/${r.rule}`)).toEqual(
      expect.arrayContaining([
        'markup/nav',
        'markup/hidden',
        'markup/comments-container',
        'markup/page-furniture',
      ]),
    );
    expect(docs.find((d) => d.provenance.sourcePath === 'short.htm')!.text).toBe(
      'A page of one paragraph that says very little at all.',
    );
    const rejected = readJsonl(join(out, 'rejected.jsonl'));
    expect(rejected.map((r) => [r.sourcePath, r.code])).toEqual([['binary.html', 'binary']]);
    // The text dump is cleaned as ever: no HTML fields anywhere in its record.
    const seed = docs.find((d) => d.provenance.sourcePath === SEED)!;
    expect(JSON.stringify(seed)).not.toContain('"htmlStart"');
    const [alone] = readJsonl(join(runSeedAlone(), 'documents.jsonl'));
    expect({ ...seed, provenance: null }).toEqual({ ...alone, provenance: null });
  });

  test('gives byte-identical files at any concurrency, and clean() gives the run’s record', () => {
    const one = runFolder('1');
    const two = runFolder('2');
    for (const file of ['documents.jsonl', 'documents.csv', 'sentences.jsonl', 'rejected.jsonl'])
      expect(readFileSync(join(one.out, file), 'utf8')).toBe(readFileSync(join(two.out, file), 'utf8'));
    const record = clean(readFileSync(FIXTURE), { html: true, sourcePath: 'bridge.html' });
    const fromRun = one.docs.find((d) => d.provenance.sourcePath === 'bridge.html')!;
    expect({ ...record, provenance: null }).toEqual({
      ...fromRun,
      provenance: null,
    });
  });
});

function runSeedAlone(): string {
  const dir = tempDir('newsclean-html-seed-');
  mkdirSync(join(dir, 'in'));
  cpSync(join(RAW, SEED), join(dir, 'in', SEED));
  const out = join(dir, 'out');
  expect(cli(['run', '--in', join(dir, 'in'), '--out', out, '--quiet']).status).toBe(0);
  return out;
}
