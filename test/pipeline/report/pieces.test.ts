/**
 * The document view's model: the raw text rebuilt from a record (kept paragraphs with their edits undone,
 * removed lines) must be the raw file itself, but for the white space between lines, which records do not hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Part, ReportDocument } from '../../../pipeline/report/pieces.js';
import { documentPieces, fieldOf, paragraphParts, rawOfParts } from '../../../pipeline/report/pieces.js';
import type { DocumentRecord } from '../../../pipeline/schemas.js';
import { rawOf, readDocuments, seedsOutput } from './fixtures.js';

/** The raw text from pieces, each gap filled from the true raw text (records hold only its length). */
function rebuild(doc: ReportDocument, raw: string[]): string {
  let out = '';
  let at = 0;
  for (const piece of documentPieces(doc)) {
    if (piece.kind === 'gap') {
      out += raw.slice(at, at + piece.length).join('');
      at += piece.length;
    } else if (piece.kind === 'kept') {
      const text = rawOfParts(piece.parts);
      out += text;
      at = piece.rawEnd;
    } else {
      out += piece.removal.text;
      at = piece.removal.rawEnd;
    }
  }
  return out + raw.slice(at).join('');
}

/** The same record with --lean paragraphs: offsets into text instead of each paragraph's text. */
function lean(doc: DocumentRecord): ReportDocument {
  let at = 0;
  const cps = (s: string) => Array.from(s).length;
  const paragraphs = doc.paragraphs.map((p, i) => {
    if (i > 0) at += 2; // paragraphs are joined by a blank line in text
    const textStart = at;
    at += cps(p.text);
    return { index: p.index, rawStart: p.rawStart, rawEnd: p.rawEnd, textStart, textEnd: at };
  });
  return { ...doc, paragraphs };
}

describe('documentPieces on the seeds', () => {
  let docs: DocumentRecord[] = [];
  beforeAll(async () => {
    docs = readDocuments(await seedsOutput());
  });

  it('rebuilds every seed byte for byte, edits undone (the gaps alone come from the raw file)', () => {
    expect(docs).toHaveLength(5);
    for (const doc of docs) {
      const raw = rawOf(doc.provenance.sourcePath);
      expect(rebuild(doc, Array.from(raw)), doc.provenance.sourcePath).toBe(raw);
    }
  });

  it('gives the same pieces from --lean paragraphs records', () => {
    for (const doc of docs) expect(documentPieces(lean(doc))).toEqual(documentPieces(doc));
  });

  it('holds gaps of white space only, and every removal and edit exactly once', () => {
    for (const doc of docs) {
      const raw = Array.from(rawOf(doc.provenance.sourcePath));
      const pieces = documentPieces(doc);
      let at = 0;
      const removed: number[] = [];
      const edits: number[] = [];
      for (const piece of pieces) {
        if (piece.kind === 'gap') expect(raw.slice(at, at + piece.length).join('')).toMatch(/^\s+$/u);
        if (piece.kind === 'gap') at += piece.length;
        if (piece.kind === 'removed') {
          removed.push(piece.index);
          at = piece.removal.rawEnd;
        }
        if (piece.kind === 'kept') {
          for (const part of piece.parts) if (part.kind === 'edit') edits.push(part.index);
          at = piece.rawEnd;
        }
      }
      expect(removed.sort((a, b) => a - b)).toEqual(doc.removed.map((_, i) => i));
      expect(edits.sort((a, b) => a - b)).toEqual(doc.edits.map((_, i) => i));
    }
  });

  it("shows seed 004's 'Leave A Reply' as a comment-prompt removal and 'AAt' → 'At' as a doubled-capital edit", () => {
    const doc = docs.find((d) => d.provenance.sourcePath.startsWith('004_'))!;
    const pieces = documentPieces(doc);
    const leave = pieces.find((p) => p.kind === 'removed' && p.removal.text === 'Leave A Reply');
    expect(leave).toMatchObject({ kind: 'removed', removal: { rule: 'comment-prompt' }, field: null });
    const kept = pieces.flatMap((p) => (p.kind === 'kept' ? [p] : []));
    const withEdit = kept.find((p) =>
      p.parts.some((x) => x.kind === 'edit' && x.edit.rule === 'doubled-capital'),
    )!;
    const at = withEdit.parts.findIndex((x) => x.kind === 'edit' && x.edit.rule === 'doubled-capital');
    const edit = withEdit.parts[at] as Extract<Part, { kind: 'edit' }>;
    const next = withEdit.parts[at + 1] as Extract<Part, { kind: 'text' }>;
    expect(edit.edit.before + next.text.slice(0, 8)).toBe('AAt least');
    expect(edit.edit.after + next.text.slice(0, 8)).toBe('At least');
  });

  it('names the metadata field a moved line went to', () => {
    const doc = docs.find((d) => d.provenance.sourcePath.startsWith('003_'))!;
    const fields = documentPieces(doc).flatMap((p) => (p.kind === 'removed' && p.field ? [p.field] : []));
    expect(fields).toEqual(expect.arrayContaining(['title', 'published', 'byline', 'credits']));
    expect(fieldOf({ stage: 'boilerplate', rule: 'comment-prompt' })).toBeNull();
  });
});

describe('paragraphParts', () => {
  const para = { index: 0, rawStart: 10, rawEnd: 32, text: 'He said. At least two.' };
  // raw: "He said. AAt least two." (23 code points at 10..33); a doubled capital removed at 19.
  const raw = { ...para, rawEnd: 33 };
  const edit = { stage: 'fix', rule: 'doubled-capital', rawStart: 19, rawEnd: 20, before: 'A', after: '' };

  it('cuts unchanged text at sentence starts and keeps edits whole', () => {
    const parts = paragraphParts(raw, { edits: [edit], findings: [] }, null, [10, 19]);
    expect(rawOfParts(parts)).toBe('He said. AAt least two.');
    expect(parts.map((p) => p.kind)).toEqual(['sentence', 'text', 'sentence', 'edit', 'text']);
  });

  it('marks a finding over plain text as a span, one that crosses an edit as a point', () => {
    const plain = { stage: 'fix', rule: 'x', rawStart: 13, rawEnd: 17, text: 'said', message: 'm' };
    const crossing = { ...plain, rawStart: 18, rawEnd: 21, text: ' AA' };
    const parts = paragraphParts(raw, { edits: [edit], findings: [plain, crossing] }, null);
    expect(
      parts.filter((p) => p.kind === 'text' && p.finding === 0).map((p) => (p as { text: string }).text),
    ).toEqual(['said']);
    expect(parts.some((p) => p.kind === 'finding' && p.index === 1)).toBe(true);
    expect(rawOfParts(parts)).toBe('He said. AAt least two.');
  });

  it('counts offsets in code points, not UTF-16 units', () => {
    // "😀 a  b": an emoji (two UTF-16 units, one code point), then a doubled space fixed at code point 3.
    const p = { index: 0, rawStart: 0, rawEnd: 6, text: '😀 a b' };
    const e = { stage: 'fix', rule: 'multiple-spaces', rawStart: 3, rawEnd: 5, before: '  ', after: ' ' };
    const parts = paragraphParts(p, { edits: [e], findings: [] }, null);
    expect(rawOfParts(parts)).toBe('😀 a  b');
    expect(parts[0]).toMatchObject({ kind: 'text', text: '😀 a' });
  });
});
