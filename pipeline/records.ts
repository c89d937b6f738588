/** Turns a cleaned document state into the records newsclean writes. Offsets become code points here. */
import type { DocState } from '../stages/document.js';
import { applyEdits, bodyRuns } from '../stages/document.js';
import type { Cleaned } from './clean.js';
import { codePointMapper } from './offsets.js';
import type { DocumentRecord, Provenance, SentenceRecord } from './schemas.js';

export function documentRecords(
  id: string,
  provenance: Provenance,
  cleaned: Cleaned,
): { document: DocumentRecord; sentences: SentenceRecord[] } {
  const state: DocState = cleaned.state;
  const cp = codePointMapper(state.raw);
  const span = <T extends { rawStart: number; rawEnd: number }>(item: T): T => ({
    ...item,
    rawStart: cp(item.rawStart),
    rawEnd: cp(item.rawEnd),
  });
  const runs = bodyRuns(state);
  const paragraphs = runs.map((run, index) => ({
    index,
    rawStart: cp(run.rawStart),
    rawEnd: cp(run.rawEnd),
    text: applyEdits(state.raw, run.rawStart, run.rawEnd, state.edits).text,
  }));
  // Sentences come in paragraph order: one walk over the runs finds each sentence's paragraph.
  let runIndex = 0;
  const sentences: SentenceRecord[] = state.sentences.map((sentence, index) => {
    while (runIndex < runs.length - 1 && sentence.rawStart >= runs[runIndex]!.rawEnd) runIndex++;
    return {
      docId: id,
      index,
      paragraph: runIndex,
      rawStart: cp(sentence.rawStart),
      rawEnd: cp(sentence.rawEnd),
      text: sentence.text,
      provenance,
    };
  });
  const { metadata } = state;
  const document: DocumentRecord = {
    id,
    provenance,
    decoding: cleaned.decoded,
    language: metadata.language,
    languageConfidence: metadata.languageConfidence,
    title: metadata.title,
    section: metadata.section,
    standfirst: [...metadata.standfirst],
    byline: metadata.byline,
    published: metadata.published,
    credits: [...metadata.credits],
    text: paragraphs.map((p) => p.text).join('\n\n'),
    paragraphs,
    sentenceCount: sentences.length,
    // Spreading keeps each log entry's key order (the schema's); only the offsets change unit.
    edits: state.edits.map(span),
    removed: state.removed.map(span),
    findings: state.findings.map(span),
  };
  return { document, sentences };
}

/**
 * Counts per "stage.rule" of what a document's cleaning did, for run.json; the language stage counts each
 * document once under "language.<code>".
 */
export function ruleCounts(document: DocumentRecord): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  add(`language.${document.language}`);
  for (const edit of document.edits) add(`${edit.stage}.${edit.rule}`);
  for (const removal of document.removed) add(`${removal.stage}.${removal.rule}`);
  for (const finding of document.findings) add(`${finding.stage}.finding.${finding.rule}`);
  return counts;
}
