/**
 * The report's first pass: one document record at a time in, counts and seeded samples out. Memory is bounded
 * by the number of rules, languages and sites (a few numbers and at most `k` sampled entries each), never by the
 * number of documents.
 */
import type { RejectedRecord } from '../schemas.js';
import { siteOf } from '../site-index.js';
import type { ReportDocument } from './pieces.js';
import { BottomK, sampleHash } from './sample.js';

/** What a list page shows of a document. */
export interface DocumentSummary {
  readonly id: string;
  readonly sourcePath: string;
  readonly site: string;
  readonly language: string;
  readonly title: string | null;
  /** Characters of the page's lines (kept paragraphs and removed lines; not the white space between them). */
  readonly rawChars: number;
  /** Characters of the clean paragraphs. */
  readonly keptChars: number;
  readonly removed: number;
  readonly edits: number;
  readonly findings: number;
}

/** One logged change, as a rule view lists it. */
export interface RuleExample {
  readonly docId: string;
  readonly sourcePath: string;
  readonly kind: 'removed' | 'edit' | 'finding';
  /** Index of the entry in the document's removed, edits or findings array (the anchor in its page). */
  readonly index: number;
  readonly rawStart: number;
  readonly rawEnd: number;
  /** The removed line, the edit's raw text or the finding's text (cut at EXAMPLE_CHARS). */
  readonly text: string;
  readonly after: string | null;
  readonly message: string | null;
  /** A little raw context of an edit, before and after it (from its paragraph), for reading "AAt least". */
  readonly context: { readonly before: string; readonly after: string } | null;
}

export interface RuleRow {
  readonly key: string;
  readonly stage: string;
  readonly rule: string;
  documents: number;
  removedLines: number;
  removedChars: number;
  edits: number;
  findings: number;
}

export interface GroupRow {
  readonly key: string;
  documents: number;
  rawChars: number;
  keptChars: number;
  removedLines: number;
  edits: number;
  findings: number;
}

/** Upper bounds (exclusive) of the document length bins, in characters; the last bin is open. */
export const LENGTH_BINS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000];
/** Kept share bins: tenths, the last one closed (100% kept). */
export const KEPT_BINS = 10;
export const EXAMPLE_CHARS = 400;
/** A rule view shows at most this many entries of one document. */
export const EXAMPLES_PER_DOCUMENT = 3;

export interface SampleSizes {
  /** Documents per list (a language, a site, a chart bar, a rule's documents). */
  readonly documents: number;
  /** Entries per rule view. */
  readonly examples: number;
  /** Rejected inputs per error code. */
  readonly rejected: number;
}

export const DEFAULT_SAMPLE_SIZES: SampleSizes = { documents: 25, examples: 40, rejected: 20 };

export interface Summary {
  readonly documents: number;
  readonly rawChars: number;
  readonly keptChars: number;
  readonly removedLines: number;
  readonly edits: number;
  readonly findings: number;
  /** One row per stage.rule seen in a log, sorted by key. */
  readonly rules: readonly RuleRow[];
  /** Most documents first, then by key. */
  readonly languages: readonly GroupRow[];
  readonly sites: readonly GroupRow[];
  readonly lengthBins: ReadonlyArray<{
    readonly label: string;
    readonly before: number;
    readonly after: number;
  }>;
  readonly keptBins: ReadonlyArray<{ readonly label: string; readonly count: number }>;
  readonly rejected: ReadonlyArray<{ readonly code: string; readonly count: number }>;
  /** Sampled documents per list key (`language:en`, `site:.`, `before:3`, `rule:boilerplate.comment-prompt`...). */
  readonly samples: Readonly<
    Record<string, { readonly total: number; readonly items: readonly DocumentSummary[] }>
  >;
  readonly ruleExamples: Readonly<
    Record<string, { readonly total: number; readonly items: readonly RuleExample[] }>
  >;
  readonly rejectedExamples: Readonly<
    Record<string, { readonly total: number; readonly items: readonly RejectedRecord[] }>
  >;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function lengthBin(chars: number): number {
  const i = LENGTH_BINS.findIndex((upper) => chars < upper);
  return i < 0 ? LENGTH_BINS.length : i;
}

export function lengthLabel(bin: number): string {
  const short = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  if (bin === 0) return `< ${short(LENGTH_BINS[0]!)}`;
  if (bin >= LENGTH_BINS.length) return `≥ ${short(LENGTH_BINS[LENGTH_BINS.length - 1]!)}`;
  return `${short(LENGTH_BINS[bin - 1]!)}–${short(LENGTH_BINS[bin]!)}`;
}

function keptBin(share: number): number {
  return Math.min(KEPT_BINS - 1, Math.floor(share * KEPT_BINS));
}

export function keptLabel(bin: number): string {
  const step = 100 / KEPT_BINS;
  return bin === KEPT_BINS - 1 ? `${bin * step}–100%` : `${bin * step}–${(bin + 1) * step}%`;
}

/**
 * How the first pass reads a record's strings. A record parsed as usual is read as it is (`asParsed`); one
 * parsed from its UTF-8 bytes read as Latin-1 (source.ts: cheaper to decode and to parse, and the pass needs
 * few of its strings) holds each string as its UTF-8 bytes, a character each, and the pass decodes a string
 * only where it counts or shows it. Map keys stay as read, in maps of their own reading.
 */
export type Decode = (raw: string) => string;
export const asParsed: Decode = (raw) => raw;

function cut(text: string, max = EXAMPLE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Code points of a short string (edit texts are a few characters). */
function cpLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const CONTEXT_CHARS = 24;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A text's code points: the text itself when it has no surrogate (nearly always; its UTF-16 units are then
 * its code points, and a string slices as the array would), else the array of them.
 */
function codePoints(text: string): string | string[] {
  return SURROGATE.test(text) ? Array.from(text) : text;
}

/** Up to CONTEXT_CHARS code points of raw text on each side of an edit, from its paragraph, cut at spaces. */
function editContext(
  doc: ReportDocument,
  edit: ReportDocument['edits'][number],
  decode: Decode,
): { before: string; after: string } | null {
  const paragraph = doc.paragraphs.find((p) => edit.rawStart >= p.rawStart && edit.rawEnd <= p.rawEnd);
  if (!paragraph) return null;
  // Raw text of the paragraph around the edit: the clean text with the other edits' shifts undone is costly;
  // the clean text is close enough for context, and exact where no other edit is near. A lean record's
  // paragraph is a span of the document's text.
  const clean =
    'text' in paragraph
      ? codePoints(decode(paragraph.text))
      : codePoints(decode(doc.text)).slice(paragraph.textStart, paragraph.textEnd);
  const points = (start: number, end: number): string =>
    typeof clean === 'string' ? clean.slice(start, end) : clean.slice(start, end).join('');
  let shift = 0;
  for (const other of doc.edits)
    if (other !== edit && other.rawEnd <= edit.rawStart && other.rawStart >= paragraph.rawStart)
      shift += cpLength(decode(other.after)) - (other.rawEnd - other.rawStart);
  const at = edit.rawStart - paragraph.rawStart + shift;
  const afterAt = at + cpLength(decode(edit.after));
  let before = points(Math.max(0, at - CONTEXT_CHARS), at);
  let after = points(afterAt, afterAt + CONTEXT_CHARS);
  if (at > CONTEXT_CHARS) before = before.replace(/^\S*\s/u, '');
  if (clean.length - afterAt > CONTEXT_CHARS) after = after.replace(/\s\S*$/u, '');
  return { before, after };
}

type Kind = RuleExample['kind'];
const KINDS: readonly Kind[] = ['removed', 'edit', 'finding'];
const REMOVED = 0;
const EDIT = 1;
const FINDING = 2;

/** `k` distinct indexes below `n`, drawn by a small generator (xorshift) seeded with `seed`; all when n ≤ k. */
export function drawIndexes(n: number, k: number, seed: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  let x = (seed % 0x7fffffff) | 1;
  const picked: number[] = [];
  while (picked.length < k) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const i = (x >>> 0) % n;
    if (!picked.includes(i)) picked.push(i);
  }
  return picked;
}

/** One log entry of a document as a rule view lists it (literal objects: thousands are made in a pass). */
function ruleExample(doc: ReportDocument, kind: Kind, index: number, decode: Decode): RuleExample {
  const docId = decode(doc.id);
  const sourcePath = decode(doc.provenance.sourcePath);
  if (kind === 'removed') {
    const removal = doc.removed[index]!;
    return {
      docId,
      sourcePath,
      kind,
      index,
      rawStart: removal.rawStart,
      rawEnd: removal.rawEnd,
      text: cut(decode(removal.text)),
      after: null,
      message: null,
      context: null,
    };
  }
  if (kind === 'edit') {
    const edit = doc.edits[index]!;
    return {
      docId,
      sourcePath,
      kind,
      index,
      rawStart: edit.rawStart,
      rawEnd: edit.rawEnd,
      text: cut(decode(edit.before)),
      after: cut(decode(edit.after)),
      message: null,
      context: editContext(doc, edit, decode),
    };
  }
  const finding = doc.findings[index]!;
  return {
    docId,
    sourcePath,
    kind,
    index,
    rawStart: finding.rawStart,
    rawEnd: finding.rawEnd,
    text: cut(decode(finding.text)),
    after: null,
    message: cut(decode(finding.message)),
    context: null,
  };
}

/** What the lists show of a document: its sizes before and after, its counts. */
export function documentSummary(doc: ReportDocument, decode: Decode = asParsed): DocumentSummary {
  let rawChars = 0;
  let keptChars = 0;
  for (const paragraph of doc.paragraphs) rawChars += paragraph.rawEnd - paragraph.rawStart;
  keptChars = rawChars;
  for (const removal of doc.removed) rawChars += removal.rawEnd - removal.rawStart;
  for (const edit of doc.edits) keptChars += cpLength(decode(edit.after)) - (edit.rawEnd - edit.rawStart);
  const sourcePath = decode(doc.provenance.sourcePath);
  const url = doc.provenance.record?.url;
  return {
    id: decode(doc.id),
    sourcePath,
    site: siteOf(sourcePath, url === null || url === undefined ? url : decode(url)),
    language: decode(doc.language),
    title: doc.title === null ? null : cut(decode(doc.title), 200),
    rawChars,
    keptChars,
    removed: doc.removed.length,
    edits: doc.edits.length,
    findings: doc.findings.length,
  };
}

/** The first pass's state: add documents and rejected records in file order, then read `summary()`. */
export class SummaryBuilder {
  private documents = 0;
  private rawChars = 0;
  private keptChars = 0;
  private removedLines = 0;
  private edits = 0;
  private findings = 0;
  private readonly rules = new Map<string, RuleRow>();
  /**
   * The same rows by stage, then rule, as read (one map per reading: see Decode): found without building a
   * key string per log entry.
   */
  private readonly rulesByStage = new Map<Decode, Map<string, Map<string, RuleRow>>>();
  private readonly languages = new Map<string, GroupRow>();
  private readonly sites = new Map<string, GroupRow>();
  private readonly before = new Array<number>(LENGTH_BINS.length + 1).fill(0);
  private readonly after = new Array<number>(LENGTH_BINS.length + 1).fill(0);
  private readonly kept = new Array<number>(KEPT_BINS).fill(0);
  private readonly rejected = new Map<string, number>();
  private readonly samples = new Map<string, BottomK<DocumentSummary>>();
  /** Per rule key, its examples and their seed (the seed also draws a document's entries). */
  private readonly ruleExamples = new Map<
    string,
    { readonly seed: string; readonly sample: BottomK<RuleExample> }
  >();
  private readonly rejectedExamples = new Map<string, BottomK<RejectedRecord>>();

  private readonly documentSeed: string;

  constructor(
    private readonly seed: string,
    private readonly sizes: SampleSizes = DEFAULT_SAMPLE_SIZES,
  ) {
    this.documentSeed = `${seed}:document`;
  }

  /** Offers a document to a list; `docHash` is its hash under the document seed (one per document, all lists). */
  private sample(list: string, summary: DocumentSummary, docHash: number): void {
    let sample = this.samples.get(list);
    if (!sample) {
      // One hash per document for every list: the lists then favour the same documents, so the pages
      // written for them overlap instead of adding up.
      sample = new BottomK<DocumentSummary>(this.sizes.documents, this.documentSeed);
      this.samples.set(list, sample);
    }
    // What sample.offer(summary.id, ...) would do, with the hash computed once for the document's lists.
    sample.offerRanked(docHash, summary.id, () => summary);
  }

  /** The row of a stage and rule as read, `byStage` the map of their reading. */
  private rule(
    byStage: Map<string, Map<string, RuleRow>>,
    rawStage: string,
    rawRule: string,
    decode: Decode,
  ): RuleRow {
    let rules = byStage.get(rawStage);
    if (!rules) {
      rules = new Map();
      byStage.set(rawStage, rules);
    }
    let row = rules.get(rawRule);
    if (!row) {
      const stage = decode(rawStage);
      const rule = decode(rawRule);
      const key = `${stage}.${rule}`;
      // Two stage/rule pairs could spell the same key ('a.b' + 'c', 'a' + 'b.c'): they share its row.
      row = this.rules.get(key);
      if (!row) {
        row = { key, stage, rule, documents: 0, removedLines: 0, removedChars: 0, edits: 0, findings: 0 };
        this.rules.set(key, row);
      }
      rules.set(rawRule, row);
    }
    return row;
  }

  /**
   * A rule's log entries in one document: at most EXAMPLES_PER_DOCUMENT of them, drawn by a generator seeded
   * with the seed, the rule and the document, are offered, ranked by the document's hash (then the draw). So a
   * rule view shows entries from many documents, and from the documents its lists already show (they rank by
   * the same document hash), which keeps the pages to write few; and a document with thousands of entries for
   * a rule (a CRLF page's line breaks) costs a few draws, not thousands of hashes.
   * `entries` are packed as index * KINDS.length + the kind's place in KINDS (no pair allocated per entry).
   */
  private examples(
    key: string,
    doc: ReportDocument,
    id: string,
    docHash: number,
    entries: readonly number[],
    decode: Decode,
  ): void {
    let examples = this.ruleExamples.get(key);
    if (!examples) {
      const seed = `${this.seed}:rule:${key}`;
      examples = { seed, sample: new BottomK<RuleExample>(this.sizes.examples, seed) };
      this.ruleExamples.set(key, examples);
    }
    const { sample } = examples;
    const picks = drawIndexes(entries.length, EXAMPLES_PER_DOCUMENT, sampleHash(examples.seed, id));
    sample.seen += entries.length - picks.length;
    for (let rank = 0; rank < picks.length; rank++) {
      const packed = entries[picks[rank]!]!;
      const kind = KINDS[packed % KINDS.length]!;
      const index = Math.floor(packed / KINDS.length);
      sample.offerRanked(docHash, `${id}:${rank}`, () => ruleExample(doc, kind, index, decode));
    }
  }

  /** Counts a document; `decode` tells how its strings were read (see Decode). */
  addDocument(doc: ReportDocument, decode: Decode = asParsed): void {
    let byStage = this.rulesByStage.get(decode);
    if (!byStage) {
      byStage = new Map();
      this.rulesByStage.set(decode, byStage);
    }
    const rules = byStage;
    // Per rule, the document's log entries that are its (packed: see examples), in the order first met.
    const entries = new Map<RuleRow, number[]>();
    // Lines of one rule tend to come in runs: the last row is tried before the maps (by the strings as read).
    let last: RuleRow | null = null;
    let lastStage = '';
    let lastRule = '';
    const entry = (stage: string, rule: string, packed: number): RuleRow => {
      const row: RuleRow =
        last !== null && lastStage === stage && lastRule === rule
          ? last
          : this.rule(rules, stage, rule, decode);
      last = row;
      lastStage = stage;
      lastRule = rule;
      const list = entries.get(row);
      if (list) list.push(packed);
      else entries.set(row, [packed]);
      return row;
    };
    const { removed, edits, findings } = doc;
    for (let i = 0; i < removed.length; i++) {
      const removal = removed[i]!;
      const row = entry(removal.stage, removal.rule, i * KINDS.length + REMOVED);
      row.removedLines++;
      row.removedChars += removal.rawEnd - removal.rawStart;
    }
    for (let i = 0; i < edits.length; i++) {
      const edit = edits[i]!;
      entry(edit.stage, edit.rule, i * KINDS.length + EDIT).edits++;
    }
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i]!;
      entry(finding.stage, finding.rule, i * KINDS.length + FINDING).findings++;
    }
    const summary = documentSummary(doc, decode);
    const { id, language, site, rawChars, keptChars } = summary;
    const docHash = sampleHash(this.documentSeed, id);
    for (const [row, list] of entries) this.examples(row.key, doc, id, docHash, list, decode);
    for (const row of entries.keys()) {
      row.documents++;
      this.sample(`rule:${row.key}`, summary, docHash);
    }
    this.documents++;
    this.rawChars += rawChars;
    this.keptChars += keptChars;
    this.removedLines += removed.length;
    this.edits += edits.length;
    this.findings += findings.length;
    for (const [map, key] of [
      [this.languages, language],
      [this.sites, site],
    ] as const) {
      let row = map.get(key);
      if (!row) {
        row = { key, documents: 0, rawChars: 0, keptChars: 0, removedLines: 0, edits: 0, findings: 0 };
        map.set(key, row);
      }
      row.documents++;
      row.rawChars += rawChars;
      row.keptChars += keptChars;
      row.removedLines += removed.length;
      row.edits += edits.length;
      row.findings += findings.length;
    }
    const before = lengthBin(rawChars);
    const after = lengthBin(keptChars);
    const kept = keptBin(rawChars === 0 ? 1 : keptChars / rawChars);
    this.before[before]!++;
    this.after[after]!++;
    this.kept[kept]!++;
    this.sample('all', summary, docHash);
    this.sample(`language:${language}`, summary, docHash);
    this.sample(`site:${site}`, summary, docHash);
    this.sample(`before:${before}`, summary, docHash);
    this.sample(`after:${after}`, summary, docHash);
    this.sample(`kept:${kept}`, summary, docHash);
  }

  addRejected(record: RejectedRecord, line: number): void {
    this.rejected.set(record.code, (this.rejected.get(record.code) ?? 0) + 1);
    let sample = this.rejectedExamples.get(record.code);
    if (!sample) {
      sample = new BottomK<RejectedRecord>(this.sizes.rejected, `${this.seed}:rejected:${record.code}`);
      this.rejectedExamples.set(record.code, sample);
    }
    // A rejected input has no document id; its line in rejected.jsonl names it within the file.
    sample.offer(String(line), () => ({ ...record, reason: cut(record.reason) }));
  }

  summary(): Summary {
    const groups = (map: Map<string, GroupRow>) =>
      [...map.values()].sort((a, b) => b.documents - a.documents || compare(a.key, b.key));
    const lists = <T>(map: Map<string, BottomK<T>>) =>
      Object.fromEntries(
        [...map.entries()]
          .sort(([a], [b]) => compare(a, b))
          .map(([key, sample]) => [key, { total: sample.seen, items: sample.items() }] as const),
      );
    return {
      documents: this.documents,
      rawChars: this.rawChars,
      keptChars: this.keptChars,
      removedLines: this.removedLines,
      edits: this.edits,
      findings: this.findings,
      rules: [...this.rules.values()].sort((a, b) => compare(a.key, b.key)),
      languages: groups(this.languages),
      sites: groups(this.sites),
      lengthBins: this.before.map((n, bin) => ({
        label: lengthLabel(bin),
        before: n,
        after: this.after[bin]!,
      })),
      keptBins: this.kept.map((count, bin) => ({ label: keptLabel(bin), count })),
      rejected: [...this.rejected.entries()]
        .sort(([a, m], [b, n]) => n - m || compare(a, b))
        .map(([code, count]) => ({ code, count })),
      samples: lists(this.samples),
      ruleExamples: lists(new Map([...this.ruleExamples].map(([key, { sample }]) => [key, sample]))),
      rejectedExamples: lists(this.rejectedExamples),
    };
  }
}
