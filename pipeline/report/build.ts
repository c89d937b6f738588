/**
 * Builds OUT/report/ from the dataset files of an output folder, in two streamed passes over documents.jsonl:
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
import { documentFile, documentPage, ruleFile } from './document-page.js';
import { page, STYLE } from './html.js';
import { findDataFile, leadingString, readLineBytes, readLines } from './lines.js';
import { documentsPage, listFile, rejectedFile, rejectedPage, rulePage, samplePage } from './list-pages.js';
import type { RunFacts } from './overview.js';
import { OVERVIEW_SITES, overviewPage } from './overview.js';
import type { ReportDocument, SentenceSpan } from './pieces.js';
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

/** The output folder cannot be reported on (no documents file). */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

export const DEFAULT_SEED = 'newsclean-report';
export const DEFAULT_MAX_DOCUMENT_PAGES = 1000;
/** Rows per page of the full document list. */
const LIST_PAGE_ROWS = 500;

/** Sentence lines in file order, taken a document at a time (sentences.jsonl is in document order). */
class SentenceCursor {
  private next: { id: string | null; line: Buffer } | null = null;
  private done = false;

  constructor(private readonly lines: AsyncGenerator<Buffer>) {}

  /** The spans of document `id`'s sentences when `keep`, skipping them (undecoded) otherwise. */
  async take(id: string, keep: boolean): Promise<SentenceSpan[]> {
    const spans: SentenceSpan[] = [];
    for (;;) {
      if (this.next === null && !this.done) {
        const { value, done } = await this.lines.next();
        if (done) this.done = true;
        else this.next = { id: sentenceDocId(value), line: value };
      }
      if (this.next === null || this.next.id !== id) return spans;
      if (keep) {
        const { rawStart, rawEnd } = JSON.parse(this.next.line.toString('utf8')) as SentenceSpan;
        spans.push({ rawStart, rawEnd });
      }
      this.next = null;
    }
  }
}

/** A sentence line's docId: its first key as written, else parsed. */
function sentenceDocId(line: Buffer): string | null {
  const id = leadingString(line, 'docId');
  if (id !== null) return id;
  try {
    const value = (JSON.parse(line.toString('utf8')) as { docId?: unknown }).docId;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

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
  const documentsPath = await findDataFile(options.outDir, 'documents.jsonl');
  if (documentsPath === null)
    throw new ReportError(
      `no documents.jsonl (or .jsonl.gz, .jsonl.zst) in ${options.outDir}: the report is built from the JSON Lines files (run with --formats including jsonl)`,
    );
  const documentsFile = basename(documentsPath);

  // Pass 1: counts and samples.
  const builder = new SummaryBuilder(seed, options.sizes ?? DEFAULT_SAMPLE_SIZES);
  for await (const line of readLines(documentsPath)) builder.addDocument(JSON.parse(line) as ReportDocument);
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
  const write = async (file: string, text: string) => {
    await writeFile(join(staging, file), text);
    files++;
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
    const sentencesPath = await findDataFile(options.outDir, 'sentences.jsonl');
    const cursor = sentencesPath === null ? null : new SentenceCursor(readLineBytes(sentencesPath));
    const listPages = Math.max(1, Math.ceil(summary.documents / LIST_PAGE_ROWS));
    let rows: DocumentSummary[] = [];
    let line = 0;
    let documentPages = 0;
    for await (const bytes of readLineBytes(documentsPath)) {
      line++;
      const id = leadingString(bytes, 'id');
      const wanted = id === null || hasPage(id);
      const spans = cursor === null || id === null ? [] : await cursor.take(id, wanted);
      if (!wanted && !everyDocument) continue;
      const doc = JSON.parse(bytes.toString('utf8')) as ReportDocument;
      if (hasPage(doc.id)) {
        await write(
          documentFile(doc.id),
          documentPage({
            doc,
            sentences: cursor === null ? null : spans,
            line,
            file: documentsFile,
            site: siteOf(doc.provenance.sourcePath, doc.provenance.record?.url),
          }),
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
