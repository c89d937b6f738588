/**
 * Exact dedupe, the step between reading and cleaning: an input whose bytes equal an earlier input's (same
 * document id) becomes a duplicate record pointing at the first one in input order (sorted paths, then record
 * order: a stable key, not the order workers finish in). An input that could not be read becomes a rejected
 * record. Everything else goes on to cleaning with its provenance.
 *
 * Its memory grows with the number of distinct documents (an id and a path each), not with their size.
 */
import type { InputItem } from './inputs.js';
import type { DuplicateRecord, Provenance, RejectedRecord } from './schemas.js';

/** What a record carries about the run that wrote it. */
export interface RunStamp {
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
  readonly configHash: string;
}

export type Admission =
  | { readonly kind: 'rejected'; readonly rejected: RejectedRecord }
  | { readonly kind: 'duplicate'; readonly duplicate: DuplicateRecord }
  | {
      readonly kind: 'new';
      readonly id: string;
      readonly provenance: Provenance;
      readonly bytes: Uint8Array;
      /** An HTML page (InputItem.html). */
      readonly html: boolean;
    };

export class ExactDedupe {
  private readonly seen = new Map<string, string>(); // document id → canonical source path

  constructor(private readonly stamp: RunStamp) {}

  admit(item: InputItem): Admission {
    if (item.error || !item.bytes || !item.sha256) {
      return {
        kind: 'rejected',
        rejected: {
          sourcePath: item.sourcePath,
          record: item.record,
          sourceSha256: item.sha256,
          code: item.error?.code ?? 'unreadable',
          reason: item.error?.reason ?? 'no bytes read',
          ...this.stamp,
        },
      };
    }
    const id = item.sha256.slice(0, 16);
    const duplicate = this.duplicateOf(item.sourcePath, item.record, item.sha256);
    if (duplicate !== null) return { kind: 'duplicate', duplicate };
    return {
      kind: 'new',
      id,
      bytes: item.bytes,
      html: item.html === true,
      provenance: {
        sourcePath: item.sourcePath,
        sourceSha256: item.sha256,
        sourceBytes: item.bytes.byteLength,
        record: item.record,
        // Present only for a WARC response's page, so every other record keeps its bytes exactly.
        ...(item.httpContentType !== undefined ? { httpContentType: item.httpContentType } : {}),
        ...this.stamp,
      },
    };
  }

  /**
   * The duplicate record of an input whose bytes (sha256) an earlier input had, or null when it is the first:
   * it is then remembered as the canonical copy. The merge of a sharded run (merge.ts) asks this in input order.
   */
  duplicateOf(sourcePath: string, record: InputItem['record'], sha256: string): DuplicateRecord | null {
    const id = sha256.slice(0, 16);
    const canonical = this.seen.get(id);
    if (canonical === undefined) {
      this.seen.set(id, sourcePath);
      return null;
    }
    return {
      sourcePath,
      record,
      sourceSha256: sha256,
      duplicateOf: id,
      canonicalPath: canonical,
      ...this.stamp,
    };
  }
}
