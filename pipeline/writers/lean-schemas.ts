/**
 * The schemas of the lean records (writers/lean.ts): what `schema` writes and what the Parquet files' columns
 * are made from. Main thread only: kept apart from writers/lean.ts so that the worker threads, which encode
 * records but never validate them, do not load zod (about a third of a worker's start-up CPU).
 */
import { z } from 'zod';
import { DocumentRecordSchema, ParagraphSchema, SentenceRecordSchema } from '../schemas.js';
import type { Lean } from './lean.js';

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
