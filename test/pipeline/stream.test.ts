/**
 * cleanStream() over a bench-shaped corpus (bench/corpus.ts: JSON Lines shards of varied pages, one site) gives
 * the records `newsclean run` writes, in the same order, site furniture included; and it reads its source
 * only as far ahead as its concurrency allows, however long the stream. Runs the built package (dist/), whose
 * worker threads load compiled code.
 *
 * The corpus is built from the seed pages in raw/ only, each wrapped in the same synthetic site furniture (a
 * section menu under the title, a footer), so the corpus stage has lines to learn whether or not the eval
 * pages (../shared/eval) sit beside the checkout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import type * as Library from '../../pipeline/index.js';
import { cli, tempDir } from '../cli.js';
import { ROOT } from '../helpers.js';

/** Lines every page of the synthetic site carries: short, no sentence end, so they read as furniture. */
const MENU = 'World · Business · Markets · Sport · Culture · Opinion';
const FOOTER = ['About Bench Example News · Contact · Careers', 'Terms of use · Privacy settings · Cookies'];

/** The seed pages in raw/: the same corpus in every checkout. */
function seedPages(): string[] {
  const raw = join(ROOT, 'raw');
  return readdirSync(raw)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(join(raw, name), 'utf8'));
}

/**
 * A seed page as the site would serve it: the menu under the lead paragraph, the footer lines mid-article
 * (at the very top or bottom, metadata and the boilerplate rules would take them before the corpus stage).
 */
function withFurniture(page: string): string {
  const [title = '', lead = '', ...rest] = page.split(/\n\s*\n/);
  const middle = Math.ceil(rest.length / 2);
  return [title, lead, MENU, ...rest.slice(0, middle), ...FOOTER, ...rest.slice(middle)].join('\n\n');
}

let api: typeof Library;
let corpus: string;
let out: string;
/** Input records of the corpus, as writeCorpus counted them. */
let docs: number;

beforeAll(async () => {
  api = (await import(pathToFileURL(join(ROOT, 'dist', 'pipeline', 'index.js')).href)) as typeof Library;
  const dir = tempDir();
  corpus = join(dir, 'corpus');
  out = join(dir, 'out');
  docs = writeCorpus(corpus, seedPages().map(withFurniture), 1.5).docs;
  const result = cli(['run', '--in', corpus, '--out', out, '--quiet', '--concurrency', '2']);
  if (result.status !== 0) throw new Error(`newsclean run exited ${result.status}: ${result.stderr}`);
}, 240_000);

const jsonl = (file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.stringify(JSON.parse(line)));

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('cleanStream', () => {
  it('gives the records of newsclean run over the bench corpus, in the same order', async () => {
    const furniture = await api.learnSiteFurniture(api.readFolder(corpus));
    expect(furniture.lineCount('bench.example')).toBeGreaterThan(0);
    const records = await collect(
      api.cleanStream(api.readFolder(corpus), { siteFurniture: furniture, concurrency: 2 }),
    );
    const documents = records.filter((r) => !api.isRejected(r) && !api.isDuplicate(r));
    const expected = jsonl('documents.jsonl');
    // Every input is in one of the three files; here, all of them cleaned (varied pages: no duplicate).
    expect(records).toHaveLength(docs);
    expect(expected).toHaveLength(docs);
    expect(documents.map((r) => JSON.stringify(r))).toEqual(expected);
    expect(records.filter((r) => api.isRejected(r)).map((r) => JSON.stringify(r))).toEqual(
      jsonl('rejected.jsonl'),
    );
    expect(records.filter((r) => api.isDuplicate(r)).map((r) => JSON.stringify(r))).toEqual(
      jsonl('duplicates.jsonl'),
    );
    // The comparison covers the corpus stage: the run removed site furniture, and so did the stream.
    const siteRepeated = new Set(
      documents.flatMap((r) =>
        'removed' in r ? r.removed.filter((e) => e.rule === 'site-repeated').map((e) => e.text) : [],
      ),
    );
    // Other stages take some copies first (a menu read as standfirst, a footer as not-prose): what the corpus
    // stage removed is furniture, the menu at least, and nothing else.
    expect(siteRepeated).toContain(MENU);
    for (const text of siteRepeated) expect([MENU, ...FOOTER]).toContain(text);
  });

  it('without the furniture, removes no site-repeated line: a stream alone knows no corpus', async () => {
    const records = await collect(api.cleanStream(api.readFolder(corpus), { concurrency: 1 }));
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    expect(text).not.toContain('"rule":"site-repeated"');
    expect(records.length).toBe(
      jsonl('documents.jsonl').length + jsonl('rejected.jsonl').length + jsonl('duplicates.jsonl').length,
    );
  });

  it('reads ahead at most 2 × concurrency batches, however long the stream and slow the consumer', async () => {
    let pulled = 0;
    let consumed = 0;
    let ahead = 0;
    const page = readFileSync(join(ROOT, 'raw', readdirFirst()), 'utf8');
    function* source(): Generator<Library.InputRecord> {
      for (let i = 0; i < 600; i++) {
        pulled++;
        ahead = Math.max(ahead, pulled - consumed);
        yield { input: `${page}\n\nUpdate ${i}: the count went on.`, sourcePath: `doc-${i}.txt` };
      }
    }
    const concurrency = 2;
    const batchSize = 8;
    for await (const record of api.cleanStream(source(), { concurrency, batchSize })) {
      expect(api.isRejected(record)).toBe(false);
      consumed++;
    }
    expect(consumed).toBe(600);
    // Batches in flight plus the one being read: the bound holds for 600 as for 60 documents.
    expect(ahead).toBeLessThanOrEqual((2 * concurrency + 1) * batchSize);
  });

  it('keeps the order of the input, duplicates and rejections in their places', async () => {
    const page = readFileSync(join(ROOT, 'raw', readdirFirst()), 'utf8');
    const inputs: Library.InputRecord[] = [
      { input: page, sourcePath: 'a.txt' },
      { input: '', sourcePath: 'empty.txt' },
      { input: page, sourcePath: 'copy.txt' },
      {
        input: null,
        sourcePath: 'gone.txt',
        error: { code: 'unreadable', reason: 'cannot read file (EACCES)' },
      },
      { input: `${page}\n\nOne more line that makes it another document.`, sourcePath: 'b.txt' },
    ];
    const records = await collect(api.cleanStream(inputs, { concurrency: 1, batchSize: 2 }));
    expect(
      records.map((r) => (api.isDuplicate(r) ? 'duplicate' : api.isRejected(r) ? r.code : 'document')),
    ).toEqual(['document', 'empty', 'duplicate', 'unreadable', 'document']);
    expect(records.map((r) => ('provenance' in r ? r.provenance.sourcePath : r.sourcePath))).toEqual(
      inputs.map((input) => input.sourcePath),
    );
    expect(records[0]).toEqual(api.clean(page, { sourcePath: 'a.txt' }));
  });

  it('stops reading the source when the consumer stops', async () => {
    let pulled = 0;
    const page = readFileSync(join(ROOT, 'raw', readdirFirst()), 'utf8');
    async function* source(): AsyncGenerator<Library.InputRecord> {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield { input: `${page}\n\nItem ${i} of the feed.`, sourcePath: `${i}.txt` };
      }
    }
    for await (const record of api.cleanStream(source(), { concurrency: 1, batchSize: 4 })) {
      expect(api.isRejected(record)).toBe(false);
      break;
    }
    expect(pulled).toBeLessThanOrEqual(3 * 4);
  });
});

function readdirFirst(): string {
  return '000_8fb8cfed5590595c.txt';
}
