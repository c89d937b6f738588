/** Worker thread entry: cleans a batch of inputs. CPU work only; the main thread reads and writes. */
import { cleanBytes } from './clean.js';
import type { ConfigFile } from './config.js';
import { documentRecords, ruleCounts } from './records.js';
import type { DocumentRecord, Provenance, RejectedRecord, SentenceRecord } from './schemas.js';

export interface WorkItem {
  readonly provenance: Provenance;
  readonly bytes: Uint8Array;
}

export type WorkResult =
  | {
      readonly kind: 'document';
      readonly document: DocumentRecord;
      readonly sentences: SentenceRecord[];
      readonly counts: Record<string, number>;
    }
  | { readonly kind: 'rejected'; readonly rejected: RejectedRecord };

/** A task: the cleaning options travel with each batch, so the worker holds no state between tasks. */
export interface WorkBatch {
  readonly cleaning: ConfigFile['cleaning'];
  readonly items: readonly WorkItem[];
}

export function cleanItem(item: WorkItem, cleaning: ConfigFile['cleaning']): WorkResult {
  const { provenance } = item;
  const cleaned = cleanBytes(item.bytes, cleaning);
  if (!cleaned.ok) {
    return {
      kind: 'rejected',
      rejected: {
        sourcePath: provenance.sourcePath,
        record: provenance.record,
        sourceSha256: provenance.sourceSha256,
        code: cleaned.code,
        reason: cleaned.reason,
        pipelineVersion: provenance.pipelineVersion,
        configHash: provenance.configHash,
      },
    };
  }
  const { document, sentences } = documentRecords(provenance.sourceSha256.slice(0, 16), provenance, cleaned);
  return { kind: 'document', document, sentences, counts: ruleCounts(document) };
}

export default function cleanBatch(batch: WorkBatch): WorkResult[] {
  return batch.items.map((item) => cleanItem(item, batch.cleaning));
}
