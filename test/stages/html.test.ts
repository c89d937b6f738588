import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_PARAMS,
  type HtmlView,
  hintBits,
  hintsOf,
  htmlTextView,
  MAX_DEPTH,
  markupElements,
  markupTree,
  NAME_BREAK,
  nameWords,
  PATH_TAGS,
  parseHtml,
} from '../../stages/html.js';
import { markupElementsOf, markupMetadata, markupMetadataOf } from '../../stages/markup-metadata.js';

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

  it('never shows a button’s label, but keeps the text around it and a link styled as a button', () => {
    const view = htmlTextView(
      page(
        '<p>The council voted to close the bridge. <button type="button">Copy</button></p><div><button>Read later</button></div><p><a class="button" href="/report">Read the report</a></p>',
      ),
    );
    expect(view.text).toBe('The council voted to close the bridge.\n\nRead the report');
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

  it('ends an element closed by another tag where its last child ends, as hast records it', () => {
    // The first <li> is closed by the second one; a stray end tag after its text is not part of it.
    const html = page('<ul><li>one</span><li>two</ul>');
    const view = htmlTextView(html);
    expect(view.blocks.map((b) => html.slice(b.htmlStart, b.htmlEnd))).toEqual(['<li>one', '<li>two']);
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

  it('reads attributes as hast does: both class spellings, `hidden` only empty or "hidden", `aria-hidden` only "true"', () => {
    const blocks = blocksOf(
      page(
        '<p class="comments" classname="related">Both</p><p hidden="HIDDEN">Upper</p><p hidden="until-found">Found</p><p aria-hidden="TRUE">Aria</p><p ariahidden="true">Joined</p><p.note>Dotted</p.note>',
      ),
    );
    const by = (text: string) => blocks.find((b) => b.text === text)!.block;
    expect(by('Both').hints).toEqual(['comments', 'related']);
    expect([by('Upper').hidden, by('Found').hidden, by('Aria').hidden, by('Joined').hidden]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    // hast reads a tag name with a dot as a selector: a <p> of class "note".
    expect(by('Dotted').tag).toBe('p');
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

  it('reads no hint from a word after "no" or "without": a state of the element, not its name', () => {
    expect(hintsOf(hintBits(['no_caption', 'no-sidebar'], undefined))).toEqual([]);
    expect(hintsOf(hintBits([], 'without-comments'))).toEqual([]);
    expect(hintsOf(hintBits(['noComments'], undefined))).toEqual([]);
    // Only the word right after it: the other words of the name, and the element's other names, still count.
    expect(hintsOf(hintBits(['no-thumb-sidebar'], undefined))).toEqual(['sidebar']);
    expect(hintsOf(hintBits(['no-sidebar', 'comments'], undefined))).toEqual(['comments']);
    // "no" only as a whole word: "nocomments" is no hint word at all, "north-sidebar" and "snow-sidebar" are sidebars.
    expect(hintsOf(hintBits(['north-sidebar', 'snow-sidebar'], undefined))).toEqual(['sidebar']);
  });

  it("reads a comment word in a live ticker's name as the ticker's entry, not a reader's comment", () => {
    expect(hintsOf(hintBits(['live-match-comment', 'slider-ele'], undefined))).toEqual([]);
    expect(hintsOf(hintBits(['liveblog-comment'], undefined))).toEqual([]);
    expect(hintsOf(hintBits(['LiveTickerComment'], undefined))).toEqual([]);
    expect(hintsOf(hintBits([], 'live_kommentar'))).toEqual([]);
    // Only within one name: a "live" class beside a "comments" class is still a thread, and so are names
    // without a live word, or with one only as a part of another word ("delivery", "olive").
    expect(hintsOf(hintBits(['live', 'comments'], undefined))).toEqual(['comments']);
    expect(hintsOf(hintBits(['live'], 'comments'))).toEqual(['comments']);
    expect(hintsOf(hintBits(['delivery-comments', 'olive-comments'], undefined))).toEqual(['comments']);
    // The other hints of a live name stay: a live ticker's share bar is a share bar.
    expect(hintsOf(hintBits(['live-comment-share'], undefined))).toEqual(['share']);
  });

  it("gives no hint for a blog's taxonomy classes: category-/tag- classes and the classes after hentry", () => {
    // WordPress post_class: the post's categories, tags and other taxonomies' terms name its topics.
    expect(hintsOf(hintBits(['category-comments', 'tag-social-media', 'tag-related'], undefined))).toEqual(
      [],
    );
    expect(
      hintsOf(hintBits(['post-7', 'type-post', 'hentry', 'internet-estallido-comentarios'], undefined)),
    ).toEqual([]);
    // What the element itself is called still counts: classes before hentry, the id, other class prefixes.
    expect(hintsOf(hintBits(['related-post', 'post-9', 'hentry', 'category-news'], undefined))).toEqual([
      'related',
    ]);
    expect(hintsOf(hintBits(['hentry', 'tag-news'], 'comments'))).toEqual(['comments']);
    expect(hintsOf(hintBits(['post-tag-comments', 'tagged-comments'], undefined))).toEqual(['comments']);
    expect(hintsOf(hintBits(['comments', 'entry'], undefined))).toEqual(['comments']);
  });

  it('splits class and id names into the words NAME_BREAK declares (the scan agrees with the split)', () => {
    const names = [
      'comment-list',
      'commentList',
      'CommentsArea',
      'related__posts--2',
      'ABCDef',
      'aB1cD',
      'x1Y2z3',
      'sidebar_widget',
      '  spaced  out ',
      'a',
      '-',
      '',
      'über-kommentare',
      'ad300x250',
      'shareBar😀Icons',
      'main.content#footer',
      'jsx-123abcDEF',
    ];
    // And names made of every mix of the characters the split treats differently, deterministically.
    const alphabet = ['a', 'B', '7', '-', 'é', ' ', 'Z', 'q'];
    for (let n = 0; n < 4096; n++) {
      let name = '';
      for (let k = n; k > 0; k = Math.floor(k / alphabet.length)) name += alphabet[k % alphabet.length];
      names.push(name);
    }
    for (const name of names)
      expect(nameWords(name), name).toEqual(name.split(NAME_BREAK).filter((part) => part.length >= 2));
    expect(nameWords('relatedStoriesList')).toEqual(['related', 'Stories', 'List']);
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

  it('marks a block that holds a <time> element (dated), and only that block', () => {
    const blocks = blocksOf(
      page(
        '<p>Von <a href="/a">Anna Beck</a> <time datetime="2022-01-26">26. Jan 2022</time></p><div><time datetime="2020-02-08T11:00"></time>By Jane Doe</div><p>Le conseil a voté mardi.</p><p>No time here, <span class="time">9:00</span>.</p>',
      ),
    );
    expect(blocks.map((b) => [b.text, b.block.dated, b.block.timeChars])).toEqual([
      // timeChars counts the visible characters inside <time>, as chars does: "26.Jan2022".
      ['Von Anna Beck 26. Jan 2022', true, 10],
      // An empty <time> still dates its block: the date is in its attribute.
      ['By Jane Doe', true, 0],
      ['Le conseil a voté mardi.', false, 0],
      // A class named "time" is no <time> element.
      ['No time here, 9:00.', false, 0],
    ]);
  });

  it('counts the characters inside a <time> element and its children (timeChars), and no more', () => {
    const [item] = blocksOf(
      page('<ul><li><time datetime="1998"><b>19</b>98</time>: founded in Leeds</li></ul>'),
    );
    expect([item!.text, item!.block.chars, item!.block.timeChars]).toEqual(['1998: founded in Leeds', 19, 4]);
  });

  it('gives a heading the end of its parent element (boxEnd), and any other block -1', () => {
    const view = htmlTextView(
      page('<div><h2>Galerie</h2><p>Bild 1</p></div><p>Text danach.</p><section><h3>Seul</h3></section>'),
    );
    const [heading, inBox, after, alone] = view.blocks;
    expect([heading!.tag, inBox!.tag, after!.tag, alone!.tag]).toEqual(['h2', 'p', 'p', 'h3']);
    // The box's last element is the <p> inside it: the heading's section ends there, before "Text danach."
    expect(heading!.boxEnd).toBe(inBox!.element);
    expect(after!.element).toBeGreaterThan(heading!.boxEnd);
    expect(alone!.boxEnd).toBe(alone!.element);
    expect([inBox!.boxEnd, after!.boxEnd]).toEqual([-1, -1]);
  });
});

describe('html: the content element (as Readability.js scores it)', () => {
  const p = (day: string) =>
    `<p>The council voted on ${day} to close the old bridge, after engineers found cracks, rust and loose bolts in two piers.</p>`;
  /** The texts of the blocks inside the view's content element. */
  const contentTexts = (view: HtmlView) =>
    view.blocks
      .filter((b) => view.content && b.element >= view.content.first && b.element <= view.content.last)
      .map((b) => view.text.slice(b.viewStart, b.viewEnd));

  it('is the box of comma-rich paragraphs, not the menu, a link list or a sidebar box of prose', () => {
    const view = htmlTextView(
      page(
        `<div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/w">World news from every continent</a></li></ul></div>` +
          `<div id="story"><h2>Bridge</h2>${p('Monday')}${p('Tuesday')}<p>Short line.</p>${p('Friday')}</div>` +
          `<div class="sidebar">${p('Sunday')}${p('Saturday')}${p('Wednesday')}${p('Thursday')}</div>` +
          `<div><p><a href="/a">A linked teaser paragraph, with commas, commas, commas, commas and more commas.</a></p><p><a href="/b">Another linked teaser, with commas, commas, commas, commas, commas.</a></p><p><a href="/c">A third linked teaser, with commas, commas, commas, commas, commas.</a></p></div>`,
      ),
    );
    expect(view.content?.tag).toBe('div');
    expect(contentTexts(view)).toEqual([
      'Bridge',
      expect.stringContaining('Monday'),
      expect.stringContaining('Tuesday'),
      'Short line.',
      expect.stringContaining('Friday'),
    ]);
  });

  it('passes over the paragraphs of a sidebar, comment or related box, however long, even nested (UNSCORED_HINT_KINDS)', () => {
    // The boxes' paragraphs sit in a plain <div> of their own: the penalty on the box alone would leave that div
    // the best element of the page.
    for (const box of ['sidebar', 'comments', 'related-posts', 'site-footer', 'kommentare', 'right-rail']) {
      const view = htmlTextView(
        page(
          `<div class="${box}"><div>${p('Sunday')}${p('Saturday')}${p('Wednesday')}${p('Thursday')}</div></div>` +
            `<div id="story">${p('Monday')}${p('Tuesday')}</div>`,
        ),
      );
      expect(contentTexts(view)).toEqual([
        expect.stringContaining('Monday'),
        expect.stringContaining('Tuesday'),
      ]);
    }
  });

  it('still scores a box whose own class also names the article, a widget or a share bar', () => {
    // "l-sidebar-fixed l-article-body": a layout with a sidebar beside the article (Readability.js's exception);
    // Blogger puts a blog's posts in a "widget Blog"; share or promotion names wrap articles too.
    for (const box of ['l-sidebar-fixed l-article-body', 'widget Blog', 'share-wrapper']) {
      const view = htmlTextView(
        page(
          `<div class="${box}"><div>${p('Sunday')}${p('Saturday')}${p('Wednesday')}${p('Thursday')}</div></div>` +
            `<div id="story">${p('Monday')}${p('Tuesday')}</div>`,
        ),
      );
      expect(contentTexts(view)).toHaveLength(4);
      expect(contentTexts(view)[0]).toContain('Sunday');
    }
  });

  it('goes up from the best box to an ancestor that scores more than the one below it (Readability.js)', () => {
    // The four-paragraph box scores highest; its wrapper less; the wrapper's parent, which also holds two more
    // boxes of the article, more than the wrapper: the content is that parent, all eight paragraphs.
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Holiday'];
    const view = htmlTextView(
      page(
        `<div id="page"><div id="wrap"><div>${days.slice(0, 4).map(p).join('')}</div></div><div>${days.slice(4, 6).map(p).join('')}</div><div>${days.slice(6).map(p).join('')}</div></div><div><p>Footer text of the site.</p></div>`,
      ),
    );
    expect(contentTexts(view).map((t) => t.split(' ')[4])).toEqual(days);
  });

  it('is the nearest ancestor holding three or more boxes that score nearly as high as the best (Readability.js)', () => {
    // Four boxes of the article, each nested five levels below their common ancestor, so that no paragraph's
    // score reaches it and the climb from the best box stops short: the other boxes score as high (at least
    // 75% of the best), so the content is their ancestor, all twelve paragraphs.
    const days = ['Monday', 'Tuesday', 'Wednesday'];
    const box = (n: number) =>
      `<div><div><div><div><div>${days.map((d) => p(`${d} ${n}`)).join('')}</div></div></div></div></div>`;
    const split = htmlTextView(
      page(
        `<div id="story">${[1, 2, 3, 4].map(box).join('')}</div><div><p>Footer text of the site.</p></div>`,
      ),
    );
    expect(contentTexts(split)).toHaveLength(12);
    expect(contentTexts(split).join(' ')).not.toContain('Footer');
    // Two such boxes besides the best are not enough: the content stays the best box.
    const two = htmlTextView(page(`<div id="story">${[1, 2, 3].map(box).join('')}</div>`));
    expect(contentTexts(two)).toEqual([1, 1, 1].map((n, i) => expect.stringContaining(`${days[i]} ${n}`)));
  });

  it('joins the siblings Readability.js appends: a box that scores a fifth of it, a paragraph of prose', () => {
    const view = htmlTextView(
      page(
        `<div id="page"><p>The bridge, closed since Monday after engineers found cracks, will stay shut for two years.</p><p>Closed.</p>` +
          `<p><a href="/more">More stories about bridges, ferries and the council, from our archive of local news</a></p>` +
          `<div id="story">${['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map(p).join('')}</div><div id="more">${p('Sunday')}${p('Holiday')}</div><div id="brief">${p('Workday')}</div></div>`,
      ),
    );
    const siblings = view.content?.siblings ?? [];
    const siblingTexts = view.blocks
      .filter((b) => siblings.some((s) => b.element >= s.first && b.element <= s.last))
      .map((b) => view.text.slice(b.viewStart, b.viewEnd).split(' ').slice(0, 2).join(' '));
    // The lead paragraph (long, no links), "Closed." (short, no links, a full stop) and the box of two
    // paragraphs join; the linked paragraph and the one-paragraph box (under the score threshold of 10) do not.
    expect(siblingTexts).toEqual(['The bridge,', 'Closed.', 'The council', 'The council']);
    expect(contentTexts(view)).toHaveLength(6);
  });

  it('joins a short sibling paragraph that ends a sentence in any script (。！？ as a full stop), and no other', () => {
    // Short siblings (under CONTENT_SIBLING_PARAGRAPH_CHARS, no score of their own) join only with no link text
    // and a sentence end: Readability.js's full-stop test, with every mark of SENTENCE_MARKS.
    const siblingTexts = (short: string) => {
      const view = htmlTextView(
        page(
          `<div id="page">${short}<div id="story">${['Monday', 'Tuesday', 'Wednesday', 'Thursday'].map(p).join('')}</div></div>`,
        ),
      );
      const siblings = view.content?.siblings ?? [];
      return view.blocks
        .filter((b) => siblings.some((s) => b.element >= s.first && b.element <= s.last))
        .map((b) => view.text.slice(b.viewStart, b.viewEnd));
    };
    // Chinese and Japanese: a short paragraph ending in 。 or ！, or with ？ inside, joins (no space follows).
    expect(siblingTexts('<p>大桥周一起关闭。</p>')).toEqual(['大桥周一起关闭。']);
    expect(siblingTexts('<p>橋は二年間閉鎖される！</p>')).toEqual(['橋は二年間閉鎖される！']);
    expect(siblingTexts('<p>为什么？市议会没有回答</p>')).toEqual(['为什么？市议会没有回答']);
    // Hindi's danda and an English full stop before a closing quote end a sentence too.
    expect(siblingTexts('<p>पुल दो साल तक बंद रहेगा।</p>')).toEqual(['पुल दो साल तक बंद रहेगा।']);
    expect(siblingTexts('<p>“The bridge is closed.”</p>')).toEqual(['“The bridge is closed.”']);
    // No sentence end: a CJK label, an English line without a full stop, a dot inside a number or a name.
    expect(siblingTexts('<p>相关新闻</p>')).toEqual([]);
    expect(siblingTexts('<p>Related stories from our archive</p>')).toEqual([]);
    expect(siblingTexts('<p>Version 2.5 of example.com</p>')).toEqual([]);
    // Link text: a short linked sibling never joins, whatever its end.
    expect(siblingTexts('<p><a href="/more">更多新闻。</a></p>')).toEqual([]);
    expect(siblingTexts('<p>阅读<a href="/more">更多新闻</a>。</p>')).toEqual([]);
  });

  describe('a list of stories (teaser cards: <article> elements with a linked headline) is passed over', () => {
    /** A teaser card: a linked headline, a comma-rich summary, a "Read more" link. */
    const card = (headline: string, summary: string, more = 'Read more') =>
      `<article><div><header><h3><a href="/${headline.length}">${headline}</a></h3></header><p>${summary}, ${summary.toLowerCase()}, and more, and more.</p></div><div><a href="/x">${more}</a></div></article>`;
    const cards = (n: number, make: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => make(i)).join('');
    const intro =
      '<p>Die Dekarbonisierung der Energieversorgung ist eine der größten Herausforderungen des Jahrhunderts, und der Energiesektor verursacht etwa zwei Drittel der globalen Emissionen, sagen Forscher, Politiker und Verbände.</p>';
    /** The content element with the rule's parameters changed (`listingCards: Infinity` turns it off). */
    const contentWith = (html: string, change: Partial<typeof CONTENT_PARAMS>) =>
      htmlTextView(html, { ...CONTENT_PARAMS, ...change }).content;
    const off = { listingCards: Number.POSITIVE_INFINITY };

    it("takes an institute's page of one long text for its content, not the list of news cards that outscores it", () => {
      const news = cards(8, (i) =>
        card(
          `Neue Studie zur Energiewende Nummer ${i}`,
          `Forschende haben untersucht, wie Bürger, Gemeinden und Firmen die Energiewende in Region ${i} sehen`,
          'Mehr erfahren',
        ),
      );
      const html = page(
        `<main><div id="intro"><h2>Energiewende</h2>${intro}</div><section><h2>News</h2><div>${news}</div></section></main>`,
      );
      expect(contentTexts(htmlTextView(html))).toEqual([
        'Energiewende',
        expect.stringContaining('Dekarbonisierung'),
      ]);
      // Without the rule the eight summaries outscore the page's own paragraph.
      expect(contentWith(html, off)).not.toEqual(htmlTextView(html).content);
    });

    it('keeps an article that holds a box of related stories for its content: the cards hold little of its text', () => {
      const related = cards(3, (i) =>
        card(`Bridge story number ${i} of the week`, `Engineers found cracks in pier ${i}`),
      );
      const html = page(
        `<div id="story">${p('Monday')}${p('Tuesday')}${p('Wednesday')}<aside>${related}</aside>${p('Thursday')}${p('Friday')}${p('Saturday')}</div>` +
          `<div id="elsewhere">${p('Sunday')}${p('Holiday')}${p('Workday')}</div>`,
      );
      const view = htmlTextView(html);
      expect(view.content).toEqual(contentWith(html, off));
      expect(contentTexts(view).filter((t) => t.startsWith('The council'))).toHaveLength(6);
      // Counted as a list whatever its own text (listingShare 0), the article would be passed over.
      expect(contentWith(html, { listingShare: 0 })).not.toEqual(view.content);
    });

    it("keeps a section's front, a page that is only a list of stories, as its content", () => {
      // Spanish: nothing on the page scores a third of the list (listingFallbackShare) but the cards' own
      // summaries, which are no content; the call to subscribe under the list scores less.
      const front = cards(6, (i) =>
        card(
          `Así cambia la ciudad en el barrio ${i}`,
          `Vecinos, comerciantes y concejales opinan sobre las obras del barrio ${i}`,
          'Leer más',
        ),
      );
      const html = page(
        `<main><section><ol><li>${front}</li></ol></section><section><p>Suscríbase hoy al diario por menos de un euro al mes.</p></section></main>`,
      );
      const view = htmlTextView(html);
      expect(view.content).toEqual(contentWith(html, off));
      expect(contentTexts(view).join(' ')).toContain('Así cambia');
      expect(contentWith(html, { listingFallbackShare: 0 })).not.toEqual(view.content);
    });

    it("reads no forum posts (a user's linked name) or linked titles of long articles as cards", () => {
      const intro3 = `<div id="intro">${intro}${intro}${intro}</div>`;
      // A thread's posts set in <article> elements, each headed by its author's linked name: a word or two.
      const posts = cards(
        8,
        (i) =>
          `<article class="message"><div><h4><a href="/u/${i}">Pepemaus${i}</a></h4><p>Bei mir ging es ruckzuck, das Update hat keine fünf Minuten gedauert, warum denn bei einigen nicht, frage ich mich.</p></div></article>`,
      );
      const thread = page(`<main><div id="intro">${intro}</div><div>${posts}</div></main>`);
      expect(htmlTextView(thread).content).toEqual(contentWith(thread, off));
      expect(contentWith(thread, { cardHeadingWords: 0 })).not.toEqual(htmlTextView(thread).content);
      // Polish: a blog's posts whose linked titles head whole articles (cardMaxChars or more) are no teasers.
      const long = `<p>${'Radni, urzędnicy i mieszkańcy spierali się o most, a inżynierowie znaleźli pęknięcia w filarach. '.repeat(4)}</p>`;
      const entries = cards(
        4,
        (i) =>
          `<article><h2><a href="/p/${i}">Most w Lesznie zamknięty do odwołania ${i}</a></h2><div>${long}${long}${long}</div></article>`,
      );
      const blog = page(`<main>${intro3}<div>${entries}</div></main>`);
      expect(htmlTextView(blog).content).toEqual(contentWith(blog, off));
      expect(contentWith(blog, { cardMaxChars: Number.POSITIVE_INFINITY })).not.toEqual(
        htmlTextView(blog).content,
      );
    });

    it('reads no FAQ entries set in <article> elements as cards: their questions are no links', () => {
      const faq = cards(
        8,
        (i) =>
          `<article class="faq"><h3>Wie funktioniert der Rabatt Nummer ${i}?</h3><p>Der Händler gewährt, wenn Sie bar zahlen, einen Nachlass, der je nach Modell, Ausstattung und Saison ${i} Prozent beträgt.</p></article>`,
      );
      const html = page(`<main><div id="intro">${intro}</div><div>${faq}</div></main>`);
      expect(contentTexts(htmlTextView(html)).join(' ')).toContain('Der Händler');
      // The same entries with linked questions are a list of stories.
      const linked = html.replace(/<h3>(.*?)<\/h3>/gu, '<h3><a href="/q">$1</a></h3>');
      expect(contentTexts(htmlTextView(linked)).join(' ')).not.toContain('Der Händler');
    });
  });

  it('is null on a page with no paragraph of CONTENT_MIN_CHARS characters', () => {
    expect(htmlTextView(page('<ul><li>Home</li><li>News</li></ul><p>Short.</p>')).content).toBeNull();
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

describe('html: the markup metadata tree', () => {
  it('gives markupMetadata what the whole page’s hast gives it, from the elements it reads', () => {
    const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
    const pages = [
      // Metadata in the head, in the body, inside SVG (whose <title> is no page title), in a <noscript>.
      `<!doctype html><html lang="en-GB"><head><title>Head title | Site</title><meta property="og:title" content="OG &amp; title"><meta name="author" content="Jo Doe"><link rel="canonical" href="https://example.com/a"></head><body><svg><title>Icon</title><link rel="canonical" href="https://example.com/svg"></svg><p>Text.</p>${ld({ '@type': 'NewsArticle', headline: 'LD headline', datePublished: '2021-03-04' })}<meta name="date" content="2020-01-02"><noscript><meta name="byl" content="By Someone"></noscript></body></html>`,
      // No head at all, a second <title> and <html> attributes merged from a stray tag.
      '<p>First</p><title>Late title</title><html xml:lang="de"><meta property="article:section" content="Sport">',
      // A title only inside SVG.
      '<svg><title>Only an icon</title></svg><p>x</p>',
    ];
    for (const html of pages) {
      const whole = markupMetadata(unified().use(rehypeParse).parse(html));
      expect(markupMetadata(markupTree(parseHtml(html).document))).toEqual(whole);
      expect(markupMetadataOf(markupElements(parseHtml(html)))).toEqual(whole);
    }
  });

  it('reads the elements straight from the parsed page as hast gives them, attribute by attribute', () => {
    const pages = [
      // Each attribute name that sets a property markupMetadata reads, in each case and spelling hast accepts.
      '<html LANG="en-GB" XML:LANG="en"><head><meta HTTP-EQUIV=" Content-Type\t x " content=" text/html "><meta httpequiv="refresh" http-equiv="later wins" content=0></head></html>',
      '<meta httpequiv=" a \n b " content="alone"><svg><script><link rel="canonical" href="in an SVG script"></script></svg>',
      '<html xmllang="de"><meta Property=" og:title  twitter:title " NAME="title" Content="A &amp; B"><link REL=" Canonical\n\u00a0other " HREF=" https://example.com/a "><link rel="" href="x">',
      // Values hast splits into words (rel, http-equiv): empty, white space only, non-breaking spaces at the ends.
      '<meta http-equiv="" content=""><meta http-equiv=" \t " content="c"><link rel="\u00a0canonical\u00a0" href="y"><link rel>',
      // Attributes nobody reads, duplicates (the first one written counts), a tag hast reads as a selector.
      '<meta name="a" name="b" content="c" data-name="d" itemprop="e"><meta.x name="author" content="Sel Ector"><link#id rel="canonical" href="z">',
      // Scripts and titles with their text, inside SVG and MathML (a foreign title is no page title), in a template.
      '<title>One</title><title>Two</title><script type=" Application/LD+JSON ">{"@type":"NewsArticle"}</script><svg><title>icon</title><script type="application/ld+json">{"a":1}</script><meta name="in-svg" content="s"></svg><math><title>m</title></math><template><meta name="t" content="t"></template>',
    ];
    for (const html of pages)
      expect(markupElements(parseHtml(html))).toEqual(
        markupElementsOf(unified().use(rehypeParse).parse(html)),
      );
  });

  it('reads them from the tree as flattened below MAX_DEPTH, as the hast of that tree gives them', () => {
    const deep = (inner: string) => `${'<div>'.repeat(MAX_DEPTH + 5)}${inner}`;
    const pages = [
      deep(
        '<meta name="author" content="Deep Author"><title>Deep title</title><script type="application/ld+json">{}</script>',
      ),
      deep('<svg><g><title>icon title</title><meta name="a" content="b"></g></svg><p>after</p>'),
      // The element at MAX_DEPTH (html and body above the divs) is an <svg>, or a script inside one.
      `${'<div>'.repeat(MAX_DEPTH - 3)}<svg><g><title>under the svg</title></g></svg>`,
      `${'<div>'.repeat(MAX_DEPTH - 4)}<svg><script><g><link rel="canonical" href="in the script"></g></script></svg>`,
    ];
    for (const html of pages) {
      const parsed = parseHtml(html);
      expect(parsed.flattened).toBeGreaterThan(0);
      expect(markupElements(parsed)).toEqual(markupElementsOf(markupTree(parsed.document)));
    }
  });
});

describe('html: script and style contents read short', () => {
  const js = `var s = "${'x'.repeat(80)}"; if (a < b && c > d) { document.write('<p>no</p>'); }`;
  const viewOf = (html: string) => {
    const view = htmlTextView(html);
    return { text: view.text, slices: view.blocks.map((b) => html.slice(b.htmlStart, b.htmlEnd)) };
  };
  const metaOf = (html: string) => markupMetadata(markupTree(parseHtml(html).document));
  const rehypeMeta = (html: string) => markupMetadata(unified().use(rehypeParse).parse(html));

  it('keeps offsets into the page as written after long scripts and styles', () => {
    const html = `<html><head><style>p { color: red; } ${'.a{}'.repeat(40)}</style><script>${js}</script></head><body><script>${js}</script><p>First</p><script type="text/javascript">${js}</script><p>Second <b>bold</b></p></body></html>`;
    expect(viewOf(html)).toEqual({
      text: 'First\n\nSecond bold',
      slices: ['<p>First</p>', '<p>Second <b>bold</b></p>'],
    });
  });

  it('reads script content as the parser does where `<!--` and `<script>` change where it ends', () => {
    const html = page(`<script><!--<script>${js} "</script><p>not text</p>" --></script><p>Real</p>`);
    expect(viewOf(html)).toEqual({ text: 'Real', slices: ['<p>Real</p>'] });
  });

  it('reads a `<script>` in a comment, an attribute or a textarea as what it is there', () => {
    const quoted = js.replaceAll('"', "'");
    const html = page(
      `<!-- <script>${js}</script> --><p title="<script>${quoted}</script>">Para</p><textarea><script>${js}</script></textarea><p>After</p>`,
    );
    expect(viewOf(html)).toEqual({
      text: 'Para\n\nAfter',
      slices: [`<p title="<script>${quoted}</script>">Para</p>`, '<p>After</p>'],
    });
  });

  it('keeps JSON-LD (however its type is written) and SVG styles that hold markup', () => {
    const article = JSON.stringify({ '@type': 'NewsArticle', headline: 'The real headline of this page' });
    const pages = [
      page(`<script type="application/ld+js&#111;n">${article}</script><p>Text.</p>`),
      page(
        `<svg><style>${'.b{}'.repeat(30)}<meta name="author" content="Foreign Author"></style></svg><p>x</p>`,
      ),
    ];
    for (const html of pages) expect(metaOf(html)).toEqual(rehypeMeta(html));
    expect(metaOf(pages[0]!).title?.value).toBe('The real headline of this page');
    expect(metaOf(pages[1]!).byline?.value).toBe('Foreign Author');
  });
});
