import { describe, expect, it } from 'vitest';
import { hintBits, hintsOf, htmlTextView, MAX_DEPTH, PATH_TAGS } from '../../stages/html.js';

const page = (body: string) =>
  `<!doctype html><html><head><title>Page title</title></head><body>${body}</body></html>`;

/** Each block's text in the view, with the features a test asks about. */
function blocksOf(html: string) {
  const view = htmlTextView(html);
  return view.blocks.map((b) => ({ text: view.text.slice(b.viewStart, b.viewEnd), block: b }));
}

describe('html: the text view', () => {
  it('puts each block element in a paragraph of its own, a blank line between, <br> a single newline', () => {
    const view = htmlTextView(
      page(
        '<h1>The  headline</h1><p>First <b>bold</b>\n  words,<br>next line.</p><ul><li>One</li><li>Two</li></ul>',
      ),
    );
    expect(view.text).toBe('The headline\n\nFirst bold words,\nnext line.\n\nOne\n\nTwo');
  });

  it('never shows the head, scripts, styles, noscript, templates, svg or comments', () => {
    const view = htmlTextView(
      page(
        '<script>var a = "x";</script><style>p{}</style><noscript>Enable JS</noscript><template><p>T</p></template><svg><text>S</text></svg><!-- note --><p>Visible</p>',
      ),
    );
    expect(view.text).toBe('Visible');
  });

  it('keeps a <pre> as written and joins a table row’s cells with a tab', () => {
    const view = htmlTextView(
      page('<pre>  a = 1\n    b = 2</pre><table><tr><td>x</td><td> y </td></tr></table>'),
    );
    expect(view.text).toBe('  a = 1\n    b = 2\n\nx\ty');
  });

  it('splits an element’s own text around a nested block, each part a block of that element', () => {
    const blocks = blocksOf(page('<div>Before<p>Inside</p>After</div>'));
    expect(blocks.map((b) => [b.text, b.block.tag])).toEqual([
      ['Before', 'div'],
      ['Inside', 'p'],
      ['After', 'div'],
    ]);
  });

  it('decodes character references and keeps no-break spaces', () => {
    expect(htmlTextView(page('<p>Fish &amp; chips&nbsp;&mdash; &#x263A;</p>')).text).toBe(
      'Fish & chips\u00a0— ☺',
    );
  });

  it('gives the same view for the same HTML (deterministic)', () => {
    const html = page('<article><p>One <a href="/a">link</a></p></article><footer>F</footer>');
    expect(htmlTextView(html)).toEqual(htmlTextView(html));
  });
});

describe('html: provenance', () => {
  it('points each block at its source in the HTML: the element when it is the whole block', () => {
    const html = page('<p class="x">Hello <a href="/a">world</a></p><div>Own<p>Nested</p>tail</div>');
    const view = htmlTextView(html);
    const slices = view.blocks.map((b) => html.slice(b.htmlStart, b.htmlEnd));
    expect(slices).toEqual(['<p class="x">Hello <a href="/a">world</a></p>', 'Own', '<p>Nested</p>', 'tail']);
  });

  it('has every block’s HTML slice hold its text (read again as HTML, white space aside), in view order', () => {
    const html = page(
      '<header><nav><a href="/">Home</a></nav></header><main><h1>T &amp; U</h1><p>A <i>b</i><br>c</p><table><tr><td>1</td><td>2</td></tr></table></main><p>Unclosed <b>bold<p>next',
    );
    const view = htmlTextView(html);
    let previous = -1;
    for (const block of view.blocks) {
      const text = view.text.slice(block.viewStart, block.viewEnd);
      // Out of its table a row's cells lose their tab: compare the characters, white space aside.
      const again = htmlTextView(html.slice(block.htmlStart, block.htmlEnd)).text;
      expect(again.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
      expect(block.viewStart).toBeGreaterThan(previous);
      previous = block.viewEnd;
    }
  });
});

describe('html: block features', () => {
  it('measures link density as characters inside links over all characters', () => {
    const [block] = blocksOf(page('<p>abcd <a href="/x">efgh</a></p>'));
    expect([block!.block.chars, block!.block.linkChars]).toEqual([8, 4]);
  });

  it('records the tag path, the article, the regions and hidden blocks', () => {
    const blocks = blocksOf(
      page(
        '<nav><ul><li><a href="/">Home</a></li></ul></nav><article><header><h1>Title</h1></header><p>Body</p></article><div role="contentinfo">Foot</div><p hidden>H</p><p aria-hidden="true">A</p><p style="color:red; display: none">D</p><p style="display:nonesuch">Shown</p>',
      ),
    );
    const by = (text: string) => blocks.find((b) => b.text === text)!.block;
    expect(by('Home').path).toBe('body>nav>ul>li');
    expect(by('Home').regions).toEqual(['nav']);
    expect(by('Home').inArticle).toBe(false);
    expect(by('Title').inArticle).toBe(true);
    expect(by('Title').regions).toEqual(['header']);
    expect(by('Body').path).toBe('body>article>p');
    expect(by('Foot').regions).toEqual(['footer']);
    expect([by('H').hidden, by('A').hidden, by('D').hidden, by('Shown').hidden, by('Body').hidden]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('reads class and id hints as whole words, in several languages, not as parts of other words', () => {
    expect(hintsOf(hintBits(['comments-area'], undefined))).toEqual(['comments']);
    expect(hintsOf(hintBits(['commentlist'], undefined))).toEqual(['comments']);
    expect(hintsOf(hintBits([], 'kommentare'))).toEqual(['comments']);
    expect(hintsOf(hintBits(['RelatedPosts', 'shareBar'], undefined))).toEqual(['related', 'share']);
    expect(hintsOf(hintBits(['GlobalNav__item'], undefined))).toEqual(['nav']);
    expect(hintsOf(hintBits(['commentary'], undefined))).toEqual([]);
    expect(hintsOf(hintBits(['header', 'headline', 'shared-story', 'advice', 'admin'], undefined))).toEqual(
      [],
    );
  });

  it('passes hints down to the blocks inside, but an <article> starts afresh', () => {
    const blocks = blocksOf(
      page(
        '<div class="sidebar-layout"><main><p>Story</p></main><div class="comments"><p>Nice!</p></div></div>',
      ),
    );
    expect(blocks.map((b) => [b.text, b.block.hints])).toEqual([
      ['Story', []],
      ['Nice!', ['comments', 'sidebar']],
    ]);
  });
});

describe('html: hostile markup', () => {
  it('reads 100,000 nested elements without overflowing the stack, keeping the text', () => {
    const html = `${'<div>'.repeat(100_000)}deep text${'</div>'.repeat(100_000)}<p>after</p>`;
    const view = htmlTextView(html);
    expect(view.text).toBe('deep text\n\nafter');
    expect(view.flattened).toBeGreaterThan(100_000 - MAX_DEPTH - 10);
  });

  it('reads unclosed tags, a stray end tag and a huge attribute', () => {
    const view = htmlTextView(
      `<p>one<p>two<div><span>three</div></b><p class="${'a'.repeat(1_000_000)}">four<li>five`,
    );
    expect(view.text).toBe('one\n\ntwo\n\nthree\n\nfour\n\nfive');
  });

  it('reads a <pre> of a million spaces in linear time (no end-anchored regex over the run)', () => {
    const run = ' '.repeat(1_000_000);
    const view = htmlTextView(`<pre>a${run}b${run}<br>c${run}</pre><p>after</p>`);
    expect(view.text).toBe(`a${run}b\nc\n\nafter`);
  });

  it('records at most PATH_TAGS tags of a deep block’s path, so memory does not grow with depth', () => {
    const [block] = htmlTextView(`${'<div>'.repeat(300)}<p>x</p>`).blocks;
    const tags = block!.path.split('>');
    expect(tags[0]).toBe('…');
    expect(tags.slice(1)).toEqual([...Array(PATH_TAGS - 1).fill('div'), 'p']);
  });

  it('keeps the text of an ordinary page’s depth unflattened', () => {
    const html = `${'<div>'.repeat(MAX_DEPTH - 10)}<p>x</p>`;
    expect(htmlTextView(html).flattened).toBe(0);
  });
});
