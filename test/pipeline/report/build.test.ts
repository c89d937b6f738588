/**
 * The report builder on real output (the seeds) and on a synthetic batch: what it counts agrees with the run's
 * own tally, the same folder gives the same bytes, compressed outputs give the same report, every link leads
 * somewhere, nothing is fetched from elsewhere, and a large batch gets sampled pages instead of one per document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../pipeline/report/build.js';
import { cli, tempDir } from '../../cli.js';
import { RAW } from '../../helpers.js';
import { filesUnder, seedsOutput, syntheticOutput } from './fixtures.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

/** Every href of every page must name an existing file, and an existing id when it has a #fragment. */
function deadLinks(reportDir: string): string[] {
  const dead: string[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    let set = ids.get(file);
    if (!set) {
      set = new Set([...read(reportDir, file).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
      ids.set(file, set);
    }
    return set;
  };
  for (const file of filesUnder(reportDir).filter((f) => f.endsWith('.html'))) {
    for (const [, href] of read(reportDir, file).matchAll(/\shref="([^"]*)"/g)) {
      const [path, fragment] = href!.split('#');
      const target = path === '' ? file : join(dirname(file), path!).split('\\').join('/');
      const absolute = resolve(reportDir, target);
      if (!absolute.startsWith(resolve(reportDir)) || !existsSync(absolute)) dead.push(`${file}: ${href}`);
      else if (fragment && target.endsWith('.html') && !idsOf(target).has(fragment))
        dead.push(`${file}: ${href} (no id ${fragment})`);
    }
  }
  return dead;
}

/** Anything that would make a browser fetch from elsewhere: scripts, images, styles or fonts not in the folder. */
function externalReferences(reportDir: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(reportDir)) {
    const text = read(reportDir, file);
    for (const m of text.matchAll(/\s(?:src|href|action|srcset|poster|data)="([^"]*)"/g))
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[1]!)) found.push(`${file}: ${m[0].trim()}`);
    for (const m of text.matchAll(/url\(([^)#][^)]*)\)|@import/g)) found.push(`${file}: ${m[0]}`);
  }
  return found;
}

describe('report of the seeds', () => {
  let out = '';
  beforeAll(async () => {
    out = await seedsOutput();
    await buildReport({ outDir: out });
  });

  it('counts what run.json counted, rule by rule', () => {
    const run = JSON.parse(read(out, 'run.json')) as { counts: Record<string, number> };
    const index = read(join(out, 'report'), 'index.html');
    // Each rule row: the rule's link, its stage, documents, lines removed, chars removed, edits, findings.
    const rows = [
      ...index.matchAll(/<tr><th scope="row"><a href="rules\/([^"]+)\.html">[^<]+<\/a><\/th>(.*?)<\/tr>/g),
    ];
    expect(rows.length).toBeGreaterThan(10);
    for (const [, key, cells] of rows) {
      const numbers = [...cells!.matchAll(/<td class="n">(?:<a [^>]*>)?([\d,]+)/g)].map((m) =>
        Number(m[1]!.replaceAll(',', '')),
      );
      const [, lines, , edits, findings] = numbers;
      const [stage, ...rule] = key!.split('.');
      expect((lines ?? 0) + (edits ?? 0), key).toBe(run.counts[key!] ?? 0);
      expect(findings, key).toBe(run.counts[`${stage}.finding.${rule.join('.')}`] ?? 0);
    }
  });

  it('writes the same bytes when built again', async () => {
    const again = join(tempDir(), 'report');
    await buildReport({ outDir: out, reportDir: again });
    const files = filesUnder(join(out, 'report'));
    expect(filesUnder(again)).toEqual(files);
    for (const file of files) expect(read(again, file), file).toBe(read(join(out, 'report'), file));
  });

  it('has a page for every document, rule and list it links to, and fetches nothing from elsewhere', () => {
    const report = join(out, 'report');
    const files = filesUnder(report);
    expect(files.filter((f) => f.startsWith('docs/'))).toHaveLength(5);
    expect(files).toContain('rules/boilerplate.comment-prompt.html');
    expect(deadLinks(report)).toEqual([]);
    expect(externalReferences(report)).toEqual([]);
    expect(files.some((f) => f.endsWith('.js'))).toBe(false);
  });

  it("strikes seed 004's 'Leave A Reply' with its rule, and shows 'AAt least' → 'At least'", () => {
    const html = read(join(out, 'report'), 'docs/74b5994c8a505e26.html');
    expect(html).toMatch(
      /<p id="r\d+" class="removed[^"]*">.*?<s>Leave A Reply<\/s><a class="label" href="..\/rules\/boilerplate.comment-prompt.html"[^>]*>comment-prompt<\/a>/,
    );
    expect(html).toMatch(/AAt least [^<]*<\/span> → <span class="mono">[^<]*At least/);
    expect(html).toContain('004_213902cbc18ef981.txt');
  });

  it('gives the same overview and rule pages from gzip and zstd outputs', async () => {
    for (const compress of ['gzip', 'zstd'] as const) {
      const other = await seedsOutput({ output: { formats: ['jsonl'], compress, lean: [] } });
      await buildReport({ outDir: other });
      for (const file of [
        'index.html',
        'rules/fix.doubled-capital.html',
        'rules/boilerplate.comment-prompt.html',
      ])
        expect(withoutRunFacts(read(join(other, 'report'), file)), `${compress} ${file}`).toBe(
          withoutRunFacts(read(join(out, 'report'), file)),
        );
      expect(read(join(other, 'report'), 'docs/74b5994c8a505e26.html')).toContain(
        compress === 'gzip' ? 'documents.jsonl.gz' : 'documents.jsonl.zst',
      );
    }
  });

  it('reports an output written as Parquet alone, full or lean, as it reports the JSON Lines', async () => {
    const jsonl = join(out, 'report');
    for (const lean of [[], ['sentences', 'paragraphs']] as const) {
      // Several row groups, so the reader goes from one to the next mid-pass.
      const other = await seedsOutput({
        output: { formats: ['parquet'], compress: 'zstd', lean, rowGroupBytes: 20_000 },
      });
      expect(existsSync(join(other, 'documents.jsonl'))).toBe(false);
      await buildReport({ outDir: other });
      const report = join(other, 'report');
      expect(filesUnder(report)).toEqual(filesUnder(jsonl));
      for (const file of filesUnder(jsonl).filter((f) => f.endsWith('.html'))) {
        const expected = read(jsonl, file).replace(
          /line (\d+) of <code>documents\.jsonl</g,
          'row $1 of <code>documents.parquet<',
        );
        expect(withoutRunFacts(read(report, file)), `${lean.join(',')} ${file}`).toBe(
          withoutRunFacts(expected),
        );
      }
      // The sentence boundaries come from sentences.parquet.
      expect(read(report, 'docs/74b5994c8a505e26.html')).toMatch(
        /<span class="sb" title="sentence 1 starts">/,
      );
    }
  });
});

/** The run's facts (times, memory, threads) differ between two runs of the same input; the counts must not. */
function withoutRunFacts(html: string): string {
  return html.replace(/<h2 id="run">[\s\S]*?<h2 id="charts">/, '');
}

describe('report of a large batch', () => {
  it('samples documents instead of writing a page for each, and every link still leads somewhere', async () => {
    const seeds = await seedsOutput();
    const big = syntheticOutput(seeds, 3000);
    const result = await buildReport({ outDir: big, maxDocumentPages: 100 });
    expect(result.documents).toBe(3000);
    const docs = filesUnder(join(big, 'report')).filter((f) => f.startsWith('docs/'));
    expect(docs.length).toBe(result.documentPages);
    // Pages exactly for the documents the sampled lists and rule views link to: far fewer than the batch.
    const linked = new Set<string>();
    for (const file of filesUnder(join(big, 'report')).filter((f) => !f.startsWith('docs/')))
      for (const m of read(join(big, 'report'), file).matchAll(/href="\.\.\/(docs\/[0-9a-f]+\.html)/g))
        linked.add(m[1]!);
    expect(docs).toEqual([...linked].sort());
    expect(docs.length).toBeLessThan(1000);
    expect(deadLinks(join(big, 'report'))).toEqual([]);
    const list = read(join(big, 'report'), 'lists/documents-1.html');
    expect(list).toMatch(/25 of 3,000 documents, a seeded sample/);
    const rule = read(join(big, 'report'), 'rules/boilerplate.related-list.html');
    // Seeds 003 and 000 hold 34 and 1 related-list lines: 600 copies of each, 21,000. 40 shown, ≤ 3 a document.
    expect(rule).toMatch(/40 of 21,000 entries, a seeded sample/);
    const perDocument = new Map<string, number>();
    for (const m of rule.matchAll(/<li><a href="..\/docs\/([0-9a-f]+)\.html#/g))
      perDocument.set(m[1]!, (perDocument.get(m[1]!) ?? 0) + 1);
    expect(Math.max(...perDocument.values())).toBeLessThanOrEqual(3);
    expect(perDocument.size).toBeGreaterThanOrEqual(14);
    const again = join(tempDir(), 'report');
    await buildReport({ outDir: big, reportDir: again, maxDocumentPages: 100 });
    expect(read(again, 'rules/boilerplate.related-list.html')).toBe(rule);
    const other = join(tempDir(), 'report');
    await buildReport({ outDir: big, reportDir: other, maxDocumentPages: 100, seed: 'another' });
    expect(read(other, 'rules/boilerplate.related-list.html')).not.toBe(rule);
  });
});

describe('newsclean report and run --report', () => {
  it('builds OUT/report from the command line, and refuses a folder without documents', () => {
    const out = join(tempDir(), 'out');
    const ran = cli(['run', '--in', RAW, '--out', out, '--quiet', '--report']);
    expect(ran.status, ran.stderr).toBe(0);
    expect(existsSync(join(out, 'report', 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'report', 'docs', '74b5994c8a505e26.html'))).toBe(true);
    const again = cli(['report', '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/report of 5 documents \(5 document pages\).*report\/index\.html/);
    const empty = tempDir();
    const refused = cli(['report', '--out', empty]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/no documents file/);
    // CSV alone cannot be reported on: the message says which formats to ask for.
    const csv = join(tempDir(), 'out');
    expect(cli(['run', '--in', RAW, '--out', csv, '--quiet', '--formats', 'csv']).status).toBe(0);
    const csvRefused = cli(['report', '--out', csv]);
    expect(csvRefused.status).toBe(2);
    expect(csvRefused.stderr).toMatch(
      /documents\.jsonl.*documents\.parquet.*--formats including jsonl or parquet/s,
    );
  });
});
