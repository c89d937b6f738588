/**
 * Web archive input (WARC / Common Crawl WET, gzipped or not) read with warcio. Each `conversion` record
 * (the extracted text in WET, or such records inside a WARC) is one page; other record types are skipped.
 */
import { WARCParser } from 'warcio';
import type { InputItem } from '../inputs.js';
import { rejectedItem, sha256 } from '../inputs.js';
import type { SourceRecord } from '../schemas.js';
import { fileChunks } from './streams.js';

export async function* readWarc(
  fullPath: string,
  sourcePath: string,
  maxBytes: number,
  onRead?: (bytes: number) => void,
): AsyncGenerator<InputItem> {
  // warcio detects per-record gzip itself, so .warc.gz and .wet.gz need no decompressor here.
  const parser = new WARCParser(fileChunks(fullPath, onRead));
  let lastEnd = 0;
  try {
    for await (const warc of parser) {
      const byteOffset = parser.offset;
      lastEnd = byteOffset;
      const record: SourceRecord = {
        line: null,
        byteOffset,
        id: null,
        url: warc.warcTargetURI ?? null,
        warcRecordId: warc.warcHeader('WARC-Record-ID') ?? null,
        warcDate: warc.warcDate ?? null,
      };
      const type = warc.warcType;
      const protocol = warc.warcHeaders.protocol ?? '';
      if (!type || !protocol.startsWith('WARC/')) {
        yield rejectedItem(
          sourcePath,
          record,
          'malformed-record',
          `no WARC record at byte offset ${byteOffset}: expected a "WARC/1.x" line and a WARC-Type header, got ${JSON.stringify(protocol.slice(0, 40))}`,
        );
        continue;
      }
      if (type !== 'conversion') continue;
      const declared = warc.warcContentLength;
      if (declared > maxBytes) {
        // Not read: warcio skips the unread content when it moves to the next record.
        yield rejectedItem(
          sourcePath,
          record,
          'too-large',
          `record at byte offset ${byteOffset} is ${declared} bytes, more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`,
        );
        continue;
      }
      const bytes = await warc.readFully(false);
      if (bytes.byteLength !== declared) {
        yield rejectedItem(
          sourcePath,
          record,
          'malformed-record',
          `record at byte offset ${byteOffset} is truncated: Content-Length ${declared}, got ${bytes.byteLength} bytes`,
        );
        continue;
      }
      yield { sourcePath, record, bytes, sha256: sha256(bytes), error: null };
    }
  } catch (error) {
    yield rejectedItem(
      sourcePath,
      { line: null, byteOffset: lastEnd, id: null, url: null, warcRecordId: null, warcDate: null },
      'unreadable',
      `cannot read the archive past the record at byte offset ${lastEnd}: ${(error as Error).message}`,
    );
  }
}
