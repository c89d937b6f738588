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

/** Code points of a string (offsets in records count code points, JS strings count UTF-16 units). */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/** The clean text of a paragraph in either form, as code points. */
function paragraphText(paragraph: ReportParagraph, docText: readonly string[] | null): string[] {
  if ('text' in paragraph) return codePoints(paragraph.text);
  return (docText ?? []).slice(paragraph.textStart, paragraph.textEnd);
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
  docText: readonly string[] | null,
  sentenceStarts: readonly number[] = [],
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
  const parts: Part[] = [];
  const markers = (raw: number): void => {
    const sentence = sentenceIndex.get(raw);
    if (sentence !== undefined) parts.push({ kind: 'sentence', index: sentence, rawStart: raw });
    for (const [at, i] of pointFindings) if (at === raw) parts.push({ kind: 'finding', index: i });
  };
  /** Unchanged raw [from, to), read from the clean text at `at`, cut at the cut points. */
  const unchanged = (from: number, to: number, at: number): void => {
    let start = from;
    for (let raw = from; raw <= to; raw++) {
      const cut = raw === to || (raw > from && cuts.has(raw));
      if (cut && raw > start) {
        parts.push({
          kind: 'text',
          rawStart: start,
          text: clean.slice(at + start - from, at + raw - from).join(''),
          finding: findingAt(start),
        });
        start = raw;
      }
      if (raw < to) markers(raw);
    }
  };
  let raw = paragraph.rawStart;
  let at = 0;
  for (const i of editsIn(doc.edits, paragraph.rawStart, paragraph.rawEnd)) {
    const edit = doc.edits[i]!;
    if (edit.rawStart < raw) continue; // overlapping edits are not written; guard against a malformed log
    unchanged(raw, edit.rawStart, at);
    at += edit.rawStart - raw;
    markers(edit.rawStart);
    parts.push({ kind: 'edit', index: i, edit });
    at += codePoints(edit.after).length;
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
  const docText = doc.paragraphs.some((p) => !('text' in p)) ? codePoints(doc.text) : null;
  const starts = sentences.map((s) => s.rawStart).sort((a, b) => a - b);
  type Slot = { start: number; end: number; piece: Piece };
  const slots: Slot[] = [];
  doc.paragraphs.forEach((paragraph) => {
    const inside = starts.filter((s) => s >= paragraph.rawStart && s < paragraph.rawEnd);
    slots.push({
      start: paragraph.rawStart,
      end: paragraph.rawEnd,
      piece: {
        kind: 'kept',
        paragraph: paragraph.index,
        rawStart: paragraph.rawStart,
        rawEnd: paragraph.rawEnd,
        parts: paragraphParts(paragraph, doc, docText, inside),
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
