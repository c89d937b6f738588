/**
 * A document as the report shows it: its raw text rebuilt from the record, in raw order, as pieces. A kept
 * paragraph is its raw text (the logged edits undone) cut where an edit, a finding or a sentence starts; a
 * removed line is the line with its rule. White space between lines is not stored in the dataset, so the gaps
 * between pieces are given as their length only.
 *
 * Plain data in (a document record as read from documents.jsonl, its sentence spans), plain data out.
 */
import type { DocumentRecord } from '../schemas.js';

type Edit = DocumentRecord['edits'][number];
type Removal = DocumentRecord['removed'][number];

/** A paragraph as written: full records hold its text; `--lean paragraphs` records hold offsets into `text`. */
export type ReportParagraph = DocumentRecord['paragraphs'][number] | LeanParagraph;
interface LeanParagraph {
  readonly index: number;
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly textStart: number;
  readonly textEnd: number;
}

/** A document record in either paragraph form. */
export type ReportDocument = Omit<DocumentRecord, 'paragraphs'> & { paragraphs: readonly ReportParagraph[] };

/** Where a sentence starts and ends in the raw text. */
export interface SentenceSpan {
  readonly rawStart: number;
  readonly rawEnd: number;
}

/** A run inside a kept paragraph. `finding` indexes the document's findings array. */
export type Part =
  | {
      readonly kind: 'text';
      readonly rawStart: number;
      readonly text: string;
      readonly finding: number | null;
    }
  | { readonly kind: 'edit'; readonly index: number; readonly edit: Edit }
  /** A sentence starts here (shown on request). */
  | { readonly kind: 'sentence'; readonly index: number; readonly rawStart: number }
  /** A finding whose span is not plain kept text (it crosses an edit or lies in a removed line). */
  | { readonly kind: 'finding'; readonly index: number };

export type Piece =
  | {
      readonly kind: 'kept';
      readonly paragraph: number;
      readonly rawStart: number;
      readonly rawEnd: number;
      readonly parts: readonly Part[];
    }
  | {
      readonly kind: 'removed';
      readonly index: number;
      readonly removal: Removal;
      /** The metadata field the line went to (title, byline...), or null when it was dropped. */
      readonly field: string | null;
      /** Findings whose span starts inside this line. */
      readonly findings: readonly number[];
    }
  /** White space between two pieces: its length in code points (its characters are not in the record). */
  | { readonly kind: 'gap'; readonly length: number };

/** The metadata field each metadata rule fills. */
export const METADATA_FIELDS: Readonly<Record<string, string>> = {
  title: 'title',
  standfirst: 'standfirst',
  byline: 'byline',
  dateline: 'published',
};

/** Where a removed line went: a metadata field, `credits` for a caption's credit, or nowhere. */
export function fieldOf(removal: Pick<Removal, 'stage' | 'rule'>): string | null {
  if (removal.stage === 'metadata') return METADATA_FIELDS[removal.rule] ?? removal.rule;
  if (removal.rule === 'photo-caption') return 'credits';
  return null;
}

/**
 * A text indexed by code point (offsets in records count code points, JS strings count UTF-16 units). A text
 * without surrogates (nearly all) is sliced as it is; only one with them is split into code points.
 */
export interface CodeText {
  readonly text: string;
  /** The code points, or null when there are no surrogates (code points are then UTF-16 units). */
  readonly points: readonly string[] | null;
  readonly length: number;
}

const SURROGATE = /[\uD800-\uDFFF]/;

export function codeText(text: string): CodeText {
  if (!SURROGATE.test(text)) return { text, points: null, length: text.length };
  const points = Array.from(text);
  return { text, points, length: points.length };
}

/** Code points [start, end) of a text. */
function sliceCode(text: CodeText, start: number, end: number): string {
  return text.points === null ? text.text.slice(start, end) : text.points.slice(start, end).join('');
}

/** Code points of a short string. */
function cpLength(text: string): number {
  return SURROGATE.test(text) ? Array.from(text).length : text.length;
}

/** The clean text of a paragraph in either form, indexed by code point. */
function paragraphText(paragraph: ReportParagraph, docText: CodeText | null): CodeText {
  if ('text' in paragraph) return codeText(paragraph.text);
  const start = paragraph.textStart;
  const end = paragraph.textEnd;
  if (docText === null) return codeText('');
  return codeText(sliceCode(docText, Math.min(start, docText.length), Math.min(end, docText.length)));
}

/** Edits of a paragraph, in raw order (an insertion before a replacement at the same offset). */
function editsIn(edits: readonly Edit[], rawStart: number, rawEnd: number): number[] {
  const inside: number[] = [];
  edits.forEach((edit, i) => {
    if (edit.rawStart >= rawStart && edit.rawEnd <= rawEnd) inside.push(i);
  });
  return inside.sort(
    (a, b) => edits[a]!.rawStart - edits[b]!.rawStart || edits[a]!.rawEnd - edits[b]!.rawEnd,
  );
}

/**
 * The parts of one kept paragraph: unchanged raw text between its edits (read from the clean text, which holds
 * it unchanged), each edit, and sentence starts and findings cut into the unchanged runs.
 */
export function paragraphParts(
  paragraph: ReportParagraph,
  doc: Pick<ReportDocument, 'edits' | 'findings'>,
  docText: CodeText | null,
  sentenceStarts: readonly number[] = [],
  /** The paragraph's edits in raw order, when the caller has them (editsIn's answer). */
  edits: readonly number[] = editsIn(doc.edits, paragraph.rawStart, paragraph.rawEnd),
): Part[] {
  const clean = paragraphText(paragraph, docText);
  // Cut points inside unchanged text: sentence starts and finding starts and ends.
  const cuts = new Set<number>(sentenceStarts);
  const plainFindings: number[] = [];
  const pointFindings: Array<[number, number]> = [];
  doc.findings.forEach((finding, i) => {
    if (finding.rawStart < paragraph.rawStart || finding.rawStart >= paragraph.rawEnd) return;
    const crossesEdit = doc.edits.some((e) => e.rawStart < finding.rawEnd && e.rawEnd > finding.rawStart);
    if (crossesEdit || finding.rawEnd > paragraph.rawEnd || finding.rawEnd === finding.rawStart)
      pointFindings.push([finding.rawStart, i]);
    else {
      plainFindings.push(i);
      cuts.add(finding.rawStart).add(finding.rawEnd);
    }
  });
  const findingAt = (raw: number): number | null => {
    for (const i of plainFindings) {
      const f = doc.findings[i]!;
      if (raw >= f.rawStart && raw < f.rawEnd) return i;
    }
    return null;
  };
  const sentenceIndex = new Map(sentenceStarts.map((start, i) => [start, i] as const));
  // The offsets where anything happens (a cut or a marker), in order: runs of unchanged text between them are
  // copied whole instead of visited code point by code point.
  const events = [...new Set([...cuts, ...pointFindings.map(([at]) => at)])].sort((a, b) => a - b);
  let next = 0;
  const parts: Part[] = [];
  const markers = (raw: number): void => {
    const sentence = sentenceIndex.get(raw);
    if (sentence !== undefined) parts.push({ kind: 'sentence', index: sentence, rawStart: raw });
    for (const [at, i] of pointFindings) if (at === raw) parts.push({ kind: 'finding', index: i });
  };
  /** Unchanged raw [from, to), read from the clean text at `at`, cut at the cut points. */
  const unchanged = (from: number, to: number, at: number): void => {
    let start = from;
    while (next < events.length && events[next]! < from) next++;
    for (let k = next; k < events.length && events[k]! < to; k++) {
      const raw = events[k]!;
      if (raw > start && cuts.has(raw)) {
        parts.push({
          kind: 'text',
          rawStart: start,
          text: sliceCode(clean, at + start - from, at + raw - from),
          finding: findingAt(start),
        });
        start = raw;
      }
      markers(raw);
    }
    if (to > start)
      parts.push({
        kind: 'text',
        rawStart: start,
        text: sliceCode(clean, at + start - from, at + to - from),
        finding: findingAt(start),
      });
  };
  let raw = paragraph.rawStart;
  let at = 0;
  for (const i of edits) {
    const edit = doc.edits[i]!;
    if (edit.rawStart < raw) continue; // overlapping edits are not written; guard against a malformed log
    unchanged(raw, edit.rawStart, at);
    at += edit.rawStart - raw;
    markers(edit.rawStart);
    parts.push({ kind: 'edit', index: i, edit });
    at += cpLength(edit.after);
    raw = edit.rawEnd;
  }
  unchanged(raw, paragraph.rawEnd, at);
  return mergeMarkers(parts);
}

/** A marker is pushed once per offset; drop repeats pushed when an edit and a run start at the same offset. */
function mergeMarkers(parts: Part[]): Part[] {
  const seen = new Set<string>();
  return parts.filter((part) => {
    if (part.kind !== 'sentence' && part.kind !== 'finding') return true;
    const key = `${part.kind}:${part.index}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The raw text of a kept paragraph, rebuilt from its parts (edits undone). */
export function rawOfParts(parts: readonly Part[]): string {
  let raw = '';
  for (const part of parts)
    if (part.kind === 'text') raw += part.text;
    else if (part.kind === 'edit') raw += part.edit.before;
  return raw;
}

/** The whole document as pieces in raw order: kept paragraphs, removed lines, and the gaps between them. */
export function documentPieces(doc: ReportDocument, sentences: readonly SentenceSpan[] = []): Piece[] {
  const docText = doc.paragraphs.some((p) => !('text' in p)) ? codeText(doc.text) : null;
  const starts = sentences.map((s) => s.rawStart).sort((a, b) => a - b);
  // Edits in raw order once for the document (ties by their index, as editsIn's stable sort leaves them), so
  // each paragraph finds its own by a binary search: a page with thousands of edits and paragraphs stays linear.
  const edits = doc.edits;
  const order = edits
    .map((_, i) => i)
    .sort((a, b) => edits[a]!.rawStart - edits[b]!.rawStart || edits[a]!.rawEnd - edits[b]!.rawEnd || a - b);
  type Slot = { start: number; end: number; piece: Piece };
  const slots: Slot[] = [];
  doc.paragraphs.forEach((paragraph) => {
    const { rawStart, rawEnd } = paragraph;
    const inside = starts.slice(
      firstAtLeast(starts, (s) => s, rawStart),
      firstAtLeast(starts, (s) => s, rawEnd),
    );
    const own: number[] = [];
    for (let k = firstAtLeast(order, (i) => edits[i]!.rawStart, rawStart); k < order.length; k++) {
      const edit = edits[order[k]!]!;
      if (edit.rawStart > rawEnd) break;
      if (edit.rawEnd <= rawEnd) own.push(order[k]!);
    }
    slots.push({
      start: rawStart,
      end: rawEnd,
      piece: {
        kind: 'kept',
        paragraph: paragraph.index,
        rawStart,
        rawEnd,
        parts: paragraphParts(paragraph, doc, docText, inside, own),
      },
    });
  });
  doc.removed.forEach((removal, index) => {
    const findings: number[] = [];
    doc.findings.forEach((f, i) => {
      if (f.rawStart >= removal.rawStart && f.rawStart < removal.rawEnd) findings.push(i);
    });
    slots.push({
      start: removal.rawStart,
      end: removal.rawEnd,
      piece: { kind: 'removed', index, removal, field: fieldOf(removal), findings },
    });
  });
  slots.sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: Piece[] = [];
  let end = 0;
  for (const slot of slots) {
    if (slot.start > end) pieces.push({ kind: 'gap', length: slot.start - end });
    pieces.push(slot.piece);
    end = Math.max(end, slot.end);
  }
  return pieces;
}

/** The first position in `sorted` (ascending by `key`) whose key is at least `value`. */
function firstAtLeast<T>(sorted: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
