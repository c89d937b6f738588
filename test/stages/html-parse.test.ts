/**
 * The HTML front end parses with PageParser (stages/html.ts): parse5's parser and tokenizer writing node offsets
 * straight onto the lean nodes and skipping attribute locations. It must give the tree parse5's own parse()
 * gives with the same adapter, node for node, offset for offset: on markup that exercises every path of the
 * tree builder that places or closes elements (foster parenting, the adoption agency, implied and stray end
 * tags, templates, foreign content, EOF inside a tag) and on the dev pages' HTML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { evalDataDir } from '../../eval/data.js';
import { PAGE_ADAPTER, type PageChild, type PageDocument, parsePage } from '../../stages/html.js';

/** The first 12 HTML pages (by file name) of extraction-dev and readability-pages: [file name, HTML]. */
function devPagesHtml(): Array<[string, string]> {
  return ['extraction-dev', 'readability-pages'].flatMap((set) => {
    const dir = join(evalDataDir(), set);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.html.gz'))
      .sort()
      .slice(0, 12)
      .map((name): [string, string] => [name, gunzipSync(readFileSync(join(dir, name))).toString('utf8')]);
  });
}

/** Every node as one line: depth, name, offsets, end tag, attributes or text. */
function lines(document: PageDocument): string[] {
  const out: string[] = [];
  const stack: [PageDocument | PageChild, number][] = [[document, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const own =
      node.nodeName === '#text'
        ? JSON.stringify((node as { value: string }).value)
        : 'attrs' in node
          ? JSON.stringify([node.namespaceURI, node.attrs])
          : node.nodeName === '#comment'
            ? JSON.stringify((node as { data: string }).data)
            : '';
    out.push(`${depth} ${node.nodeName} ${node.start} ${node.end} ${node.endTag} ${own}`);
    const children = [...('childNodes' in node ? node.childNodes : [])];
    if (node.nodeName === 'template' && 'content' in node) children.unshift(...node.content.childNodes);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
  return out;
}

const parse5Tree = (html: string) =>
  parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: PAGE_ADAPTER });

describe('html: PageParser builds the tree parse5 builds', () => {
  it('on markup that places, moves and closes elements every way the tree builder does', () => {
    const pages = [
      '<!doctype html><html lang=en><head><title>T</title><meta charset=utf-8></head><body><p>One<p>Two</body></html>',
      '<table><tr><td>cell</td>stray text<b>bold</b></tr><tr><td>x</table>after',
      '<p><b>bold <i>both</b> italic</i> plain</p><a href=1>one<a href=2>two</a>',
      '<div><p>open<div>nested</div></p></span></div></body></html><p>after html',
      '<ul><li>one<li>two<dl><dt>t<dd>d</dl></ul><select><option>o<option>p</select>',
      '<template><p>in template</p></template><svg><title>icon</title><foreignObject><p>html</p></foreignObject></svg><math><mi>x</mi></math>',
      '<p a=1 b="2" a=3 C=\'4\' data-x=&amp; hidden>duplicates</p><br/><img src=x>',
      '<form><input><form><p>nested form</p></form></form><frameset><frame></frameset>',
      '<!-- comment --><p>text &amp; &nbsp; &notanentity; &#x1F600; \r\n CRLF\r lone CR</p>',
      '<pre>\nfirst\n</pre><textarea>\n<b>raw</b></textarea><plaintext><p>all text',
      '<script>if (a < b) document.write("</scr" + "ipt>")</script><style>p{}</style><noscript><p>x</p></noscript>',
      '<html><body><p>unclosed <b><i><u>many',
      '<div class="a" id="b" style="display:none"><p>eof in tag</p><p class="c',
      '\u{1F600} astral before <p>tags</p> and after \u{1F600}',
      // Quoted attribute values, read a run of plain characters at a time: each way a value stops being plain.
      '<p class="a b" title=\'it"s\' data-x="it\'s" alt="" e=\'\'>empty and crossed quotes</p>',
      '<a href="/x?a=1&amp;b=2&b=3&copy" title=\'&lt;&#x41;&#66;&notit;\'>references</a>',
      '<p title="line\none" alt="cr\r\nlf" data-y="lone\rcr" data-z=\'two\n\nlines\'>breaks</p>',
      '<p title="nul\u0000here" alt="ctrl\u0001\u007f\u0085\uFDD0">controls</p>',
      '<p title="pair \u{1F600} end" alt="lone \uD800 high" data-l="\uDC00low">surrogates</p>',
      '<svg><path d="M0 0L10 10Z" fill="#000"></path></svg><p title="\u{1F600}">astral first</p>',
      '<div class="unclosed value to the end of the input',
      "<div title='unclosed single-quoted value to the end",
      // Tag and attribute names, read a run at a time and lower-cased as parse5 does (ASCII letters only).
      '<DIV CLASS="x" Data-ÄÉ=1 ÄB=2><SPAN lang=en>caps</SPAN></DIV><svg VIEWBOX="0 0 1 1"><clipPath/><foreignObject/></svg>',
      '<p a"b=1 c\'d=2 e<f=3 g=h=4 /i j/k=5>odd names</p><p=x>name with =</p ><br/ ><a/b>',
      '<p nul\u0000name=1 c\u0001d=2 \u{1F600}=3 x\uD800y=4>controls and surrogates in names</p><t\u0000g>',
      '<p title="x" clas',
      '<p clas',
      '<custom-element data-Long-Attribute-Name-Here="v">custom</custom-element>',
      // Text, read a word or a run of spaces at a time: each way a run stops.
      '<p>words  and\tspaces\f\fform feed\n\nlines\r\ncrlf\rcr a&amp;b&c <b>tag</b>x<y</p>',
      '<p>nul\u0000in text, ctrl\u0001\u001f, lone \uD800 and \uDC00, pair\u{1F600}pair</p>trailing word',
      '<p>text to the end of the input',
      // Where white space and other characters go different ways: foster parenting, text before <body>.
      '<table>x  <tr> \t<td>a</td>y z</tr>  b c\f</table><html> \f<head>t u<title>x</title>',
      '<html><head></head><frameset>x y\tz <frame></frameset> w v <noframes>n</noframes>',
      // Words and the white space after them read as one token where the parser treats both alike (in body, a
      // cell, a caption), and not where it does not (before <body>, in a table, in <select>, after </body>, in
      // foreign content, in a frameset).
      '<p>one two\tthree\fX\nnext line\r\ncrlf\rcr <b>b c</b> d&amp; e\u0000f \u{1F600} g</p><pre>\nkept\n</pre><listing>\nx y</listing>',
      '<table><caption>cap tion</caption><tr><td>a b\nc</td><th> d e </th></tr> x y <tr><td><p>in p</p>z w</td></tr></table>',
      '<select><option>a b c</option>d e</select><svg><text>s v g</text><foreignObject>f o</foreignObject></svg> m n',
      '<template>t u v<td>w x</td></template></body> after body\n text</html> after html',
      '<html><head>\n  <title>a b</title>  </head>  x y',
      // Text of scripts, styles, titles and textareas, and comments, read a run at a time: each way a run stops.
      '<script>a b\tc\fd\ne\r\nf\rg\u0000h < i <!-- j --> k \u{1F600} \uD800 l&amp;</script><style> x y\r\n\r z </style>',
      '<title> t&amp;u\r\nv\rw \u0000 < x </title><textarea>\n\na b\r\nc&lt;d</textarea><textarea>\r\nx</textarea><textarea>\ry</textarea>',
      '<pre><script>\nscript after pre</script></pre><textarea> \n lead</textarea><xmp>x < y\tz</xmp><iframe>i f</iframe><noembed>n e</noembed>',
      '<!-- a b\r\nc\rd\u0000e - f -- g <!-- h --!> i --><!--x-><!---->\u{1F600}<!-- \uD800 --><!--',
      '<script><!-- <script> a </script> b --></script><script>unclosed to the end\r\n of the input',
      '<style>unclosed style\rto the end',
      // A lone CR before a run that ends at an LF: the LF is a line of its own, not the CR's pair.
      '<script>x\ry z\nw</script><p>p\rq r\ns</p><style>s\rt\nu</style><title>a\rb\nc</title><!-- d\re\nf -->',
      // Past the tokenizer's 64 KiB buffer waterline, where it drops the input it has read.
      `<body>${'<p class="c d" title=\'t\'>word\tword  \fx&amp;y\r\n\u0001z \u{1F600} end</p>\n  '.repeat(3000)}`,
    ];
    for (const html of pages) expect(lines(parsePage(html))).toEqual(lines(parse5Tree(html)));
  });

  it('on the dev pages’ HTML', () => {
    let pages = 0;
    for (const [name, html] of devPagesHtml()) {
      expect(lines(parsePage(html)), name).toEqual(lines(parse5Tree(html)));
      pages++;
    }
    expect(pages).toBe(24);
  });
});

/**
 * How a tree parsed with long script and style contents read as one `x` (parsePage's `shorten`) differs from
 * parse5's: each line the same, but a script's or style's text, which may be `x` with the offsets of the text.
 */
function shortenedLines(ours: string[], theirs: string[]): { shortened: number; other: string[] } {
  let shortened = 0;
  const other: string[] = [];
  if (ours.length !== theirs.length) other.push(`${ours.length} nodes, parse5 ${theirs.length}`);
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
    if (ours[i] === theirs[i]) continue;
    const parent = /^\d+ (\w+)/.exec(theirs[i - 1] ?? '')?.[1];
    const [depth, name, start, end, endTag] = theirs[i]!.split(' ');
    if (
      (parent === 'script' || parent === 'style') &&
      ours[i] === `${depth} ${name} ${start} ${end} ${endTag} "x"`
    )
      shortened++;
    else other.push(`${ours[i]} / parse5: ${theirs[i]}`);
  }
  return { shortened, other };
}

describe('html: long script and style contents read as one `x`', () => {
  const js = `var s = "${'y'.repeat(80)}"; if (a < b && c > d) { document.write('<p>no</p>'); }\r\n`;
  const css = `p { color: red; }\n${'.a{}'.repeat(20)}`;
  const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'x'.repeat(80) });

  it('keeps every other node and every offset of parse5’s tree', () => {
    const html = `<html><head><style>${css}</style><script>${js}</script></head><body><script type="text/javascript" async>${js}</script><p>text</p><style media="x">${css}</style>${'<p>padding past the tokenizer’s buffer</p>'.repeat(3000)}<script>${js}</script></body></html>`;
    const result = shortenedLines(lines(parsePage(html, true)), lines(parse5Tree(html)));
    expect(result).toEqual({ shortened: 5, other: [] });
  });

  it('reads as written short ones, JSON-LD and JSON, `<!--` in a script, and what only looks like a script', () => {
    const pages = [
      '<script>short();</script><style>p{}</style>',
      `<script type="application/ld+json">${ld}</script><script type=" Application/LD+JS&#79;N ">${ld}</script><script data-kind="json">${js}</script>`,
      `<script><!-- ${js} --></script><script>${js} <!-- </script>`,
      `<!-- <script>${js}</script> --><textarea><script>${js}</script></textarea><p title="<style>${css}</style>">x</p>`,
      `<xmp><script>${js}</script></xmp><iframe><style>${css}</style></iframe><svg><style>${css}</style><script>${js}</script></svg>`,
      `<noscript><style>${css}</style></noscript><template><script>${js}</script></template>`,
    ];
    const shortened = pages.map((html) =>
      shortenedLines(lines(parsePage(html, true)), lines(parse5Tree(html))),
    );
    expect(shortened).toEqual([0, 0, 0, 0, 0, 2].map((n) => ({ shortened: n, other: [] })));
  });

  it('on the dev pages’ HTML', () => {
    let shortened = 0;
    for (const [name, html] of devPagesHtml()) {
      const result = shortenedLines(lines(parsePage(html, true)), lines(parse5Tree(html)));
      expect(result.other, name).toEqual([]);
      shortened += result.shortened;
    }
    expect(shortened).toBeGreaterThan(100);
  });
});
