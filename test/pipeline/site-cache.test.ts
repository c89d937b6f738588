/**
 * The site pass's map step kept in the output (site-index.bin, pipeline/site-cache.ts): a re-run over
 * unchanged inputs takes their line keys from it instead of decoding and mapping them again, and must write
 * exactly what a full run writes; a changed input is mapped again, and only it; a file that is corrupted,
 * truncated or written for other settings is never trusted.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../temp.js';
import { datasetBytes, runCli, variant } from './corpus.js';

interface Report {
  incremental: { enabled: boolean; reused: number; cleaned: number };
  siteIndex: { sites: number; furnitureLines: number; pairs: number; filesReused: number; ms: number };
}

const INDEX = 'site-index.bin';
let dir: string;
let CONFIG = '';

function run(input: string, out: string, ...extra: string[]): Report {
  const r = runCli(['run', '--in', input, '--out', out, '--config', CONFIG, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Report;
}

/** What a run without any previous output writes for this input. */
function fresh(input: string, name: string): string {
  const out = join(dir, name);
  run(input, out, '--no-incremental');
  return out;
}

/** The output folders hold the same dataset files, manifest, schemas and site-index.bin, byte for byte. */
function expectSame(out: string, reference: string): void {
  const a = datasetBytes(reference);
  const b = datasetBytes(out);
  for (const name of Object.keys(a)) expect(b[name] === a[name], `${name} differs`).toBe(true);
  expect(readFileSync(join(out, INDEX)).equals(readFileSync(join(reference, INDEX)))).toBe(true);
}

/** Three sites' pages around their menus and footers, and a JSON Lines file of two hosts' records. */
function writeInput(input: string): void {
  for (let s = 0; s < 3; s++) {
    mkdirSync(join(input, `site-${s}`), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const page = [`Site ${s} News\nHome\nSport ${s}`, variant(10 * s + i), `© 2026 Site ${s} Media`];
      writeFileSync(join(input, `site-${s}`, `page-${i}.txt`), page.join('\n\n'));
    }
  }
  const records = Array.from({ length: 8 }, (_, i) => {
    const host = i % 2 ? 'a.example' : 'b.example';
    const text = [`${host} front page`, 'Contact us', variant(40 + i), `All content © ${host}`].join('\n\n');
    return JSON.stringify({ id: `r${i}`, url: `https://${host}/story/${i}`, text });
  });
  writeFileSync(join(input, 'feeds.jsonl'), `${records.join('\n')}\n`);
}
const FILES = 3 * 6 + 1;

function withoutHowItWasDone(report: Report): Omit<Report['siteIndex'], 'ms' | 'filesReused'> {
  const { ms: _m, filesReused: _f, ...rest } = report.siteIndex;
  return rest;
}

beforeAll(() => {
  dir = tempDir('newsclean-site-cache-');
  CONFIG = join(dir, 'config.json');
  // density's structural rules off, so the furniture reaches site-repeated (as in site-repeated.test.ts).
  const density = { disable: ['outside-article', 'not-prose', 'link-list'] };
  writeFileSync(CONFIG, JSON.stringify({ cleaning: { density } }));
});

describe('site-index.bin', () => {
  test('a re-run of an unchanged input maps no file again and writes what a full run writes', () => {
    const input = join(dir, 'same');
    writeInput(input);
    const out = fresh(input, 'same-out');
    const first = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Report;
    expect(first.siteIndex.filesReused).toBe(0);
    expect(first.siteIndex.furnitureLines).toBeGreaterThan(0);
    const reference = join(dir, 'same-reference');
    cpSync(out, reference, { recursive: true });
    const again = run(input, out);
    expect(again.siteIndex.filesReused).toBe(FILES);
    expect(again.incremental).toEqual({ enabled: true, reused: 26, cleaned: 0 });
    expect(withoutHowItWasDone(again)).toEqual(withoutHowItWasDone(first));
    expectSame(out, reference);
  });

  test('a changed, an added and a removed input: only the changed and added files are mapped again', () => {
    const input = join(dir, 'changed');
    writeInput(input);
    const out = fresh(input, 'changed-out');
    // The footer of one page of site 1 changes; a new page joins site 2; a page of site 0 goes.
    const page = join(input, 'site-1', 'page-3.txt');
    writeFileSync(page, readFileSync(page, 'utf8').replace('© 2026 Site 1 Media', 'Subscribe to Site 1'));
    writeFileSync(join(input, 'site-2', 'page-9.txt'), `Site 2 News\nHome\nSport 2\n\n${variant(77)}`);
    rmSync(join(input, 'site-0', 'page-2.txt'));
    const report = run(input, out);
    expect(report.siteIndex.filesReused).toBe(FILES - 2);
    expectSame(out, fresh(input, 'changed-reference'));
  });

  test('a duplicate whose first copy is gone is mapped again (it was skipped, not mapped, before)', () => {
    const input = join(dir, 'dup');
    writeInput(input);
    // The same bytes twice: site-2's copy comes later in input order and was skipped by the first run.
    cpSync(join(input, 'site-0', 'page-1.txt'), join(input, 'site-2', 'page-1-copy.txt'));
    const out = fresh(input, 'dup-out');
    rmSync(join(input, 'site-0', 'page-1.txt'));
    const report = run(input, out);
    // Every file but the copy (its block says "seen before", no longer true) and none removed.
    expect(report.siteIndex.filesReused).toBe(FILES - 1);
    expectSame(out, fresh(input, 'dup-reference'));
  });

  test('a corrupted, truncated, foreign or garbage site-index.bin is never trusted', () => {
    const input = join(dir, 'damaged');
    writeInput(input);
    const reference = fresh(input, 'damaged-reference');
    const original = readFileSync(join(reference, INDEX));
    const header = original.indexOf(0x0a);
    const firstBlock = original.indexOf(0x0a, header + 1);
    expect(firstBlock).toBeGreaterThan(header);

    const damaged = (name: string, bytes: Buffer): Report => {
      const out = join(dir, name);
      cpSync(reference, out, { recursive: true });
      writeFileSync(join(out, INDEX), bytes);
      const report = run(input, out);
      expectSame(out, reference);
      return report;
    };
    // One byte of the first file's line keys flipped: its block's digest fails, and nothing after it is used.
    const flipped = Buffer.from(original);
    flipped[firstBlock + 4] = flipped[firstBlock + 4]! ^ 0xff;
    expect(damaged('flipped', flipped).siteIndex.filesReused).toBe(0);
    // The file cut in the middle of a later block: the blocks before the cut are used, the rest mapped.
    const cut = original.subarray(0, Math.floor(original.length * 0.6));
    const partial = damaged('cut', Buffer.from(cut)).siteIndex.filesReused;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(FILES);
    // Written under another key (another code, or other settings): a header that differs by one digit.
    const foreign = Buffer.from(original);
    const at = foreign.indexOf('"key":"') + 7;
    foreign[at] = foreign[at] === 0x30 ? 0x31 : 0x30;
    expect(damaged('foreign', foreign).siteIndex.filesReused).toBe(0);
    expect(damaged('garbage', Buffer.from('not an index\n\u0000\u0001')).siteIndex.filesReused).toBe(0);
  });

  test('another line-length setting is another key: the previous file is not read', () => {
    const input = join(dir, 'settings');
    writeInput(input);
    const out = fresh(input, 'settings-out');
    const other = join(dir, 'other-config.json');
    const density = { disable: ['outside-article', 'not-prose', 'link-list'] };
    writeFileSync(other, JSON.stringify({ cleaning: { density, siteRepeated: { maxLineChars: 150 } } }));
    const r = runCli(['run', '--in', input, '--out', out, '--config', other, '--quiet']);
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Report;
    expect(report.siteIndex.filesReused).toBe(0);
  });
});
