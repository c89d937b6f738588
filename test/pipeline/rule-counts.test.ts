/**
 * ruleCounts (pipeline/records.ts): the counts per "stage.rule" a document adds to run.json and the manifest,
 * keyed in the order the document's logs first name each rule. Its keys are cached per stage and rule; the
 * answers must be those of building each key.
 */
import { describe, expect, it } from 'vitest';
import { ruleCounts } from '../../pipeline/records.js';
import type { DocumentRecord } from '../../pipeline/schemas.js';

/** Only the fields ruleCounts reads: the language and the three logs. */
function record(logs: {
  edits?: [string, string][];
  removed?: [string, string][];
  findings?: [string, string][];
}): DocumentRecord {
  const entry = ([stage, rule]: [string, string]) => ({ stage, rule });
  return {
    language: 'de',
    edits: (logs.edits ?? []).map(entry),
    removed: (logs.removed ?? []).map(entry),
    findings: (logs.findings ?? []).map(entry),
  } as unknown as DocumentRecord;
}

describe('ruleCounts', () => {
  it('counts each stage and rule, findings apart, keys in first-seen order', () => {
    const counts = ruleCounts(
      record({
        edits: [
          ['fix', 'doubled-capital'],
          ['fix', 'space-before-comma'],
          ['fix', 'doubled-capital'],
        ],
        removed: [
          ['density', 'outside-article'],
          ['boilerplate', 'share-prompt'],
          ['density', 'outside-article'],
        ],
        findings: [['fix', 'doubled-capital']],
      }),
    );
    expect(Object.entries(counts)).toEqual([
      ['language.de', 1],
      ['fix.doubled-capital', 2],
      ['fix.space-before-comma', 1],
      ['density.outside-article', 2],
      ['boilerplate.share-prompt', 1],
      ['fix.finding.doubled-capital', 1],
    ]);
  });

  it('gives the same counts on a second document (the cached keys change nothing)', () => {
    const logs = {
      removed: [['a', 'b'] as [string, string], ['a.b', 'c'] as [string, string]],
      findings: [['a', 'b'] as [string, string]],
    };
    expect(ruleCounts(record(logs))).toEqual({ 'language.de': 1, 'a.b': 1, 'a.b.c': 1, 'a.finding.b': 1 });
    expect(Object.keys(ruleCounts(record(logs)))).toEqual(['language.de', 'a.b', 'a.b.c', 'a.finding.b']);
  });
});
