/**
 * Leaner records, by choice: `--lean sentences` writes sentences without their document's provenance (they
 * keep `docId`, the document's `id`, which carries it), and `--lean paragraphs` writes documents whose
 * paragraphs hold `textStart`/`textEnd` (code points into the document's `text`) instead of a second copy of
 * their text. Nothing is lost: the full record can be rebuilt from the lean ones. The default writes full
 * records, the schema as it always was. The lean records' schemas are in writers/lean-schemas.ts: this module
 * runs in the worker threads, which need no schema library.
 */
import type { DocumentRecord, SentenceRecord } from '../schemas.js';
import type { DocumentParts } from './types.js';

export const LEAN = ['sentences', 'paragraphs'] as const;
export type Lean = (typeof LEAN)[number];

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
