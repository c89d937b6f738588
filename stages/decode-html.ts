/**
 * decode-html: the bytes of an HTML page → text. Where stages/decode.ts never guesses (a text dump is UTF-8 or
 * rejected), a page declares its encoding, and often wrongly, so this one decides, in the order browsers do
 * (the WHATWG encoding sniffing algorithm), and records how:
 *
 * 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything;
 * 2. the charset of the HTTP Content-Type header (a WARC response record's), given by the reader;
 * 3. `<meta charset>` / `<meta http-equiv="Content-Type" content="...; charset=...">` found by the WHATWG
 *    prescan of the first 1024 bytes;
 * 4. detection, when nothing usable is declared or every declaration is clearly wrong: valid UTF-8 first,
 *    then chardet on the page's text bytes (markup left out);
 * 5. windows-1252, the WHATWG default, when detection finds nothing either.
 *
 * A declaration is clearly wrong (and the next step is tried) when the bytes say so: a legacy encoding declared
 * for bytes that are valid UTF-8 holding non-ASCII (a page re-saved as UTF-8 with its old meta left in: ten of
 * the 663 eval pages declare iso-8859-1, windows-1252 or gb2312 over UTF-8 bytes), or at least as many invalid
 * sequences as valid non-ASCII characters in the declared encoding (meta says UTF-8, bytes are windows-1252).
 * Fewer invalid sequences (a page cut inside a character, one pasted fragment) keep the declaration; each bad
 * sequence becomes U+FFFD and is counted. A multi-byte sequence cut by the end of the input is never counted as
 * evidence against an encoding.
 *
 * Labels resolve by the WHATWG Encoding Standard's table ("latin1", "iso-8859-1" and "ascii" mean windows-1252,
 * "gb2312" means gbk, "sjis" shift_jis); legacy encodings decode with @exodus/bytes' spec TextDecoder (Node
 * 20's own decodes windows-1252 as Latin-1, which breaks curly quotes). Pure: no I/O, no state.
 */
import { normalizeEncoding, TextDecoder as WhatwgDecoder } from '@exodus/bytes/encoding.js';
import { analyse } from 'chardet';
import type { Decoded, Rejected } from './decode.js';
import { lineEndings, looksBinary, looksLikeUtf16, NOT_WHITE_SPACE, rejected, utf8Counts } from './decode.js';
import type { EncodingSource, HtmlEncoding } from './encodings.js';
import { HTML_ENCODINGS } from './encodings.js';

export type { EncodingSource, HtmlEncoding } from './encodings.js';
export { ENCODING_SOURCES, HTML_ENCODINGS } from './encodings.js';

/** An encoding a page (or its HTTP header) declared, whether or not it was used. */
export interface Declaration {
  readonly source: 'http-header' | 'meta';
  /** The label as written (trimmed, at most 64 characters). */
  readonly label: string;
  /** The WHATWG encoding the label names, or null when it names none (or only the replacement encoding). */
  readonly encoding: HtmlEncoding | null;
}

export interface HtmlDecodeOptions {
  /** Inputs larger than this many bytes are rejected before decoding. */
  readonly maxBytes: number;
  /** The charset label of the HTTP Content-Type header, when the page came with one (a WARC response). */
  readonly httpCharset?: string | null;
}

export interface HtmlDecoded extends Omit<Decoded, 'encoding'> {
  readonly encoding: HtmlEncoding;
  readonly encodingSource: EncodingSource;
  /** Every declaration found, in the order they are weighed (HTTP header, then meta). */
  readonly declared: Declaration[];
  /** Invalid byte sequences replaced by U+FFFD. */
  readonly replaced: number;
  /** Why a declaration was not used, or what detection found, in words; absent when the first choice held. */
  readonly note?: string;
}

export type HtmlDecodeResult = HtmlDecoded | Rejected;

const PRESCAN_BYTES = 1024;
/** Detection reads at most this many bytes of the page's text (its bytes outside tags). */
const DETECTION_SAMPLE_BYTES = 64 * 1024;

/** The WHATWG encoding a label names ("get an encoding"), or null; x-user-defined counts as windows-1252. */
export function encodingForLabel(label: string): HtmlEncoding | null {
  const name = normalizeEncoding(label);
  if (name === 'x-user-defined') return 'windows-1252';
  return (HTML_ENCODINGS as readonly string[]).includes(name ?? '') ? (name as HtmlEncoding) : null;
}

const isSpace = (b: number | undefined) => b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

/**
 * The charset label in a Content-Type value (HTTP header or meta content), by the HTML Standard's "extracting a
 * character encoding from a meta element": the first `charset` followed by `=`, quoted or not. Null if none.
 */
export function charsetFromContentType(value: string): string | null {
  const lowered = value.toLowerCase();
  let position = 0;
  for (;;) {
    const at = lowered.indexOf('charset', position);
    if (at < 0) return null;
    let i = at + 7;
    while (isSpace(lowered.charCodeAt(i))) i++;
    if (lowered[i] !== '=') {
      position = i;
      continue;
    }
    i++;
    while (isSpace(lowered.charCodeAt(i))) i++;
    const first = value[i];
    if (first === undefined) return null;
    if (first === '"' || first === "'") {
      const end = value.indexOf(first, i + 1);
      return end < 0 ? null : value.slice(i + 1, end);
    }
    let end = i;
    while (end < value.length && !isSpace(value.charCodeAt(end)) && value[end] !== ';') end++;
    return value.slice(i, end);
  }
}

const latin1 = (bytes: number[]) => String.fromCharCode(...bytes);

interface Attribute {
  readonly name: string;
  readonly value: string;
}

/** The HTML Standard's "get an attribute", from bytes[at]; null when there is none (or the input ends). */
function getAttribute(bytes: Uint8Array, at: number): { attribute: Attribute | null; next: number } {
  let i = at;
  const end = bytes.length;
  while (i < end && (isSpace(bytes[i]) || bytes[i] === 0x2f)) i++;
  if (i >= end || bytes[i] === 0x3e) return { attribute: null, next: i };
  const name: number[] = [];
  const value: number[] = [];
  const done = (next: number) => ({ attribute: { name: latin1(name), value: latin1(value) }, next });
  // The name.
  for (;;) {
    if (i >= end) return { attribute: null, next: i };
    const b = bytes[i]!;
    if (b === 0x3d && name.length > 0) {
      i++;
      break;
    }
    if (isSpace(b)) {
      while (i < end && isSpace(bytes[i])) i++;
      if (i >= end) return { attribute: null, next: i };
      if (bytes[i] !== 0x3d) return done(i);
      i++;
      break;
    }
    if (b === 0x2f || b === 0x3e) return done(i);
    name.push(lower(b));
    i++;
  }
  // The value.
  while (i < end && isSpace(bytes[i])) i++;
  if (i >= end) return { attribute: null, next: i };
  const quote = bytes[i]!;
  if (quote === 0x22 || quote === 0x27) {
    for (i++; i < end; i++) {
      if (bytes[i] === quote) return done(i + 1);
      value.push(lower(bytes[i]!));
    }
    return { attribute: null, next: i };
  }
  if (quote === 0x3e) return done(i);
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (isSpace(b) || b === 0x3e) return done(i);
    value.push(lower(b));
  }
  return { attribute: null, next: i };
}

const startsWithAt = (bytes: Uint8Array, at: number, ascii: string) => {
  for (let k = 0; k < ascii.length; k++) if (lower(bytes[at + k] ?? -1) !== ascii.charCodeAt(k)) return false;
  return true;
};
const isLetter = (b: number | undefined) =>
  b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * The encoding `<meta>` declares, by the HTML Standard's prescan of the first 1024 bytes (comments and other
 * tags' attributes skipped, `charset` or `http-equiv` + `content` on one meta). A label that names no encoding
 * does not stop the scan; it is returned only when no later meta names one. UTF-16 declared in a meta means
 * UTF-8 (a meta readable as ASCII is not UTF-16); x-user-defined means windows-1252.
 */
export function prescanMeta(input: Uint8Array): Declaration | null {
  const bytes = input.subarray(0, PRESCAN_BYTES);
  let unknown: Declaration | null = null;
  for (let position = 0; position < bytes.length; position++) {
    if (bytes[position] !== 0x3c) continue;
    if (startsWithAt(bytes, position, '<!--')) {
      const close = bytes.indexOf(0x3e, position + 2);
      let at = close;
      while (at >= 0 && !(bytes[at - 1] === 0x2d && bytes[at - 2] === 0x2d && at - 2 >= position + 2))
        at = bytes.indexOf(0x3e, at + 1);
      if (at < 0) return unknown;
      position = at;
      continue;
    }
    if (
      startsWithAt(bytes, position, '<meta') &&
      (isSpace(bytes[position + 5]) || bytes[position + 5] === 0x2f)
    ) {
      const seen = new Set<string>();
      let gotPragma = false;
      let needPragma: boolean | null = null;
      let charset: string | null = null;
      let at = position + 6;
      for (;;) {
        const { attribute, next } = getAttribute(bytes, at);
        at = next;
        if (attribute === null) break;
        if (seen.has(attribute.name)) continue;
        seen.add(attribute.name);
        if (attribute.name === 'http-equiv') {
          if (attribute.value === 'content-type') gotPragma = true;
        } else if (attribute.name === 'content') {
          const label = charsetFromContentType(attribute.value);
          if (label !== null && charset === null) {
            charset = label;
            needPragma = true;
          }
        } else if (attribute.name === 'charset') {
          charset = attribute.value;
          needPragma = false;
        }
      }
      position = Math.max(position, at - 1);
      if (needPragma === null || (needPragma && !gotPragma) || charset === null) continue;
      const label = charset.trim().slice(0, 64);
      const encoding = encodingForLabel(label);
      if (encoding === null) {
        unknown ??= { source: 'meta', label, encoding: null };
        continue;
      }
      const meant = encoding === 'utf-16le' || encoding === 'utf-16be' ? 'utf-8' : encoding;
      return { source: 'meta', label, encoding: meant };
    }
    const next = bytes[position + 1];
    if (isLetter(next) || (next === 0x2f && isLetter(bytes[position + 2]))) {
      let at = position + 1;
      while (at < bytes.length && !isSpace(bytes[at]) && bytes[at] !== 0x3e) at++;
      for (;;) {
        const { attribute, next: after } = getAttribute(bytes, at);
        at = after;
        if (attribute === null) break;
      }
      position = Math.max(position, at - 1);
      continue;
    }
    if (next === 0x21 || next === 0x2f || next === 0x3f) {
      const close = bytes.indexOf(0x3e, position + 1);
      if (close < 0) return unknown;
      position = close;
    }
  }
  return unknown;
}

/** Length of a UTF-8 sequence cut by the end of the input (a lead byte and fewer continuations than it needs). */
function cutUtf8Tail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

const utf8Fatal = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of valid UTF-8 (a last character cut by the end of the input aside: it becomes U+FFFD), and whether
 * it holds anything but ASCII; null when the bytes are not UTF-8.
 */
function strictUtf8(bytes: Uint8Array): { text: string; cut: boolean; nonAscii: boolean } | null {
  const tail = cutUtf8Tail(bytes);
  for (const cut of tail > 0 ? [0, tail] : [0]) {
    try {
      const whole = bytes.subarray(0, bytes.length - cut);
      const text = utf8Fatal().decode(whole);
      return { text: cut ? `${text}\uFFFD` : text, cut: cut > 0, nonAscii: text.length < whole.length };
    } catch {
      // not valid UTF-8 (with the cut tail left out, next)
    }
  }
  return null;
}

/** How many times needle occurs in text. */
function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function nonAsciiChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) n++;
  return n;
}

type Trial =
  | { readonly ok: true; readonly text: string; readonly replaced: number }
  | { readonly ok: false; readonly why: string };

/** The bytes decoded as encoding, or why the bytes show that encoding is wrong. */
function attempt(bytes: Uint8Array, encoding: HtmlEncoding, utf8Tried: boolean): Trial {
  if (encoding === 'utf-8') {
    const strict = strictUtf8(bytes);
    if (strict) return { ok: true, text: strict.text, replaced: strict.cut ? 1 : 0 };
    const tail = cutUtf8Tail(bytes);
    const { valid, invalid } = utf8Counts(bytes.subarray(0, bytes.length - tail));
    if (invalid >= valid)
      return {
        ok: false,
        why: `${invalid} of ${valid + invalid} non-ASCII sequences are not valid UTF-8`,
      };
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    return { ok: true, text, replaced: invalid + (tail > 0 ? 1 : 0) };
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    if (!looksLikeUtf16(bytes)) return { ok: false, why: 'the bytes do not look like UTF-16 (no NUL bytes)' };
    const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    return { ok: true, text, replaced: occurrences(text, '\uFFFD') };
  }
  if (!utf8Tried) {
    const strict = strictUtf8(bytes);
    if (strict?.nonAscii)
      return {
        ok: false,
        why: `the bytes are valid UTF-8 holding ${nonAsciiChars(strict.text)} non-ASCII characters, which ${encoding} text almost never is`,
      };
  }
  try {
    return {
      ok: true,
      text: new WhatwgDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes),
      replaced: 0,
    };
  } catch {
    const text = new WhatwgDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    const replaced = occurrences(text, '\uFFFD');
    const nonAscii = nonAsciiChars(text);
    // A sequence cut by the end of the input is one replacement that says nothing about the encoding.
    const cutOnly = replaced === 1 && text.endsWith('\uFFFD');
    if (!cutOnly && replaced * 2 >= nonAscii)
      return { ok: false, why: `${replaced} of ${nonAscii} non-ASCII characters are invalid ${encoding}` };
    return { ok: true, text, replaced };
  }
}

/**
 * Binary bytes, told before any decoding (NUL and the C0 controls are the same bytes in every ASCII-compatible
 * encoding): more than 1% of the first 64 KiB (and more than two) are NUL or C0 controls other than tab, line
 * feed, form feed and carriage return. Unlike text input (stages/decode.ts), one NUL is not enough: browsers
 * replace a stray NUL in a page and read on, and so does the HTML parser (one of the 663 eval pages holds 22
 * NULs in 194 KB of otherwise good HTML). A PNG, a PDF stream or a zip is far past 1%.
 */
function looksBinaryBytes(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  // The limit before the loop, and a test the loop itself runs: V8 compiles this loop while it runs (on-stack
  // replacement), and code after it that had not run yet made that compiled loop bail out on every page.
  const limit = Math.max(2, n * 0.01);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d) continue;
    if (++controls > limit) return true;
  }
  return false;
}

/** The page's text bytes (outside tags), at most max of them: what detection should weigh, not the markup. */
function textSample(bytes: Uint8Array, max: number): Uint8Array {
  const out = new Uint8Array(Math.min(bytes.length, max));
  let o = 0;
  let inTag = false;
  for (let i = 0; i < bytes.length && o < out.length; i++) {
    const b = bytes[i]!;
    if (b === 0x3c) inTag = true;
    else if (b === 0x3e) inTag = false;
    else if (!inTag) out[o++] = b;
  }
  return out.subarray(0, o);
}

const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
] as const;

const describe = (d: Declaration) =>
  `${d.source === 'meta' ? 'the <meta>' : 'the HTTP header'} declared ${JSON.stringify(d.label)}`;

/** Decodes an HTML page's bytes (see the file comment for the order); never throws for data problems. */
export function decodeHtml(bytes: Uint8Array, options: HtmlDecodeOptions): HtmlDecodeResult {
  if (bytes.length > options.maxBytes) {
    return rejected(
      'too-large',
      `input is ${bytes.length} bytes, more than the limit of ${options.maxBytes} bytes (config cleaning.decode.maxBytes)`,
    );
  }
  const declared: Declaration[] = [];
  const header = options.httpCharset?.trim().slice(0, 64);
  if (header) declared.push({ source: 'http-header', label: header, encoding: encodingForLabel(header) });
  const meta = prescanMeta(bytes);
  if (meta) declared.push(meta);

  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const body = bom ? bytes.subarray(bom.bytes.length) : bytes;
  let chosen: { encoding: HtmlEncoding; source: EncodingSource; text: string; replaced: number } | null =
    null;
  const notes: string[] = [];

  if (bom) {
    const text = new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(body);
    chosen = { encoding: bom.encoding, source: 'bom', text, replaced: occurrences(text, '\uFFFD') };
    const contradicted = declared.filter((d) => d.encoding !== null && d.encoding !== bom.encoding);
    if (contradicted.length)
      notes.push(`the ${bom.encoding} byte order mark wins over ${contradicted.map(describe).join(' and ')}`);
  } else {
    const declaresUtf16 = declared.some((d) => d.encoding === 'utf-16le' || d.encoding === 'utf-16be');
    if (!declaresUtf16 && looksLikeUtf16(body)) {
      return rejected(
        'utf16-without-bom',
        'input looks like UTF-16 (NUL bytes on alternate positions) but has no byte order mark and no HTTP header saying so',
      );
    }
    // Binary shows itself before any decoding: NUL and C0 controls are the same bytes in every encoding here.
    if (!declaresUtf16 && looksBinaryBytes(body))
      return rejected('binary', 'input holds many NUL or control bytes: not an HTML page');
    for (const declaration of declared) {
      if (declaration.encoding === null) {
        notes.push(`${describe(declaration)}, which names no encoding`);
        continue;
      }
      const trial = attempt(body, declaration.encoding, false);
      if (trial.ok) {
        chosen = { encoding: declaration.encoding, source: declaration.source, ...trial };
        break;
      }
      notes.push(`${describe(declaration)} but ${trial.why}`);
    }
    if (chosen === null) {
      const utf8 = attempt(body, 'utf-8', false);
      if (utf8.ok) chosen = { encoding: 'utf-8', source: 'detected', ...utf8 };
      else {
        for (const match of analyse(textSample(body, DETECTION_SAMPLE_BYTES))) {
          const encoding = encodingForLabel(match.name);
          if (encoding === null || encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be')
            continue;
          const trial = attempt(body, encoding, true);
          if (!trial.ok) continue;
          chosen = { encoding, source: 'detected', ...trial };
          notes.push(`detected ${encoding} (chardet confidence ${match.confidence})`);
          break;
        }
      }
    }
    if (chosen === null) {
      const text = new WhatwgDecoder('windows-1252', { ignoreBOM: true }).decode(body);
      chosen = { encoding: 'windows-1252', source: 'default', text, replaced: occurrences(text, '\uFFFD') };
      notes.push('nothing usable was declared or detected: windows-1252, the WHATWG default');
    }
  }
  if (chosen.replaced > 0)
    notes.push(
      `${chosen.replaced} invalid ${chosen.encoding} sequence${chosen.replaced === 1 ? '' : 's'} replaced by U+FFFD`,
    );

  const { text } = chosen;
  // UTF-16 bytes hold NULs by nature: its text is checked once decoded, as text input's is.
  if (chosen.encoding.startsWith('utf-16') && looksBinary(text))
    return rejected('binary', 'input holds NUL or many control characters: not an HTML page');
  if (!NOT_WHITE_SPACE.test(text)) {
    return rejected(
      'empty',
      bytes.length === 0 ? 'input is empty (0 bytes)' : 'input holds only white space',
    );
  }
  return {
    ok: true,
    text,
    encoding: chosen.encoding,
    bom: bom !== undefined,
    lineEndings: lineEndings(text),
    encodingSource: chosen.source,
    declared,
    replaced: chosen.replaced,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
