/**
 * Metadata from markup in the records (issue 11, item 3): an HTML page's JSON-LD / Open Graph / <title>
 * values are preferred over the text heuristics and recorded with their sources in `markup`; a text dump's
 * record has no `markup` and is cleaned exactly as before, in every format.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean } from '../../pipeline/index.js';
import { jsonSchemas } from '../../pipeline/schemas.js';
import { MARKUP_SOURCES } from '../../stages/markup-metadata.js';
import { cli, readJsonl, tempDir } from '../cli.js';
import { RAW, seed } from '../helpers.js';

const SEED = '003_';

const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

/** A page whose markup and text disagree, so the test sees which one the record took. */
const PAGE = `<!doctype html><html lang="en-GB"><head>
<title>Bridge to close | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:title" content="Old bridge to close - Riverside Gazette">
<link rel="canonical" href="https://gazette.example/news/bridge">
${ld({
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  headline: 'Old bridge to close after cracks found',
  author: [
    { '@type': 'Person', name: 'Jane Doe' },
    { '@type': 'Person', name: 'John Roe' },
  ],
  datePublished: '2024-05-02T08:30:00+01:00',
  articleSection: 'Local news',
})}
</head><body><main><article>
<h1>Old bridge to close after cracks found</h1>
<p>By Someone Else</p>
<p>The town council voted on Tuesday to close the old bridge after engineers found cracks in two of its piers.</p>
<p>Pedestrians and cyclists may still cross on foot while the repairs are planned over the coming months.</p>
</article></main></body></html>`;

describe('metadata from markup in the records', () => {
  it('prefers the markup over the text heuristics and records every value with its source', () => {
    const record = clean(PAGE, { html: true, sourcePath: 'bridge.html' });
    if (!('id' in record)) throw new Error('rejected');
    expect(record.title).toBe('Old bridge to close after cracks found');
    expect(record.byline).toBe('Jane Doe, John Roe');
    expect(record.published).toBe('2024-05-02T08:30:00+01:00');
    expect(record.section).toBe('Local news');
    // The detected language stays the recorded one; the page's declaration sits beside it.
    expect(record.language).toBe('en');
    expect(record.markup).toEqual({
      title: { value: 'Old bridge to close after cracks found', source: 'json-ld' },
      byline: { value: 'Jane Doe, John Roe', source: 'json-ld' },
      authors: { value: ['Jane Doe', 'John Roe'], source: 'json-ld' },
      published: { value: '2024-05-02T08:30:00+01:00', source: 'json-ld' },
      modified: null,
      section: { value: 'Local news', source: 'json-ld' },
      language: { value: 'en', source: 'html-lang' },
      canonicalUrl: { value: 'https://gazette.example/news/bridge', source: 'link' },
      siteName: { value: 'Riverside Gazette', source: 'og' },
    });
    // Key order: markup right after credits, before the text.
    const keys = Object.keys(record);
    expect(keys.indexOf('markup')).toBe(keys.indexOf('credits') + 1);
  });

  it('keeps the text heuristics where the markup has nothing', () => {
    const page =
      '<html><body><h1>A headline from the text</h1><p>By Jane Doe</p><p>One paragraph of the article, long enough to be kept as the body of this page.</p></body></html>';
    const record = clean(page, { html: true });
    if (!('id' in record)) throw new Error('rejected');
    expect(record.title).toBe('A headline from the text');
    expect(record.byline).toBe('Jane Doe');
    expect(record.markup).toMatchObject({ title: null, byline: null, published: null });
  });

  it('gives a text dump no markup field', () => {
    const record = clean(seed(SEED));
    expect('markup' in record).toBe(false);
  });

  it("names the stage's sources, and only those, in the document record's JSON Schema", () => {
    type Sourced = { anyOf: { properties: { source: { enum: string[] } } }[] };
    type Document = { properties: { markup: { properties: Record<string, Sourced> } } };
    const document = JSON.parse(jsonSchemas()['document.schema.json']!) as Document;
    const fields = Object.entries(document.properties.markup.properties);
    expect(fields.map(([field]) => field)).toContain('title');
    for (const [field, schema] of fields)
      expect(schema.anyOf[0]!.properties.source.enum, field).toEqual([...MARKUP_SOURCES]);
  });

  it('writes markup to JSON Lines and Parquet (read back by check mode), never to text records', () => {
    const dir = tempDir('newsclean-markup-');
    const input = join(dir, 'in');
    mkdirSync(input);
    writeFileSync(join(input, 'bridge.html'), PAGE);
    const seedName = '003_50f3dc58f48f5c21.txt';
    cpSync(join(RAW, seedName), join(input, seedName));
    const out = join(dir, 'out');
    const r = cli(['run', '--in', input, '--out', out, '--quiet', '--formats', 'jsonl,parquet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = readJsonl(join(out, 'documents.jsonl'));
    const html = docs.find((d) => (d.provenance as { sourcePath: string }).sourcePath === 'bridge.html')!;
    const text = docs.find((d) => (d.provenance as { sourcePath: string }).sourcePath === seedName)!;
    expect((html.markup as { title: { source: string } }).title.source).toBe('json-ld');
    expect('markup' in text).toBe(false);
    const check = cli(['check', '--golden', out, '--in', input, '--formats', 'parquet']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
