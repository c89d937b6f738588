/**
 * JSON Lines input: one page per line, as {text or html, id, url} under configurable field names (dotted paths
 * reach into nested objects). Each line becomes one input item; a bad line becomes a rejected item and
 * the file goes on.
 */
import type { InputConfig } from '../config.js';
import type { InputItem } from '../inputs.js';
import { rejectedItem, sha256 } from '../inputs.js';
import type { SourceRecord } from '../schemas.js';
import type { Compression, OnRead } from './streams.js';
import { decompress, fileChunks, splitLines } from './streams.js';

/** JSON escapes can make a line longer than its text; past this, a line is rejected without parsing. */
export function maxLineBytes(maxBytes: number): number {
  return 2 * maxBytes + 64 * 1024;
}

function field(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function optionalString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export async function* readJsonl(
  fullPath: string,
  sourcePath: string,
  compression: Compression,
  maxBytes: number,
  input: InputConfig['jsonl'],
  onRead?: OnRead,
): AsyncGenerator<InputItem> {
  const limit = maxLineBytes(maxBytes);
  let lastLine = 0;
  const located = (line: number): SourceRecord => ({
    line,
    byteOffset: null,
    id: null,
    url: null,
    warcRecordId: null,
    warcDate: null,
  });
  try {
    for await (const { line, bytes, length } of splitLines(
      decompress(fileChunks(fullPath, onRead), compression),
      limit,
    )) {
      lastLine = line;
      if (bytes === null) {
        yield rejectedItem(
          sourcePath,
          located(line),
          'too-large',
          `line ${line} is more than ${limit} bytes (${length}+): its text cannot fit the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`,
        );
        continue;
      }
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        yield rejectedItem(sourcePath, located(line), 'malformed-record', `line ${line} is not valid UTF-8`);
        continue;
      }
      if (text.trim() === '') continue; // blank lines separate nothing in JSON Lines; skip them quietly
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield rejectedItem(
          sourcePath,
          located(line),
          'malformed-record',
          `line ${line} is not valid JSON: ${(error as Error).message}`,
        );
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield rejectedItem(
          sourcePath,
          located(line),
          'malformed-record',
          `line ${line} is not a JSON object`,
        );
        continue;
      }
      const record: SourceRecord = {
        ...located(line),
        id: optionalString(field(value, input.idField)),
        url: optionalString(field(value, input.urlField)),
      };
      // A record with both a text and an html field is read by input.jsonl.prefer (text by default).
      const textValue = field(value, input.textField);
      const html = field(value, input.htmlField);
      const useHtml = typeof html === 'string' && (input.prefer === 'html' || typeof textValue !== 'string');
      const body = useHtml ? html : textValue;
      if (typeof body !== 'string') {
        yield rejectedItem(
          sourcePath,
          record,
          'malformed-record',
          `line ${line} has no string field \`${input.textField}\` or \`${input.htmlField}\` (config input.jsonl.textField, htmlField)`,
        );
        continue;
      }
      const encoded = encoder.encode(body);
      if (encoded.byteLength > maxBytes) {
        yield rejectedItem(
          sourcePath,
          record,
          'too-large',
          `the ${useHtml ? 'html' : 'text'} on line ${line} is ${encoded.byteLength} bytes, more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`,
        );
        continue;
      }
      // The page's string is written as UTF-8: a <meta> naming an older encoding is then stale, and
      // stages/decode-html.ts decodes the bytes as UTF-8 (valid UTF-8 holding non-ASCII beats a legacy meta).
      yield useHtml
        ? { sourcePath, record, bytes: encoded, sha256: sha256(encoded), html: true, error: null }
        : { sourcePath, record, bytes: encoded, sha256: sha256(encoded), error: null };
    }
  } catch (error) {
    // A broken compressed stream or a read error: nothing after this point can be trusted.
    yield rejectedItem(
      sourcePath,
      located(lastLine + 1),
      'unreadable',
      `cannot read past line ${lastLine} (${compression === 'none' ? 'read error' : `${compression} stream`}): ${(error as Error).message}`,
    );
  }
}
