/**
 * Worker thread entry of cleanStream() (pipeline/stream.ts): cleans a batch of inputs into the records the
 * run writes (pipeline/records.ts cleanToRecords, the function the run's own workers call), as objects.
 */
import type { SiteLines } from '../stages/site-repeated.js';
import type { CleaningConfig } from './config.js';
import { loadHtmlCleaning } from './html-cleaning.js';
import { cleanToRecords } from './records.js';
import type { DocumentRecord, Provenance, RejectedRecord } from './schemas.js';

export interface StreamItem {
  readonly bytes: Uint8Array;
  readonly provenance: Provenance;
  /** Its site (pipeline/site-index.ts siteOf), whose furniture lines travel with the batch. */
  readonly site: string;
  /** An HTML page, cleaned from its text view (stages/html.ts). */
  readonly html?: boolean;
}

export interface StreamBatch {
  readonly cleaning: CleaningConfig;
  readonly items: readonly StreamItem[];
  /** The furniture line keys of the sites of the batch's items, by site. */
  readonly siteLines: Readonly<Record<string, readonly number[]>>;
}

const NONE: SiteLines = new Set();

export default function cleanStreamBatch(
  batch: StreamBatch,
): Array<DocumentRecord | RejectedRecord> | Promise<Array<DocumentRecord | RejectedRecord>> {
  // The HTML half of cleaning is loaded by the first batch that holds an HTML page (pipeline/html-cleaning.ts).
  if (batch.items.some((item) => item.html === true)) return loadHtmlCleaning().then(() => cleanNow(batch));
  return cleanNow(batch);
}

function cleanNow(batch: StreamBatch): Array<DocumentRecord | RejectedRecord> {
  const sites = new Map(Object.entries(batch.siteLines).map(([site, keys]) => [site, new Set(keys)]));
  return batch.items.map((item) => {
    const records = cleanToRecords(
      item.bytes,
      item.provenance,
      batch.cleaning,
      sites.get(item.site) ?? NONE,
      item.html === true,
    );
    return 'code' in records ? records : records.document;
  });
}
