/**
 * Builds OUT/report/ from the dataset files of an output folder, in two streamed passes over its documents
 * (documents.jsonl, or documents.parquet: source.ts):
 * the first counts and draws the seeded samples (summary.ts), the second writes a page for each document that
 * a sample or list links to (every document when there are at most `maxDocumentPages`), reading
 * sentences.jsonl alongside for the sentence boundaries. Memory holds one document, the counts and the samples,
 * never the corpus. The same output folder gives the same bytes.
 *
 * The report is written into a temporary folder beside OUT/report and renamed into place when complete.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RejectedRecord } from '../schemas.js';
import { siteOf } from '../site-index.js';
import { DEFAULT_MAX_DOCUMENT_PAGES, DEFAULT_SEED, ReportError } from './defaults.js';
import { documentFile, documentPagePieces, ruleFile } from './document-page.js';
import { page, STYLE, utf8 } from './html.js';
import { findDataFile, readLines } from './lines.js';
import { documentsPage, listFile, rejectedFile, rejectedPage, rulePage, samplePage } from './list-pages.js';
import type { RunFacts } from './overview.js';
import { OVERVIEW_SITES, overviewPage } from './overview.js';
import { openSource } from './source.js';
import type { DocumentSummary, SampleSizes } from './summary.js';
import { DEFAULT_SAMPLE_SIZES, documentSummary, keptLabel, lengthLabel, SummaryBuilder } from './summary.js';

export interface ReportOptions {
  /** The output folder of a run (holding documents.jsonl). */
  readonly outDir: string;
  /** Where to write the report (default OUT/report). */
  readonly reportDir?: string;
  /** Seed of the samples (default `newsclean-report`): another seed draws other examples. */
  readonly seed?: string;
  /** Every document gets a page up to this many documents; past it only the sampled ones (default 1000). */
  readonly maxDocumentPages?: number;
  readonly sizes?: SampleSizes;
}

export interface ReportResult {
  readonly dir: string;
  readonly documents: number;
  readonly documentPages: number;
  readonly files: number;
  readonly ms: number;
}

export { DEFAULT_MAX_DOCUMENT_PAGES, DEFAULT_SEED, ReportError } from './defaults.js';

/** Rows per page of the full document list. */
const LIST_PAGE_ROWS = 500;
/** Page files being written at once. */
const WRITES_IN_FLIGHT = 16;

async function readRunFacts(outDir: string): Promise<RunFacts | null> {
  try {
    return JSON.parse(await readFile(join(outDir, 'run.json'), 'utf8')) as RunFacts;
  } catch {
    return null;
  }
}

export async function buildReport(options: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const maxPages = options.maxDocumentPages ?? DEFAULT_MAX_DOCUMENT_PAGES;
  const reportDir = options.reportDir ?? join(options.outDir, 'report');
  const source = await openSource(options.outDir);
  if (source === null)
    throw new ReportError(
      `no documents file in ${options.outDir} (documents.jsonl, .jsonl.gz, .jsonl.zst or documents.parquet): the report is built from the run's documents (run with --formats including jsonl or parquet)`,
    );

  // Pass 1: counts and samples.
  const builder = new SummaryBuilder(seed, options.sizes ?? DEFAULT_SAMPLE_SIZES);
  for await (const row of source.documents()) {
    const { record, decode } = row.forCounting();
    builder.addDocument(record, decode);
  }
  const rejectedPath = await findDataFile(options.outDir, 'rejected.jsonl');
  if (rejectedPath !== null) {
    let n = 0;
    for await (const line of readLines(rejectedPath))
      builder.addRejected(JSON.parse(line) as RejectedRecord, ++n);
  }
  const summary = builder.summary();
  const run = await readRunFacts(options.outDir);

  // The lists the overview links to; their documents (or all, when few) get pages.
  const shownSites = new Set(summary.sites.slice(0, OVERVIEW_SITES).map((s) => `site:${s.key}`));
  const listKeys = Object.keys(summary.samples).filter(
    (key) => key !== 'all' && !key.startsWith('rule:') && (!key.startsWith('site:') || shownSites.has(key)),
  );
  const everyDocument = summary.documents <= maxPages;
  const paged = new Set<string>();
  if (!everyDocument) {
    for (const key of [...listKeys, 'all', ...summary.rules.map((r) => `rule:${r.key}`)])
      for (const doc of summary.samples[key]?.items ?? []) paged.add(doc.id);
    for (const examples of Object.values(summary.ruleExamples))
      for (const ex of examples.items) paged.add(ex.docId);
  }
  const hasPage = (id: string) => everyDocument || paged.has(id);

  const staging = join(dirname(reportDir), `.${basename(reportDir)}.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'docs'), { recursive: true });
  await mkdir(join(staging, 'rules'), { recursive: true });
  await mkdir(join(staging, 'lists'), { recursive: true });
  let files = 0;
  // Pages are written WRITES_IN_FLIGHT at a time, so the next page is built while the last ones reach the disk.
  // A file named twice (a repeated id) waits for its first write: the last one wins, as written in order.
  const pending = new Map<string, Promise<void>>();
  let failure: { error: unknown } | null = null;
  const write = async (file: string, text: string | Buffer) => {
    const earlier = pending.get(file);
    if (earlier) await earlier;
    const done: Promise<void> = writeFile(join(staging, file), text).then(
      () => {
        if (pending.get(file) === done) pending.delete(file);
      },
      (error: unknown) => {
        if (pending.get(file) === done) pending.delete(file);
        failure ??= { error };
      },
    );
    pending.set(file, done);
    files++;
    if (pending.size >= WRITES_IN_FLIGHT) await Promise.race(pending.values());
    if (failure) throw failure.error;
  };
  const written = async () => {
    await Promise.all(pending.values());
    if (failure) throw failure.error;
  };
  try {
    await write('style.css', STYLE);
    await write(
      'index.html',
      page({ title: 'newsclean report', depth: 0, body: overviewPage(summary, run) }),
    );
    for (const row of summary.rules)
      await write(
        ruleFile(row.stage, row.rule),
        rulePage(
          row,
          summary.ruleExamples[row.key] ?? { total: 0, items: [] },
          summary.samples[`rule:${row.key}`] ?? { total: 0, items: [] },
          hasPage,
          seed,
        ),
      );
    for (const key of listKeys)
      await write(listFile(key), samplePage(listTitle(key), summary.samples[key]!, hasPage, seed));
    for (const [code, sample] of Object.entries(summary.rejectedExamples))
      await write(rejectedFile(code), rejectedPage(code, sample, seed));
    if (!everyDocument)
      await write(
        'lists/documents-1.html',
        samplePage('Documents', summary.samples.all ?? { total: 0, items: [] }, hasPage, seed),
      );

    // Pass 2: the document pages, with their sentences; and the full list when every document has a page.
    const cursor = await source.sentences();
    const listPages = Math.max(1, Math.ceil(summary.documents / LIST_PAGE_ROWS));
    let rows: DocumentSummary[] = [];
    let line = 0;
    let documentPages = 0;
    for await (const row of source.documents()) {
      line++;
      const id = row.id();
      const wanted = id === null || hasPage(id);
      const spans = cursor === null || id === null ? [] : await cursor.take(id, wanted);
      if (!wanted && !everyDocument) continue;
      const doc = row.record();
      if (hasPage(doc.id)) {
        await write(
          documentFile(doc.id),
          utf8(
            documentPagePieces({
              doc,
              sentences: cursor === null ? null : spans,
              line,
              file: source.documentsFile,
              position: source.position,
              site: siteOf(doc.provenance.sourcePath, doc.provenance.record?.url),
            }),
          ),
        );
        documentPages++;
      }
      if (everyDocument) {
        rows.push(documentSummary(doc));
        if (rows.length === LIST_PAGE_ROWS) {
          const n = Math.ceil(line / LIST_PAGE_ROWS);
          await write(`lists/documents-${n}.html`, documentsPage(rows, n, listPages, summary.documents));
          rows = [];
        }
      }
    }
    if (everyDocument && (rows.length > 0 || summary.documents === 0))
      await write(
        `lists/documents-${listPages}.html`,
        documentsPage(rows, listPages, listPages, summary.documents),
      );

    await written();
    await rm(reportDir, { recursive: true, force: true });
    await rename(staging, reportDir);
    return {
      dir: reportDir,
      documents: summary.documents,
      documentPages,
      files,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    await Promise.allSettled(pending.values());
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

function listTitle(key: string): string {
  const [kind, ...rest] = key.split(':');
  const value = rest.join(':');
  switch (kind) {
    case 'language':
      return `Language ${value}`;
    case 'site':
      return `Site ${value}`;
    case 'before':
      return `Documents of ${lengthLabel(Number(value))} characters before cleaning`;
    case 'after':
      return `Documents of ${lengthLabel(Number(value))} characters after cleaning`;
    case 'kept':
      return `Documents with ${keptLabel(Number(value))} of their characters kept`;
    default:
      return key;
  }
}
