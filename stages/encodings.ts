/**
 * The names decoding can report, as data: the WHATWG Encoding Standard's encodings (less replacement and
 * x-user-defined) and where an HTML page's encoding came from. A file of its own so that the record schemas
 * (pipeline/schemas.ts) name them without loading the decoders of stages/decode-html.ts.
 */

/** Every encoding decodeHtml can report: the WHATWG Encoding Standard's names, less replacement and x-user-defined. */
export const HTML_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
] as const;

export type HtmlEncoding = (typeof HTML_ENCODINGS)[number];

/** Where the encoding used came from. */
export const ENCODING_SOURCES = ['bom', 'http-header', 'meta', 'detected', 'default'] as const;
export type EncodingSource = (typeof ENCODING_SOURCES)[number];
