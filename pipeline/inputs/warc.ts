/**
 * Web archive input (WARC / Common Crawl WET, gzipped or not), read by a small strict reader of the WARC
 * framing: a `WARC/1.x` line, header lines, a blank line, exactly Content-Length bytes, then the blank line
 * that ends every record (CRLF CRLF). Each `conversion` record (the extracted text in WET, or such records
 * inside a WARC) is one text page; each `response` record holding a 2xx HTTP response whose Content-Type is
 * HTML is one HTML page (its body, pipeline/inputs/http.ts; the header's charset travels as the decoding hint);
 * other records (and responses that are not HTML pages) are checked the same way and skipped.
 *
 * Why not warcio: it trusts Content-Length (one too small accepted a cut record, one too large swallowed the
 * next record), looped forever on a file cut inside a record it skipped, and printed warnings to stderr.
 *
 * Policy for a broken record (README, "Inputs"): it becomes one `malformed-record` rejection saying what is
 * wrong, every well-formed record before it is kept, and reading resumes at the next line that starts with
 * `WARC/` after the broken record's header (so a record whose Content-Length is too small or too large, or
 * runs past the end of the file, costs only itself). A record larger than cleaning.decode.maxBytes is never
 * held in memory: it is skipped as it streams by, so if its Content-Length lies, the records inside the
 * skipped span cannot be recovered (the rejection says so). A corrupt or cut gzip stream ends the file: the
 * record it cut is `malformed-record`, a break between records `unreadable`.
 */
import type { InputItem } from '../inputs.js';
import { rejectedItem, sha256 } from '../inputs.js';
import type { SourceRecord } from '../schemas.js';
import { GzipError, gunzipMembers } from './gzip-members.js';
import type { Body } from './http.js';
import {
  dechunk,
  decodeContent,
  isHtmlContentType,
  looksLikeHttp,
  MAX_HTTP_HEADER_BYTES,
  parseHttpResponse,
} from './http.js';
import type { OnRead } from './streams.js';
import { fileChunks } from './streams.js';

/** Header blocks longer than this are not WARC headers (Common Crawl's are under 1 KiB). */
export const MAX_HEADER_BYTES = 64 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const RECORD_END = Buffer.from('\r\n\r\n');
const RECORD_START = Buffer.from('\nWARC/');
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

interface Piece {
  readonly bytes: Uint8Array;
  /** Offset in the file: of bytes[0] for an uncompressed file, of the gzip member for a compressed one. */
  readonly origin: number;
  readonly compressed: boolean;
}

async function* pieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Piece> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const head = first.value as Uint8Array;
  // Gzip is recognised by its magic bytes, whatever the file is called (as warcio did).
  if (head.byteLength >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    for await (const piece of gunzipMembers(all()))
      yield { bytes: piece.bytes, origin: piece.member, compressed: true };
    return;
  }
  let at = 0;
  for await (const bytes of all()) {
    yield { bytes, origin: at, compressed: false };
    at += bytes.byteLength;
  }
}

/** A read buffer over the decompressed stream, addressed by absolute decompressed position. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute position of buf[0]. */
  private bufStart = 0;
  /** Read head (absolute); bytes before it may be dropped. */
  cursor = 0;
  done = false;
  /** Why the stream ended early (a corrupt or cut gzip stream), once it has. */
  failure: GzipError | null = null;
  /** [decompressed position, file offset of its gzip member] for compressed input. */
  private members: Array<readonly [number, number]> = [];
  private compressed = false;
  private readonly source: AsyncGenerator<Piece>;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.source = pieces(chunks);
  }

  get end(): number {
    return this.bufStart + this.buf.byteLength;
  }

  /** Reads until at least n bytes follow the cursor or the stream ends; returns how many do. */
  async fill(n: number): Promise<number> {
    if (this.end - this.cursor >= n || this.done) return this.end - this.cursor;
    const parts: Uint8Array[] = [this.buf.subarray(this.cursor - this.bufStart)];
    let have = this.end - this.cursor;
    let position = this.end;
    while (have < n && !this.done) {
      let next: IteratorResult<Piece>;
      try {
        next = await this.source.next();
      } catch (error) {
        if (!(error instanceof GzipError)) throw error;
        this.failure = error;
        this.done = true;
        break;
      }
      if (next.done) {
        this.done = true;
        break;
      }
      const { bytes, origin, compressed } = next.value;
      if (compressed) {
        this.compressed = true;
        const last = this.members.at(-1);
        if (!last || last[1] !== origin) this.members.push([position, origin]);
      }
      parts.push(bytes);
      have += bytes.byteLength;
      position += bytes.byteLength;
    }
    this.buf = Buffer.concat(parts);
    this.bufStart = this.cursor;
    return have;
  }

  /** The bytes [from, to) (absolute; must be buffered). A view: copy before keeping it. */
  view(from: number, to: number): Buffer {
    return this.buf.subarray(from - this.bufStart, to - this.bufStart);
  }

  /** Position of needle at or after from (absolute) within the buffered bytes before limit, or -1. */
  find(needle: Buffer, from: number, limit = this.end): number {
    const at = this.buf.subarray(0, limit - this.bufStart).indexOf(needle, Math.max(0, from - this.bufStart));
    return at < 0 ? -1 : at + this.bufStart;
  }

  /** Where a record that starts at position pos starts in the file. */
  fileOffset(pos: number): number {
    if (!this.compressed) return pos;
    let offset = 0;
    for (const [start, member] of this.members) {
      if (start > pos) break;
      offset = member;
    }
    // Members before the one holding pos are no longer needed.
    while (this.members.length > 1 && this.members[1]![0] <= pos) this.members.shift();
    return offset;
  }

  /** Moves the cursor n bytes on, reading (and dropping) what is not buffered; returns how many it moved. */
  async skip(n: number): Promise<number> {
    let moved = 0;
    while (moved < n) {
      const have = await this.fill(1);
      if (have === 0) break;
      const step = Math.min(have, n - moved);
      this.cursor += step;
      moved += step;
      if (this.cursor === this.end) {
        this.buf = Buffer.alloc(0);
        this.bufStart = this.cursor;
      }
    }
    return moved;
  }
}

interface Header {
  readonly version: string;
  readonly fields: Map<string, string>;
}

function parseHeader(block: Buffer): Header | string {
  const lines = latin1.decode(block).split(/\r?\n/);
  const version = lines[0] ?? '';
  if (!/^WARC\/\d+\.\d+$/.test(version))
    return `expected a "WARC/1.x" line, got ${JSON.stringify(version.slice(0, 40))}`;
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last !== null) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`); // a folded continuation line
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return `header line ${JSON.stringify(line.slice(0, 40))} has no "Name: value" form`;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
  }
  return { version, fields };
}

/** A header value as text: WARC headers are UTF-8 (WARC 1.1), read as latin1 above to keep every byte. */
function text(value: string | undefined): string | null {
  if (value === undefined) return null;
  return utf8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff));
}

/** The WARC Content-Type of a record says it holds an HTTP message (or, when absent, its block starts like one). */
function holdsHttp(fields: Map<string, string>, block: Uint8Array): boolean {
  const type = fields.get('content-type');
  return type === undefined ? looksLikeHttp(block) : /^application\/http\b/i.test(type);
}

/**
 * What a `response` record gives: an HTML page (a 2xx response whose HTTP Content-Type is text/html or
 * application/xhtml+xml), a rejection (its HTTP header or body is broken, or the page is too large), or
 * null: not HTTP (a dns: record), not HTML (an image, a script), or not a 2xx page (a redirect, a 404), skipped
 * like request and metadata records.
 */
function responseItem(
  sourcePath: string,
  record: SourceRecord,
  fields: Map<string, string>,
  block: Uint8Array,
  described: string,
  maxBytes: number,
): InputItem | null {
  if (!holdsHttp(fields, block)) return null;
  const http = parseHttpResponse(block);
  if (typeof http === 'string')
    return rejectedItem(sourcePath, record, 'malformed-record', `${described}: ${http}`);
  const contentType = http.headers.get('content-type');
  if (!isHtmlContentType(contentType) || http.status < 200 || http.status > 299) return null;
  let body: Body = block.subarray(http.bodyStart);
  if (/\bchunked\b/i.test(http.headers.get('transfer-encoding') ?? '')) body = dechunk(body, maxBytes);
  if (body instanceof Uint8Array)
    body = decodeContent(body, http.headers.get('content-encoding') ?? '', maxBytes);
  if (body === 'too-large' || (body instanceof Uint8Array && body.byteLength > maxBytes))
    return rejectedItem(
      sourcePath,
      record,
      'too-large',
      `${described}: its page is more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`,
    );
  if (!(body instanceof Uint8Array))
    return rejectedItem(sourcePath, record, 'malformed-record', `${described}: ${body.broken}`);
  // A copy that owns its memory: the read buffer is shared and is transferred to a worker otherwise.
  const bytes = Uint8Array.prototype.slice.call(body);
  return {
    sourcePath,
    record,
    bytes,
    sha256: sha256(bytes),
    html: true,
    httpContentType: (contentType ?? '').slice(0, 200),
    error: null,
  };
}

/** Whether the start of a response record's block shows an HTML page (for a record too large to read whole). */
function isHtmlResponseHead(fields: Map<string, string>, head: Uint8Array): boolean {
  if (!holdsHttp(fields, head)) return false;
  const http = parseHttpResponse(head);
  return (
    typeof http !== 'string' &&
    isHtmlContentType(http.headers.get('content-type')) &&
    http.status >= 200 &&
    http.status <= 299
  );
}

export async function* readWarc(
  fullPath: string,
  sourcePath: string,
  maxBytes: number,
  onRead?: OnRead,
): AsyncGenerator<InputItem> {
  const reader = new Reader(fileChunks(fullPath, onRead));
  let failureReported = false;
  const cut = () => {
    if (!reader.failure) return '';
    failureReported = true;
    return ` (${reader.failure.message})`;
  };
  const at = (byteOffset: number, fields?: Map<string, string>): SourceRecord => ({
    line: null,
    byteOffset,
    id: null,
    url: fields ? text(fields.get('warc-target-uri')?.replace(/^<(.*)>$/, '$1')) : null,
    warcRecordId: fields ? text(fields.get('warc-record-id')) : null,
    warcDate: fields ? text(fields.get('warc-date')) : null,
  });

  /** Moves the cursor to the next line starting with `WARC/` at or after from; false at the end of input. */
  const resync = async (from: number): Promise<boolean> => {
    let scanFrom = from - 1; // a record right at `from` counts when a line feed precedes it
    for (;;) {
      const found = reader.find(RECORD_START, scanFrom);
      if (found >= 0) {
        reader.cursor = found + 1;
        return true;
      }
      if (reader.done) {
        reader.cursor = reader.end;
        return false;
      }
      // Drop what was scanned but the last few bytes: the marker may straddle the next read.
      reader.cursor = Math.max(reader.cursor, reader.end - RECORD_START.byteLength);
      scanFrom = reader.cursor;
      await reader.fill(reader.end - reader.cursor + 64 * 1024);
    }
  };

  for (;;) {
    // Blank lines between records are tolerated (some writers add more than the two the format asks for).
    for (;;) {
      if ((await reader.fill(1)) === 0) break;
      const byte = reader.view(reader.cursor, reader.cursor + 1)[0];
      if (byte !== CR && byte !== LF) break;
      reader.cursor++;
    }
    if ((await reader.fill(1)) === 0) break;
    const start = reader.cursor;
    const byteOffset = reader.fileOffset(start);

    // The header block: up to and including the blank line that ends it.
    let headerEnd = -1;
    for (let scanned = start; ; ) {
      const found = reader.find(RECORD_END, scanned, Math.min(reader.end, start + MAX_HEADER_BYTES));
      if (found >= 0) {
        headerEnd = found;
        break;
      }
      if (reader.end - start >= MAX_HEADER_BYTES || reader.done) break;
      scanned = Math.max(start, reader.end - RECORD_END.byteLength);
      await reader.fill(reader.end - reader.cursor + 64 * 1024);
    }
    if (headerEnd < 0) {
      const head = reader.view(start, Math.min(reader.end, start + 40));
      const isWarc = head.subarray(0, 5).toString('latin1') === 'WARC/';
      const reason = !isWarc
        ? `no WARC record at byte offset ${byteOffset}: expected a "WARC/1.x" line, got ${JSON.stringify(latin1.decode(head))}`
        : reader.done
          ? `record at byte offset ${byteOffset} is truncated inside its header${cut()}`
          : `record at byte offset ${byteOffset} has a header longer than ${MAX_HEADER_BYTES} bytes`;
      yield rejectedItem(sourcePath, at(byteOffset), 'malformed-record', reason);
      if (await resync(start + 1)) continue;
      break;
    }
    const header = parseHeader(reader.view(start, headerEnd));
    const contentStart = headerEnd + RECORD_END.byteLength;
    if (typeof header === 'string') {
      yield rejectedItem(
        sourcePath,
        at(byteOffset),
        'malformed-record',
        `no WARC record at byte offset ${byteOffset}: ${header}`,
      );
      if (await resync(start + 1)) continue;
      break;
    }
    const record = at(byteOffset, header.fields);
    const type = header.fields.get('warc-type');
    const lengthField = header.fields.get('content-length') ?? '';
    if (!/^\d{1,15}$/.test(lengthField) || !type) {
      const what = !type
        ? 'no WARC-Type header'
        : `no valid Content-Length (got ${JSON.stringify(lengthField.slice(0, 20))})`;
      yield rejectedItem(
        sourcePath,
        record,
        'malformed-record',
        `record at byte offset ${byteOffset} has ${what}`,
      );
      if (await resync(contentStart)) continue;
      break;
    }
    const declared = Number(lengthField);
    const described = `record at byte offset ${byteOffset} (WARC-Type ${type}, Content-Length ${declared})`;

    if (declared > maxBytes) {
      // Streamed past, never held: a page this size is rejected unread (other record types are skipped). A
      // response record's HTTP header is looked at first, to tell an HTML page from an image or a video.
      reader.cursor = contentStart;
      let page = type === 'conversion';
      if (type === 'response') {
        const peek = Math.min(declared, await reader.fill(MAX_HTTP_HEADER_BYTES));
        page = isHtmlResponseHead(header.fields, reader.view(contentStart, contentStart + peek));
      }
      const moved = await reader.skip(declared);
      if (moved < declared) {
        yield rejectedItem(
          sourcePath,
          record,
          'malformed-record',
          `${described} is truncated: the file ends ${moved} bytes into it${cut()}; records inside the skipped span cannot be recovered`,
        );
        break;
      }
      const tail = await reader.fill(RECORD_END.byteLength);
      const ends = reader.view(reader.cursor, reader.cursor + Math.min(tail, 4));
      const ok =
        tail >= 4 ? ends.equals(RECORD_END) : RECORD_END.subarray(0, tail).equals(ends) && reader.done;
      if (page) {
        yield rejectedItem(
          sourcePath,
          record,
          ok ? 'too-large' : 'malformed-record',
          ok
            ? `record at byte offset ${byteOffset} is ${declared} bytes, more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`
            : `${described} is more than the limit of ${maxBytes} bytes and is not followed by the blank line that ends a record: its Content-Length is wrong, and records inside the skipped span cannot be recovered`,
        );
      } else if (!ok) {
        yield rejectedItem(
          sourcePath,
          record,
          'malformed-record',
          `${described} is not followed by the blank line that ends a record: its Content-Length is wrong; records inside the skipped span cannot be recovered`,
        );
      }
      if (ok) {
        reader.cursor += Math.min(tail, 4);
        continue;
      }
      if (await resync(reader.cursor)) continue;
      break;
    }

    // Content and the record end, held in memory (at most maxBytes + 4).
    reader.cursor = start;
    const have = await reader.fill(contentStart - start + declared + RECORD_END.byteLength);
    const available = start + have - contentStart;
    if (available < declared) {
      yield rejectedItem(
        sourcePath,
        record,
        'malformed-record',
        `${described} is truncated: the file ends ${available} bytes into its content${cut()}`,
      );
      if (await resync(contentStart)) continue;
      break;
    }
    const contentEnd = contentStart + declared;
    const trailer = reader.view(contentEnd, Math.min(reader.end, contentEnd + 4));
    // The file may end right after the content, or inside the final blank line, and still be whole.
    const ends =
      trailer.equals(RECORD_END) ||
      (reader.done &&
        reader.end === contentEnd + trailer.byteLength &&
        RECORD_END.subarray(0, trailer.byteLength).equals(trailer));
    if (!ends) {
      yield rejectedItem(
        sourcePath,
        record,
        'malformed-record',
        `${described} is not followed by the blank line that ends a record: its Content-Length does not match the record${cut()}`,
      );
      if (await resync(contentStart)) continue;
      break;
    }
    if (type === 'conversion') {
      // A copy that owns its memory: the read buffer is shared and is transferred to a worker otherwise.
      const bytes = Uint8Array.prototype.slice.call(reader.view(contentStart, contentEnd));
      yield { sourcePath, record, bytes, sha256: sha256(bytes), error: null };
    } else if (type === 'response') {
      const item = responseItem(
        sourcePath,
        record,
        header.fields,
        reader.view(contentStart, contentEnd),
        described,
        maxBytes,
      );
      if (item) yield item;
    }
    reader.cursor = contentEnd + trailer.byteLength;
  }
  if (reader.failure && !failureReported) {
    // The stream broke between records: a member cut short held (the start of) a record, one that is not
    // gzip at all leaves the rest of the file unreadable.
    const { member, truncated, message } = reader.failure;
    yield rejectedItem(
      sourcePath,
      at(member),
      truncated ? 'malformed-record' : 'unreadable',
      truncated
        ? `record at byte offset ${member} is truncated: ${message}`
        : `cannot read the archive past byte offset ${member}: ${message}`,
    );
  }
}
