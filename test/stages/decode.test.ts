import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, firstInvalidUtf8, utf8Counts } from '../../stages/decode.js';

const options = { maxBytes: 1024 };
const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(...(endian === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return new Uint8Array(out);
}

/** Whether a fatal TextDecoder (the reference decode validates with) accepts the bytes as UTF-8. */
function fatallyValid(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes near the edges of UTF-8's ranges, drawn far more often than uniform bytes would draw them. */
const edgeByte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(
    0x00,
    0x41,
    0x7f,
    0x80,
    0x8f,
    0x90,
    0x9f,
    0xa0,
    0xbd,
    0xbf,
    0xc0,
    0xc1,
    0xc2,
    0xdf,
    0xe0,
    0xed,
    0xef,
    0xf0,
    0xf4,
    0xf5,
    0xff,
  ),
);

describe('decode', () => {
  it('decodes UTF-8 and reports LF line endings', () => {
    const result = decode(utf8('Minsk «protests» — 100,000 people\nSecond line'), options);
    expect(result).toEqual({
      ok: true,
      text: 'Minsk «protests» — 100,000 people\nSecond line',
      encoding: 'utf-8',
      bom: false,
      lineEndings: 'lf',
    });
  });

  it('drops a UTF-8 byte order mark and says so, so offsets count from the first character', () => {
    const result = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Title\n')]), options);
    expect(result.ok && result.text).toBe('Title\n');
    expect(result.ok && result.bom).toBe(true);
  });

  it('keeps CRLF in the text (offsets stay true to the file) and reports it', () => {
    const result = decode(utf8('Title\r\n\r\nBody.\r\n'), options);
    expect(result.ok && result.text).toBe('Title\r\n\r\nBody.\r\n');
    expect(result.ok && result.lineEndings).toBe('crlf');
    expect(decode(utf8('a\r\nb\nc'), options)).toMatchObject({ lineEndings: 'mixed' });
  });

  it('decodes UTF-16 with a byte order mark, either byte order', () => {
    expect(decode(utf16('Héllo world', 'le', true), options)).toMatchObject({
      ok: true,
      text: 'Héllo world',
      encoding: 'utf-16le',
      bom: true,
    });
    expect(decode(utf16('Héllo world', 'be', true), options)).toMatchObject({
      ok: true,
      text: 'Héllo world',
      encoding: 'utf-16be',
    });
  });

  it('rejects UTF-16 without a byte order mark instead of guessing', () => {
    expect(decode(utf16('Hello world, this is text', 'le', false), options)).toMatchObject({
      ok: false,
      code: 'utf16-without-bom',
    });
  });

  it('rejects invalid UTF-8 and names the byte offset', () => {
    const bytes = new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' au lait')]); // Latin-1 é
    const result = decode(bytes, options);
    expect(result).toMatchObject({ ok: false, code: 'invalid-utf8' });
    expect(!result.ok && result.reason).toContain('byte 3');
  });

  it('rejects overlong encodings and UTF-16 surrogates written as UTF-8', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(utf8('emoji 😀 ok'))).toBe(-1);
  });

  it('accepts exactly the bytes a fatal TextDecoder accepts (decode validates with the decoder alone)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.array(edgeByte, { maxLength: 12 }), (a, b) => {
        const bytes = new Uint8Array([...a, ...b]);
        expect(firstInvalidUtf8(bytes) === -1).toBe(fatallyValid(bytes));
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['emoji 😀 ok', 'Ünïcödé «»', '中文 日本語', '\uffff\u0800\u07ff']) {
      expect(fatallyValid(utf8(text)) && firstInvalidUtf8(utf8(text))).toBe(-1);
    }
  });

  it('finds the first invalid byte and counts sequences as a WHATWG decoder sees them (one UTF-8 walker)', () => {
    const codePoints = (bytes: Uint8Array) => [
      ...new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    ];
    fc.assert(
      fc.property(fc.array(edgeByte, { maxLength: 16 }), (list) => {
        const bytes = new Uint8Array(list);
        // The first invalid byte ends the longest prefix a fatal decoder accepts.
        let longest = bytes.length;
        while (!fatallyValid(bytes.subarray(0, longest))) longest--;
        expect(firstInvalidUtf8(bytes)).toBe(longest === bytes.length ? -1 : longest);
        // Each invalid sequence is one U+FFFD of a replacing decoder (an encoded U+FFFD, EF BF BD, is valid);
        // each valid multi-byte sequence one non-ASCII code point.
        const decoded = codePoints(bytes);
        const replaced = decoded.filter((c) => c === '\uFFFD').length;
        const encodedFffd = Buffer.from(bytes).toString('latin1').split('\xEF\xBF\xBD').length - 1;
        const nonAscii = decoded.filter((c) => c.codePointAt(0)! > 0x7f).length;
        const counts = utf8Counts(bytes);
        expect(counts.invalid).toBe(replaced - encodedFffd);
        expect(counts.valid + counts.invalid).toBe(nonAscii);
      }),
      { numRuns: 20_000 },
    );
    expect(utf8Counts(utf8('Zürich 😀 \uFFFD'))).toEqual({ valid: 3, invalid: 0 });
    expect(utf8Counts(new Uint8Array([0x41, 0xe9, 0x42, 0xf0, 0x9f, 0x98, 0x41]))).toEqual({
      valid: 0,
      invalid: 2,
    });
  });

  it('counts line endings in mixed and lone-CR text', () => {
    expect(decode(utf8('a\rb\rc'), options)).toMatchObject({ lineEndings: 'cr' });
    expect(decode(utf8('a\r\n\rb'), options)).toMatchObject({ lineEndings: 'mixed' });
    expect(decode(utf8('a\n\rb'), options)).toMatchObject({ lineEndings: 'mixed' });
    expect(decode(utf8('a\nb\n'), options)).toMatchObject({ lineEndings: 'lf' });
    expect(decode(utf8('ab'), options)).toMatchObject({ lineEndings: 'none' });
    expect(decode(utf8('ab\r'), options)).toMatchObject({ lineEndings: 'cr' });
  });

  it('rejects binary input', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    expect(decode(png, options)).toMatchObject({ ok: false, code: 'binary' });
    expect(decode(utf8('text\u0000with a NUL'), options)).toMatchObject({ ok: false, code: 'binary' });
  });

  it('rejects empty and white-space-only input', () => {
    expect(decode(new Uint8Array(), options)).toMatchObject({ ok: false, code: 'empty' });
    expect(decode(utf8(' \n\n\t \r\n'), options)).toMatchObject({ ok: false, code: 'empty' });
    // White space as String.prototype.trim knows it, and characters it does not remove.
    for (const c of [
      '\u00a0',
      '\u2003',
      '\u3000',
      '\u2028',
      '\u200b',
      '\u180e',
      '\u0085',
      '\u000b',
      '\u000c',
    ]) {
      const result = decode(utf8(` ${c} `), options);
      expect(result.ok, `U+${c.charCodeAt(0).toString(16)}`).toBe(c.trim() !== '');
    }
  });

  it('rejects input over the size limit before decoding it', () => {
    const result = decode(new Uint8Array(2048).fill(0x61), options);
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(!result.ok && result.reason).toContain('1024');
  });

  it('does not take tabs, form feeds or a few stray controls for binary', () => {
    expect(decode(utf8('Col1\tCol2\fnext page\nline'), options).ok).toBe(true);
  });
});
