/**
 * Leaner records, by choice: `--lean sentences` writes sentences without their document's provenance (they
 * keep `docId`, the document's `id`, which carries it), and `--lean paragraphs` writes documents whose
 * paragraphs hold `textStart`/`textEnd` (code points into the document's `text`) instead of a second copy of
 * their text. Nothing is lost: the full record can be rebuilt from the lean ones. The default writes full
 * records, the schema as it always was.
 */
import { z } from 'zod';
import type { DocumentRecord, SentenceRecord } from '../schemas.js';
import { DocumentRecordSchema, ParagraphSchema, SentenceRecordSchema } from '../schemas.js';
import type { DocumentParts } from './types.js';

export const LEAN = ['sentences', 'paragraphs'] as const;
export type Lean = (typeof LEAN)[number];

const textOffset = (what: string) =>
  z
    .number()
    .int()
    .min(0)
    .describe(
      `${what} offset of the paragraph in the document's text, in code points: text[textStart:textEnd] is the paragraph.`,
    );

export const LeanParagraphSchema = ParagraphSchema.omit({ text: true }).extend({
  textStart: textOffset('Start'),
  textEnd: textOffset('End (exclusive)'),
});

export const LeanDocumentRecordSchema = DocumentRecordSchema.extend({
  paragraphs: z.array(LeanParagraphSchema),
}).describe(
  'One cleaned news document (documents.jsonl), its paragraphs as offsets into its text (--lean paragraphs).',
);

export const LeanSentenceRecordSchema = SentenceRecordSchema.omit({ provenance: true }).describe(
  "One sentence of a document body (sentences.jsonl) without provenance (--lean sentences): its document's id is docId.",
);

/** The record schemas a run with these lean choices writes. */
export function recordSchemas(lean: readonly Lean[]): { document: z.ZodType; sentence: z.ZodType } {
  return {
    document: lean.includes('paragraphs') ? LeanDocumentRecordSchema : DocumentRecordSchema,
    sentence: lean.includes('sentences') ? LeanSentenceRecordSchema : SentenceRecordSchema,
  };
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++;
    else {
      const d = text.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/**
 * The records as the lean choices want them. Idempotent: a record that is already lean (read back from an
 * earlier lean output to be re-stamped) stays as it is, apart from a provenance to strip.
 */
export function leanParts(parts: DocumentParts, lean: readonly Lean[]): DocumentParts {
  if (lean.length === 0) return parts;
  let { document, sentences } = parts;
  if (lean.includes('paragraphs') && document.paragraphs.some((p) => typeof p.text === 'string')) {
    let at = 0;
    const paragraphs = document.paragraphs.map(({ text, ...rest }, i) => {
      const textStart = at + (i === 0 ? 0 : 2); // paragraphs are joined by a blank line ("\n\n")
      const textEnd = textStart + codePoints(text);
      at = textEnd;
      return { ...rest, textStart, textEnd };
    });
    document = { ...document, paragraphs } as unknown as DocumentRecord;
  }
  if (lean.includes('sentences'))
    sentences = sentences.map(({ provenance: _, ...rest }) => rest as unknown as SentenceRecord);
  return { document, sentences };
}
