/** Exact dedupe: the first input with given bytes is the document; later ones point at it. */
import { describe, expect, it } from 'vitest';
import { ExactDedupe } from '../../pipeline/dedupe.js';
import type { InputItem } from '../../pipeline/inputs.js';

const stamp = { pipelineVersion: '1.0.0', codeFingerprint: 'c'.repeat(16), configHash: 'h'.repeat(16) };
const item = (sourcePath: string, sha: string | null, bytes: string | null = 'text'): InputItem => ({
  sourcePath,
  record: null,
  bytes: bytes === null ? null : new TextEncoder().encode(bytes),
  sha256: sha,
  error: null,
});

describe('ExactDedupe', () => {
  it('admits the first input with given bytes and marks later ones duplicates of it', () => {
    const dedupe = new ExactDedupe(stamp);
    const a = dedupe.admit(item('a/1.txt', `${'1'.repeat(16)}${'0'.repeat(48)}`));
    const b = dedupe.admit(item('b/2.txt', `${'2'.repeat(16)}${'0'.repeat(48)}`));
    const c = dedupe.admit(item('c/3.txt', `${'1'.repeat(16)}${'0'.repeat(48)}`));
    expect(a).toMatchObject({
      kind: 'new',
      id: '1'.repeat(16),
      provenance: { sourcePath: 'a/1.txt', sourceBytes: 4 },
    });
    expect(b.kind).toBe('new');
    expect(c).toEqual({
      kind: 'duplicate',
      duplicate: {
        sourcePath: 'c/3.txt',
        record: null,
        sourceSha256: `${'1'.repeat(16)}${'0'.repeat(48)}`,
        duplicateOf: '1'.repeat(16),
        canonicalPath: 'a/1.txt',
        ...stamp,
      },
    });
  });

  it('turns an unreadable input into a rejected record with its error, and remembers nothing of it', () => {
    const dedupe = new ExactDedupe(stamp);
    const broken: InputItem = {
      ...item('x.jsonl', null, null),
      error: { code: 'malformed-record', reason: 'not JSON at byte 3' },
    };
    expect(dedupe.admit(broken)).toEqual({
      kind: 'rejected',
      rejected: {
        sourcePath: 'x.jsonl',
        record: null,
        sourceSha256: null,
        code: 'malformed-record',
        reason: 'not JSON at byte 3',
        ...stamp,
      },
    });
    expect(dedupe.admit(item('y.txt', null, null))).toMatchObject({
      kind: 'rejected',
      rejected: { code: 'unreadable', reason: 'no bytes read' },
    });
  });
});
