/**
 * decode: bytes → text. The only stage that sees bytes. It never guesses a legacy code page: input is
 * UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is rejected with a reason and a code.
 * Line endings are left as they are, so raw offsets stay true to the file; later stages cope with CRLF.
 */

export type RejectCode = 'empty' | 'binary' | 'invalid-utf8' | 'utf16-without-bom' | 'too-large';

export interface DecodeOptions {
  /** Inputs larger than this many bytes are rejected before decoding. */
  readonly maxBytes: number;
}

export interface Decoded {
  readonly ok: true;
  readonly text: string;
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  readonly bom: boolean;
  readonly lineEndings: 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';
}

export interface Rejected {
  readonly ok: false;
  readonly code: RejectCode;
  readonly reason: string;
}

export type DecodeResult = Decoded | Rejected;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * The UTF-8 sequence that starts at bytes[i]: its length when it is one valid character (1 for ASCII), or minus
 * the length of its maximal subpart when it is not (the bytes a WHATWG decoder replaces with one U+FFFD).
 * Valid means as the Encoding Standard decodes: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  }
  if (need === 0) return -1;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return -k;
  }
  return need + 1;
}

/** Byte offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceAt(bytes, i);
    if (length < 0) return i;
    i += length;
  }
  return -1;
}

/** Valid multi-byte sequences and invalid ones (by maximal subpart, as a decoder replaces them) in UTF-8. */
export function utf8Counts(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceAt(bytes, i);
    if (length < 0) invalid++;
    else if (length > 1) valid++;
    i += Math.abs(length);
  }
  return { valid, invalid };
}

/** UTF-16 without a BOM shows itself as NUL bytes on every other position of ASCII text. */
export function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n < 4) return false;
  // Most inputs hold no NUL byte at all (then neither count can pass): one native search says so, without a
  // loop over 4096 bytes of every input (the site pass and the cleaning both decode each one).
  if (bytes.subarray(0, n).indexOf(0) < 0) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const half = n / 2;
  return evenNul > half * 0.4 !== oddNul > half * 0.4 && Math.min(evenNul, oddNul) < half * 0.05;
}

/** The characters looksBinary counts: C0 controls but tab, newline, form feed and carriage return (NUL too). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f]/;

/** Text files have no NUL and few C0 control characters besides tab, newline, carriage return, form feed. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  // Most texts hold none of them: one native scan says so, without a loop over every character.
  if (!CONTROL.test(n < text.length ? text.slice(0, n) : text)) return false;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) controls++;
  }
  return controls > Math.max(2, n * 0.01);
}

/** Which line endings the text uses: CRLF pairs, and LF and CR on their own, counted in one pass. */
export function lineEndings(text: string): Decoded['lineEndings'] {
  // Most texts have no CR: then only whether there is an LF matters.
  if (!text.includes('\r')) return text.includes('\n') ? 'lf' : 'none';
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 0x0a) lf++;
  }
  const kinds = [lf > 0, crlf > 0, cr > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : cr > 0 ? 'cr' : 'lf';
}

/** A character trim() would keep: \s and trim() know the same white space (ECMAScript's WhiteSpace and LineTerminator). */
export const NOT_WHITE_SPACE = /\S/;

export function rejected(code: RejectCode, reason: string): Rejected {
  return { ok: false, code, reason };
}

export function decode(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  const decoded = decodeText(bytes, options);
  return decoded.ok ? { ...decoded, lineEndings: lineEndings(decoded.text) } : decoded;
}

/**
 * decode without counting line endings: the same text and the same rejections, for a pass that needs only
 * the text (the site pass in pipeline/site-index.ts reads every input before cleaning decodes it again).
 */
export function decodeText(
  bytes: Uint8Array,
  options: DecodeOptions,
): Omit<Decoded, 'lineEndings'> | Rejected {
  if (bytes.length > options.maxBytes) {
    return rejected(
      'too-large',
      `input is ${bytes.length} bytes, more than the limit of ${options.maxBytes} bytes (config decode.maxBytes)`,
    );
  }
  let encoding: Decoded['encoding'] = 'utf-8';
  let bom = false;
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    bom = true;
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return rejected(
        'invalid-utf8',
        `input starts with a ${encoding} byte order mark but is not valid ${encoding}`,
      );
    }
  } else {
    bom = startsWith(bytes, UTF8_BOM);
    const body = bom ? bytes.subarray(3) : bytes;
    if (looksLikeUtf16(body)) {
      return rejected(
        'utf16-without-bom',
        'input looks like UTF-16 (NUL bytes on alternate positions) but has no byte order mark; re-encode it as UTF-8',
      );
    }
    // The fatal decoder validates as it decodes (the same UTF-8 as firstInvalidUtf8 accepts: no overlong
    // forms, surrogates or code points past U+10FFFF); where the bad byte is matters only for the reason.
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const at = Math.max(0, firstInvalidUtf8(body)) + (bom ? 3 : 0);
      const hex = Array.from(bytes.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      if (body.includes(0))
        return rejected('binary', `input holds NUL bytes and is not valid UTF-8 (byte ${at})`);
      return rejected('invalid-utf8', `input is not valid UTF-8: bad sequence at byte ${at} (${hex})`);
    }
  }
  if (looksBinary(text)) return rejected('binary', 'input holds NUL or many control characters: not text');
  if (!NOT_WHITE_SPACE.test(text)) {
    return rejected(
      'empty',
      bytes.length === 0 ? 'input is empty (0 bytes)' : 'input holds only white space',
    );
  }
  return { ok: true, text, encoding, bom };
}
