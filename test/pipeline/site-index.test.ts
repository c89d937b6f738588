/**
 * The site pass (pipeline/site-index.ts) must not keep a document's text alive once it has counted its lines:
 * V8 holds the subject of a thread's last RegExp match (the legacy `RegExp.input`), and for a document of many
 * MB that is as much heap as the document, for the rest of the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, test } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import type { InputItem } from '../../pipeline/inputs.js';
import { readInputs } from '../../pipeline/inputs.js';
import { fileHash } from '../../pipeline/shard.js';
import { SiteCacheReader } from '../../pipeline/site-cache.js';
import { buildSiteIndex, KeptReads } from '../../pipeline/site-index.js';

const dir = mkdtempSync(join(tmpdir(), 'newsclean-site-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The legacy static that names the subject of this thread's last successful match. */
const lastSubject = (): string => (RegExp as unknown as { readonly input: string }).input;

test('after the site pass, the last document text is no longer the subject of the last RegExp match', async () => {
  const line = 'Prices rose again in the capital on Tuesday, officials said.\n';
  const text = `A headline\n\n${line.repeat(2000)}`;
  writeFileSync(join(dir, 'a.txt'), text);
  const config = parseConfig({});
  // The site pass runs regular expressions over each text (line keys); this one would otherwise stay held.
  const index = await buildSiteIndex(dir, ['a.txt'], config, join(dir, 'spill.tmp'));
  expect(index.stats.pairs).toBeGreaterThan(0);
  expect(lastSubject().length).toBeLessThan(line.length);
  // Control: the static does hold a long subject after a match on it, so the assertion above can fail.
  /Prices/.exec(text);
  expect(lastSubject().length).toBe(text.length);
});

describe('the inputs the site pass keeps for cleaning (KeptReads)', () => {
  const jsonl = (texts: readonly string[]) =>
    texts.map((text, i) => JSON.stringify({ id: `p${i}`, text })).join('\n');

  /** A folder of three inputs: a JSON Lines file of two pages (one bad line), a text file, a larger one. */
  function inputs(): { dir: string; files: string[] } {
    const at = mkdtempSync(join(dir, 'kept-'));
    writeFileSync(
      join(at, 'a.jsonl'),
      `${jsonl(['First page.\nShare this', 'Second page.\nShare this'])}\n{not json\n`,
    );
    writeFileSync(join(at, 'b.txt'), 'A text page.\nShare this\n');
    writeFileSync(join(at, 'c.txt'), `A long page.\n${'Words of a long page. '.repeat(200)}\n`);
    return { dir: at, files: ['a.jsonl', 'b.txt', 'c.txt'] };
  }

  const options = { maxBytes: 1 << 20, input: parseConfig({}).input };

  async function all(items: AsyncIterable<InputItem>): Promise<InputItem[]> {
    const out: InputItem[] = [];
    for await (const item of items) out.push(item);
    return out;
  }

  it('hands the run the same items, in the same order, as reading the inputs again', async () => {
    const { dir: at, files } = inputs();
    const kept = new KeptReads(1 << 20, new Set(files));
    await buildSiteIndex(at, files, parseConfig({}), join(at, 'spill.tmp'), null, kept);
    let keptRead = 0;
    let read = 0;
    const fromKept = await all(kept.inputs(at, files, { ...options, onRead: (n) => (keptRead += n) }));
    const again = await all(readInputs(at, files, { ...options, onRead: (n) => (read += n) }));
    expect(fromKept).toEqual(again);
    expect(fromKept.map((item) => item.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'malformed-record',
      'ok',
      'ok',
    ]);
    expect(keptRead).toBe(read);
  });

  it('keeps only wanted files, whole, while they fit; the others are read when the run asks', async () => {
    const { dir: at, files } = inputs();
    const small = Buffer.byteLength(
      'First page.\nShare thisSecond page.\nShare thisA text page.\nShare this\n',
    );
    // Room for a.jsonl and b.txt, not for c.txt; b.txt is not wanted (another shard's).
    const kept = new KeptReads(small + 10, new Set(['a.jsonl', 'c.txt']));
    await buildSiteIndex(at, files, parseConfig({}), join(at, 'spill.tmp'), null, kept);
    // Changed after the site pass: a kept file gives what the site pass read, the others what is there now.
    for (const file of files) writeFileSync(join(at, file), 'Changed.\n');
    const texts = (await all(kept.inputs(at, files, options))).map((item) =>
      item.bytes === null ? null : new TextDecoder().decode(item.bytes),
    );
    expect(texts).toEqual([
      'First page.\nShare this',
      'Second page.\nShare this',
      null,
      'Changed.\n',
      'Changed.\n',
    ]);
    // Each kept file is handed over once.
    expect((await all(kept.inputs(at, ['a.jsonl'], options))).length).toBe(1);
  });
});

describe("the site cache's file hashes, taken from the bytes the site pass reads", () => {
  it('equal fileHash() for every kind of input, a file read only in part too', async () => {
    const at = mkdtempSync(join(dir, 'hash-'));
    const page = (i: number) => `Page ${i}\nShare this\n${'A sentence of the page. '.repeat(20 + i)}\n`;
    writeFileSync(join(at, 'a.txt'), page(1));
    writeFileSync(
      join(at, 'b.jsonl'),
      `${JSON.stringify({ text: page(2) })}\n${JSON.stringify({ text: page(3) })}\n`,
    );
    writeFileSync(join(at, 'c.jsonl.gz'), gzipSync(`${JSON.stringify({ text: page(4) })}\n`));
    writeFileSync(join(at, 'd.html.gz'), gzipSync(`<html><body><p>${page(5)}</p></body></html>`));
    writeFileSync(join(at, 'e.txt'), 'x'.repeat(5000)); // over the limit below: rejected unread
    const files = ['a.txt', 'b.jsonl', 'c.jsonl.gz', 'd.html.gz', 'e.txt'];
    const config = parseConfig({ cleaning: { decode: { maxBytes: 4000 } } });
    const cache = { previous: null, next: join(at, 'site-index.bin'), key: 'test' };
    await buildSiteIndex(at, files, config, join(at, 'spill.tmp'), cache);
    const reader = SiteCacheReader.open(cache.next, cache.key);
    expect(reader).not.toBeNull();
    for (const file of files) {
      const digest = await fileHash(join(at, file));
      expect(reader?.take(file, digest.sha256, digest.bytes, new Set(files)), file).not.toBeNull();
    }
    reader?.close();
  });
});
