import { describe, expect, it } from 'vitest';
import { decode } from '../../stages/decode.js';
import {
  charsetFromContentType,
  decodeHtml,
  encodingForLabel,
  HTML_ENCODINGS,
  prescanMeta,
} from '../../stages/decode-html.js';

const options = { maxBytes: 1 << 20 };
const utf8 = (text: string) => new TextEncoder().encode(text);
/** ASCII text with some bytes given by number (a legacy encoding's bytes, written by hand). */
const bytes = (...parts: Array<string | number[] | Uint8Array>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : [...p])));

/** windows-1251 for Russian text: А..я are 0xC0..0xFF, ё 0xB8, ASCII as is. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) return cp;
    if (cp >= 0x410 && cp <= 0x44f) return cp - 0x350;
    if (cp === 0x451) return 0xb8;
    throw new Error(`not in the test's cp1251 table: ${c}`);
  });
}

const page = (head: string, body: string) =>
  `<!doctype html><html><head>${head}<title>T</title></head><body><p>${body}</p></body></html>`;

describe('decodeHtml: what it must not touch', () => {
  it('a UTF-8 page with a correct meta charset decodes exactly as the text decoder decodes it', () => {
    const input = utf8(page('<meta charset="utf-8">', 'Minsk «protests» — 100,000 people, ☂ and 😀'));
    const html = decodeHtml(input, options);
    const text = decode(input, options);
    expect(html.ok && text.ok).toBe(true);
    if (!html.ok || !text.ok) return;
    expect(html.text).toBe(text.text);
    expect(html).toMatchObject({ encoding: 'utf-8', encodingSource: 'meta', replaced: 0, bom: false });
    expect(html.note).toBeUndefined();
    expect(html.declared).toEqual([{ source: 'meta', label: 'utf-8', encoding: 'utf-8' }]);
  });

  it('a UTF-8 BOM is dropped as the text decoder drops it; offsets count from the first character', () => {
    const input = bytes([0xef, 0xbb, 0xbf], page('', 'Body.'));
    const html = decodeHtml(input, options);
    expect(html).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'bom', bom: true });
    expect(html.ok && html.text).toBe(decode(input, options).ok && page('', 'Body.'));
  });

  it('pure ASCII with nothing declared is UTF-8 (the same text in every ASCII-compatible encoding)', () => {
    expect(decodeHtml(utf8(page('', 'Plain text.')), options)).toMatchObject({
      ok: true,
      encoding: 'utf-8',
      encodingSource: 'detected',
      declared: [],
    });
  });

  it('a legacy declaration over pure ASCII bytes is kept: it decodes the same text', () => {
    const result = decodeHtml(utf8(page('<meta charset="iso-8859-1">', 'Plain text.')), options);
    expect(result).toMatchObject({ ok: true, encoding: 'windows-1252', encodingSource: 'meta' });
  });
});

describe('decodeHtml: legacy encodings declared', () => {
  it('a windows-1252 page with curly quotes comes out with the right characters', () => {
    const input = bytes(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>',
      [0x93],
      'Quoted',
      [0x94],
      ' it',
      [0x92],
      's caf',
      [0xe9],
      ' ',
      [0x80],
      '5 ',
      [0x96],
      ' done</body></html>',
    );
    const result = decodeHtml(input, options);
    expect(result.ok && result.text).toContain('“Quoted” it’s café €5 – done');
    expect(result).toMatchObject({ encoding: 'windows-1252', encodingSource: 'meta', replaced: 0 });
  });

  it('"latin1" and "iso-8859-1" mean windows-1252 (WHATWG labels), so 0x93 is a curly quote', () => {
    for (const label of ['latin1', 'ISO-8859-1', 'us-ascii']) {
      const input = bytes(`<meta charset="${label}"><p>`, [0x93], 'x', [0x94], '</p>');
      const result = decodeHtml(input, options);
      expect(result.ok && result.text, label).toContain('“x”');
      expect(result.ok && result.encoding).toBe('windows-1252');
      expect(result.ok && result.declared[0]).toEqual({
        source: 'meta',
        label: label.toLowerCase(), // the prescan lowercases attribute values
        encoding: 'windows-1252',
      });
    }
  });

  it('decodes Shift_JIS, GBK, Big5, EUC-KR, KOI8-R and windows-1251 as declared', () => {
    const cases: Array<[string, number[], string]> = [
      ['shift_jis', [0x93, 0xfa, 0x96, 0x7b], '日本'],
      ['gb2312', [0xc4, 0xe3, 0xba, 0xc3], '你好'],
      ['big5', [0xa7, 0x41, 0xa6, 0x6e], '你好'],
      ['euc-kr', [0xc7, 0xd1, 0xb1, 0xb9], '한국'],
      ['koi8-r', [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], 'Привет'],
      ['cp1251', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2], 'Привет'],
    ];
    for (const [label, encoded, expected] of cases) {
      const result = decodeHtml(bytes(`<meta charset=${label}><p>`, encoded, '</p>'), options);
      expect(result.ok && result.text, label).toBe(`<meta charset=${label}><p>${expected}</p>`);
      expect(result.ok && result.encodingSource).toBe('meta');
    }
  });

  it('the HTTP header charset comes before the meta', () => {
    const input = bytes('<meta charset="windows-1251"><p>', [0xf0, 0xd2, 0xc9], '</p>');
    const result = decodeHtml(input, { ...options, httpCharset: 'KOI8-R' });
    expect(result).toMatchObject({ ok: true, encoding: 'koi8-r', encodingSource: 'http-header' });
    expect(result.ok && result.text).toContain('При');
    expect(result.ok && result.declared).toEqual([
      { source: 'http-header', label: 'KOI8-R', encoding: 'koi8-r' },
      { source: 'meta', label: 'windows-1251', encoding: 'windows-1251' },
    ]);
  });
});

describe('decodeHtml: wrong declarations', () => {
  it('meta says UTF-8 but the bytes are windows-1252: detected, and the decision recorded', () => {
    const input = bytes(
      '<meta charset="utf-8"><p>',
      [0x93],
      'Caf',
      [0xe9],
      ' cr',
      [0xe8],
      'me',
      [0x94],
      ' and na',
      [0xef],
      've r',
      [0xe9],
      'sum',
      [0xe9],
      's, ',
      [0xe0],
      ' la fran',
      [0xe7],
      'aise.</p>',
    );
    const result = decodeHtml(input, options);
    expect(result.ok && result.text).toContain('“Café crème” and naïve résumés, à la française.');
    expect(result).toMatchObject({ ok: true, encoding: 'windows-1252', replaced: 0 });
    expect(result.ok && ['detected', 'default']).toContain(result.ok && result.encodingSource);
    expect(result.ok && result.note).toMatch(
      /the <meta> declared "utf-8" but \d+ of \d+ non-ASCII sequences are not valid UTF-8/,
    );
  });

  it('a legacy meta over valid UTF-8 bytes (a page re-saved as UTF-8) decodes as UTF-8, saying why', () => {
    const input = utf8(page('<meta charset="iso-8859-1">', 'Zürich café “quoted”'));
    const result = decodeHtml(input, options);
    expect(result.ok && result.text).toContain('Zürich café “quoted”');
    expect(result).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected' });
    expect(result.ok && result.note).toMatch(/declared "iso-8859-1" but the bytes are valid UTF-8/);
  });

  it('header says one thing, meta another: the header is tried first, and when its bytes are wrong the meta holds', () => {
    const input = bytes('<meta charset="windows-1251"><p>', cp1251('Это новости дня'), '</p>');
    const result = decodeHtml(input, { ...options, httpCharset: 'utf-8' });
    expect(result).toMatchObject({ ok: true, encoding: 'windows-1251', encodingSource: 'meta' });
    expect(result.ok && result.text).toContain('Это новости дня');
    expect(result.ok && result.note).toMatch(/the HTTP header declared "utf-8" but/);
  });

  it('a BOM wins over a meta that contradicts it, and the contradiction is recorded', () => {
    const input = bytes([0xef, 0xbb, 0xbf], '<meta charset="windows-1252"><p>Zürich</p>');
    const result = decodeHtml(input, options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'bom', bom: true });
    expect(result.ok && result.text).toBe('<meta charset="windows-1252"><p>Zürich</p>');
    expect(result.ok && result.note).toMatch(
      /utf-8 byte order mark wins over the <meta> declared "windows-1252"/,
    );
  });

  it('a UTF-16LE BOM decodes UTF-16 whatever the meta says', () => {
    const text = '<meta charset="utf-8"><p>Hé</p>';
    const input = new Uint8Array([
      0xff,
      0xfe,
      ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    expect(decodeHtml(input, options)).toMatchObject({
      ok: true,
      text,
      encoding: 'utf-16le',
      encodingSource: 'bom',
    });
  });

  it('an unknown label is recorded and passed over', () => {
    const result = decodeHtml(utf8('<meta charset="klingon-8"><p>Zürich</p>'), options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'detected' });
    expect(result.ok && result.declared).toEqual([{ source: 'meta', label: 'klingon-8', encoding: null }]);
    expect(result.ok && result.note).toMatch(/"klingon-8", which names no encoding/);
  });

  it('undeclared windows-1251 Russian is detected', () => {
    const input = bytes(
      '<html><body><p>',
      cp1251(
        'Городской совет в понедельник утвердил новый бюджет на следующий год. Депутаты обсуждали расходы на школы, больницы и дороги почти шесть часов. Мэр заявил, что деньги на ремонт моста найдутся весной.',
      ),
      '</p></body></html>',
    );
    const result = decodeHtml(input, options);
    expect(result).toMatchObject({ ok: true, encoding: 'windows-1251', encodingSource: 'detected' });
    expect(result.ok && result.text).toContain('Городской совет в понедельник утвердил');
    expect(result.ok && result.note).toMatch(/detected windows-1251 \(chardet confidence \d+\)/);
  });
});

describe('decodeHtml: damaged bytes', () => {
  it('a UTF-8 page cut inside its last character keeps UTF-8 and replaces only that character', () => {
    const whole = utf8(page('<meta charset="utf-8">', 'Zürich café'));
    const cut = bytes(page('<meta charset="utf-8">', 'Zürich café'), [0xe2, 0x80]);
    expect(whole.length).toBeGreaterThan(0);
    const result = decodeHtml(cut, options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'meta', replaced: 1 });
    expect(result.ok && result.text.endsWith('</html>\uFFFD')).toBe(true);
  });

  it('a cut multi-byte character with nothing declared is still UTF-8, not a guess', () => {
    const result = decodeHtml(bytes('<p>Zürich ', [0xf0, 0x9f, 0x98]), options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', replaced: 1 });
    expect(result.ok && result.text).toBe('<p>Zürich \uFFFD');
  });

  it('a few bad bytes in a UTF-8 page are replaced and counted, the declaration kept', () => {
    const input = bytes('<meta charset="utf-8"><p>Zürich café naïve résumé ', [0xff], ' end</p>');
    const result = decodeHtml(input, options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'meta', replaced: 1 });
    expect(result.ok && result.text).toContain('résumé \uFFFD end');
    expect(result.ok && result.note).toMatch(/1 invalid utf-8 sequence replaced by U\+FFFD/);
  });

  it('Shift_JIS cut inside a two-byte character keeps Shift_JIS', () => {
    const input = bytes('<meta charset="shift_jis"><p>', [0x93, 0xfa, 0x96, 0x7b, 0x93]);
    const result = decodeHtml(input, options);
    expect(result).toMatchObject({ ok: true, encoding: 'shift_jis', replaced: 1 });
    expect(result.ok && result.text).toBe('<meta charset="shift_jis"><p>日本\uFFFD');
  });
});

describe('decodeHtml: rejections', () => {
  it('binary in a .html is rejected as binary', () => {
    const input = new Uint8Array(4096).map((_, i) => (i * 37) & 0xff);
    expect(decodeHtml(input, options)).toMatchObject({ ok: false, code: 'binary' });
    const png = bytes(
      [0x89],
      'PNG',
      [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d],
      'IHDR',
      [0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0],
    );
    expect(decodeHtml(png, options)).toMatchObject({ ok: false, code: 'binary' });
  });

  it('a few stray NUL bytes in a page do not make it binary (browsers replace them and read on)', () => {
    const prose = 'The council met on Monday and agreed the bridge plan after a long debate. '.repeat(40);
    const input = bytes(`<meta charset="utf-8"><p>${prose}`, [0], ' and ', [0, 0], `${prose}</p>`);
    const result = decodeHtml(input, options);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8', encodingSource: 'meta' });
    expect(result.ok && result.text.split('\0')).toHaveLength(4);
    // Text input rejects the same bytes: one NUL is enough there.
    expect(decode(input, options)).toMatchObject({ ok: false, code: 'binary' });
  });

  it('UTF-16 with a BOM is checked for binary once decoded, as text input is', () => {
    const utf16le = (text: string) => [
      0xff,
      0xfe,
      ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ];
    const controls = '\u0001\u0002\u0003\u0004'.repeat(50);
    expect(decodeHtml(new Uint8Array(utf16le(`<p>${controls}</p>`)), options)).toMatchObject({
      ok: false,
      code: 'binary',
    });
    expect(decodeHtml(new Uint8Array(utf16le('<p>Plain page</p>')), options)).toMatchObject({
      ok: true,
      encoding: 'utf-16le',
    });
  });

  it('an empty page and a white-space page are rejected as empty', () => {
    expect(decodeHtml(new Uint8Array(0), options)).toMatchObject({
      ok: false,
      code: 'empty',
      reason: 'input is empty (0 bytes)',
    });
    expect(decodeHtml(utf8(' \n\t\n'), options)).toMatchObject({ ok: false, code: 'empty' });
  });

  it('a page over the size limit is rejected before decoding', () => {
    const result = decodeHtml(utf8(page('', 'x'.repeat(2000))), { maxBytes: 1000 });
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(!result.ok && result.reason).toMatch(/more than the limit of 1000 bytes/);
  });

  it('UTF-16 without a BOM is rejected unless the HTTP header says UTF-16', () => {
    const text = '<html><body><p>Hello world, this is a page</p></body></html>';
    const le = new Uint8Array(Array.from(text).flatMap((c) => [c.charCodeAt(0), 0]));
    expect(decodeHtml(le, options)).toMatchObject({ ok: false, code: 'utf16-without-bom' });
    expect(decodeHtml(le, { ...options, httpCharset: 'utf-16le' })).toMatchObject({
      ok: true,
      text,
      encoding: 'utf-16le',
      encodingSource: 'http-header',
    });
  });
});

describe('prescanMeta (the HTML Standard prescan of the first 1024 bytes)', () => {
  const scan = (html: string) => prescanMeta(utf8(html));
  it('finds charset and http-equiv + content forms, any case and quoting', () => {
    expect(scan('<META CHARSET=Shift_JIS>')).toEqual({
      source: 'meta',
      label: 'shift_jis',
      encoding: 'shift_jis',
    });
    expect(scan(`<meta content='text/html; charset="euc-kr"' http-equiv='content-type'>`)).toMatchObject({
      encoding: 'euc-kr',
    });
    expect(scan('<meta/charset=utf-8>')).toMatchObject({ encoding: 'utf-8' });
  });
  it('ignores a content charset without http-equiv, metas inside comments, and attributes of other tags', () => {
    expect(scan('<meta content="text/html; charset=koi8-r"><p>')).toBeNull();
    expect(scan('<!-- <meta charset="koi8-r"> --><meta charset="gbk">')).toMatchObject({ encoding: 'gbk' });
    expect(scan('<div data-x=\'<meta charset="koi8-r">\'><meta charset="big5">')).toMatchObject({
      encoding: 'big5',
    });
  });
  it('looks at the first 1024 bytes only', () => {
    expect(scan(`${' '.repeat(1020)}<meta charset="koi8-r">`)).toBeNull();
    expect(scan(`${' '.repeat(990)}<meta charset="koi8-r">`)).toMatchObject({ encoding: 'koi8-r' });
  });
  it('maps a meta UTF-16 to UTF-8 and x-user-defined to windows-1252', () => {
    expect(scan('<meta charset="utf-16">')).toMatchObject({ encoding: 'utf-8' });
    expect(scan('<meta charset="x-user-defined">')).toMatchObject({ encoding: 'windows-1252' });
  });
  it('reads the charset of a Content-Type value', () => {
    expect(charsetFromContentType('text/html; charset=ISO-8859-1')).toBe('ISO-8859-1');
    expect(charsetFromContentType('text/html;charset="utf-8"; foo=bar')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType('text/html; charset="utf-8')).toBeNull();
  });
  it('resolves every encoding it can report, by name', () => {
    for (const name of HTML_ENCODINGS) expect(encodingForLabel(name)).toBe(name);
    expect(encodingForLabel('replacement')).toBeNull();
    expect(encodingForLabel('iso-2022-kr')).toBeNull();
  });
});
