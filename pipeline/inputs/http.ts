/**
 * The HTTP message inside a WARC `response` record: its status line and headers, and its body as the page's
 * bytes (chunked transfer coding undone, a gzip/deflate/br content coding decompressed within the size limit).
 * Common Crawl stores bodies already decoded (renaming the headers X-Crawler-Transfer-Encoding and
 * X-Crawler-Content-Encoding); other crawlers may keep them as sent, so both are handled. Problems come back as
 * a reason in words, never thrown.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Header blocks longer than this are not HTTP headers of a page. */
export const MAX_HTTP_HEADER_BYTES = 64 * 1024;

export interface HttpResponse {
  readonly status: number;
  /** Header names lowercased; a repeated header keeps its first value. */
  readonly headers: ReadonlyMap<string, string>;
  /** Offset of the body in the block. */
  readonly bodyStart: number;
}

const latin1 = new TextDecoder('latin1');

/** The end of the header block (the offset after its blank line), CRLF or bare LF, or -1 if not within limit. */
function headerEnd(block: Uint8Array, limit: number): number {
  const n = Math.min(block.length, limit);
  for (let i = 0; i < n; i++) {
    if (block[i] !== 0x0a) continue;
    if (block[i + 1] === 0x0a) return i + 2;
    if (block[i + 1] === 0x0d && block[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Whether a record block starts like an HTTP response ("HTTP/"). */
export function looksLikeHttp(block: Uint8Array): boolean {
  return latin1.decode(block.subarray(0, 5)) === 'HTTP/';
}

/** The status line and headers of an HTTP response block, or why they are broken. */
export function parseHttpResponse(block: Uint8Array): HttpResponse | string {
  const end = headerEnd(block, MAX_HTTP_HEADER_BYTES);
  if (end < 0) {
    return block.length > MAX_HTTP_HEADER_BYTES
      ? `its HTTP header is longer than ${MAX_HTTP_HEADER_BYTES} bytes`
      : 'its HTTP header never ends (no blank line after it)';
  }
  const lines = latin1.decode(block.subarray(0, end)).split(/\r?\n/);
  const statusLine = lines[0] ?? '';
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})(?: |$)/.exec(statusLine);
  if (!match)
    return `its HTTP status line is ${JSON.stringify(statusLine.slice(0, 60))}, not "HTTP/1.x NNN ..."`;
  const headers = new Map<string, string>();
  let last: string | null = null;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && last !== null) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      return `its HTTP header line ${JSON.stringify(line.slice(0, 60))} has no "Name: value" form`;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
  }
  return { status: Number(match[1]), headers, bodyStart: end };
}

/** Whether a Content-Type value names an HTML page (text/html or application/xhtml+xml). */
export function isHtmlContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/** A body decoded: its bytes, 'too-large' past maxBytes, or why it is broken (in words). */
export type Body = Uint8Array | 'too-large' | { readonly broken: string };

/** A chunked body decoded (the chunk sizes and line ends dropped). */
export function dechunk(body: Uint8Array, maxBytes: number): Body {
  const parts: Uint8Array[] = [];
  let size = 0;
  let at = 0;
  for (;;) {
    const eol = body.indexOf(0x0a, at);
    if (eol < 0 || eol - at > 1024)
      return { broken: `the chunked body is broken: no chunk size line at body byte ${at}` };
    const line = latin1.decode(body.subarray(at, eol)).replace(/\r$/, '');
    const sizeMatch = /^([0-9a-fA-F]{1,8})(?:;.*)?\s*$/.exec(line);
    if (!sizeMatch)
      return {
        broken: `the chunked body is broken: ${JSON.stringify(line.slice(0, 20))} at body byte ${at} is not a chunk size`,
      };
    const length = Number.parseInt(sizeMatch[1]!, 16);
    at = eol + 1;
    if (length === 0) break; // trailers, if any, are not needed
    if (at + length > body.length)
      return {
        broken: `the chunked body is broken: a chunk of ${length} bytes at body byte ${at} runs past the record's end`,
      };
    size += length;
    if (size > maxBytes) return 'too-large';
    parts.push(body.subarray(at, at + length));
    at += length;
    if (body[at] === 0x0d) at++;
    if (body[at] !== 0x0a)
      return { broken: `the chunked body is broken: no line end after the chunk ending at body byte ${at}` };
    at++;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** A body with its Content-Encoding undone (never inflated past maxBytes + 1 bytes: a bomb stops there). */
export function decodeContent(body: Uint8Array, coding: string, maxBytes: number): Body {
  const name = coding.trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  const limit = { maxOutputLength: maxBytes + 1 };
  try {
    if (name === 'gzip' || name === 'x-gzip') return new Uint8Array(gunzipSync(body, limit));
    if (name === 'br') return new Uint8Array(brotliDecompressSync(body, limit));
    if (name === 'deflate') {
      // "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
      try {
        return new Uint8Array(inflateSync(body, limit));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
        return new Uint8Array(inflateRawSync(body, limit));
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return 'too-large';
    return {
      broken: `its body does not decompress as Content-Encoding ${name}: ${(error as Error).message}`,
    };
  }
  return {
    broken: `its Content-Encoding ${JSON.stringify(coding.slice(0, 40))} is not one newsclean decodes (gzip, deflate, br)`,
  };
}
