import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../../pipeline/clean.js';
import '../../pipeline/clean-html.js'; // cleanBytes' HTML half (pipeline/html-cleaning.ts)
import { ConfigError, parseConfig } from '../../pipeline/config.js';
import type { DocState } from '../../stages/document.js';
import { newDocState, reassign } from '../../stages/document.js';
import { CONTENT_PARAMS, htmlTextView } from '../../stages/html.js';
import {
  LINK_POINTER_RULE,
  LINK_TEXT_RULE,
  linkText,
  MARKUP_PARAMS,
  MARKUP_RULES,
  markup,
  ORPHAN_HEADING_RULE,
  orphanHeadings,
  pointerLists,
  TAIL_NOTICE_RULE,
  TIME_DATELINE_RULE,
  tailNotices,
  weighedChars,
} from '../../stages/markup.js';
import { segment } from '../../stages/segment.js';
import { DEFAULTS, paragraphs, unaccounted } from '../helpers.js';

/** The markup stage alone, on the text view of a page. */
function marked(html: string, params = MARKUP_PARAMS): DocState {
  const view = htmlTextView(html);
  return markup(
    segment(
      newDocState(view.text, { html, blocks: view.blocks, flattened: view.flattened, content: view.content }),
    ),
    [],
    params,
  );
}

const removedBy = (doc: DocState, rule: string) =>
  doc.removed.filter((r) => r.stage === 'markup' && r.rule === rule).map((r) => r.text);
const kept = (doc: DocState) => doc.blocks.filter((b) => b.role === 'body').map((b) => b.text);
/** The roles the document's lines removed by `rule` now carry (a caption's role is what sends its credit to metadata). */
const rolesRemovedBy = (doc: DocState, rule: string) => {
  const texts = new Set(removedBy(doc, rule));
  return doc.blocks.filter((b) => texts.has(b.text)).map((b) => b.role);
};

const prose =
  '<p>The council voted on Tuesday to close the old bridge to traffic, after engineers found cracks in two of its piers.</p>';
// More paragraphs of the same story, for tests that need a content element of several.
const p2 =
  '<p>Repairs will take two years, the council said, and a ferry will run in the meantime, at a fare of one euro.</p>';
const p3 =
  '<p>Residents, who were not consulted, plan to protest at the town hall on Friday, a spokeswoman for the group said.</p>';
const p4 =
  '<p>The bridge, which opened in 1871, carries about twelve thousand cars a day, according to the regional transport office.</p>';
/** What a kept body holds of prose, p2 and p3, in that order. */
const STORY = [
  expect.stringContaining('The council voted'),
  expect.stringContaining('Repairs will take'),
  expect.stringContaining('Residents, who were not consulted'),
];

describe('markup', () => {
  it('leaves a text dump alone: no HTML, no change', () => {
    const doc = segment(newDocState('Home\n\nA line of text.'));
    expect(markup(doc)).toBe(doc);
  });

  it('hidden: removes hidden blocks, keeps shown ones', () => {
    const doc = marked(
      `<div hidden>Sign up now</div><p aria-hidden="true">Icon label</p><div style="display:none">Popup</div><article>${prose}<p style="display:block">Shown text.</p></article>`,
    );
    expect(removedBy(doc, 'hidden')).toEqual(['Sign up now', 'Icon label', 'Popup']);
    expect(kept(doc)).toContain('Shown text.');
  });

  it('nav: removes navigation outside the article and inside it (a table of contents), keeps the article’s own list', () => {
    const doc = marked(
      `<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav><article>${prose}<ul><li>Two piers are cracked.</li><li>The bridge closes in May.</li></ul><div role="navigation"><a href="#s1">Section one</a></div></article>`,
    );
    expect(removedBy(doc, 'nav')).toEqual(['Home', 'World', 'Section one']);
    expect(kept(doc)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('The council voted'),
        'Two piers are cracked.',
        'The bridge closes in May.',
      ]),
    );
  });

  it('nav: keeps a content element that itself sits in a <nav>', () => {
    // A page that wraps its text in <nav>: the region says nothing of the blocks of its content element.
    const doc = marked(`<nav><div class="story">${prose}${p2}${p3}</div></nav>`);
    expect(removedBy(doc, 'nav')).toEqual([]);
    expect(kept(doc)).toHaveLength(3);
  });

  it('comments-container: removes a comment thread by its class or id, not a class that only contains "comment"', () => {
    const doc = marked(
      `<article>${prose}<p class="commentary">Our commentary follows the report.</p></article><section class="comments"><p>Great article!</p></section><div id="kommentare"><p>Toller Artikel!</p></div>`,
    );
    expect(removedBy(doc, 'comments-container')).toEqual(['Great article!', 'Toller Artikel!']);
    expect(kept(doc)).toContain('Our commentary follows the report.');
  });

  it("comments-container: a live ticker's entries classed as comments are the article; the readers' thread still goes", () => {
    const entry = (minute: string, text: string) =>
      `<div class="live-match-comment"><div class="live-match-comment-time">${minute}</div><div class="live-match-comment-body">${text}</div></div>`;
    const doc = marked(
      `<main><h1>Lorient - Lyon: 1-1</h1><div class="live">${entry("90'", 'C’est terminé au Moustoir ! Lorient a tenu tête à l’OL dans ce match qui se termine sur un score nul.')}${entry("58'", 'Les Lyonnais réclament un penalty après une intervention de Morel sur Aouar, la VAR n’est pas sollicitée.')}${entry("14'", 'Les deux équipes se cherchent en ce début de match, sous une pluie battante et devant un stade plein.')}</div></main><section class="comments"><p>Quel match, bravo Lorient !</p></section>`,
    );
    expect(removedBy(doc, 'comments-container')).toEqual(['Quel match, bravo Lorient !']);
    expect(kept(doc)).toEqual(
      expect.arrayContaining([
        'C’est terminé au Moustoir ! Lorient a tenu tête à l’OL dans ce match qui se termine sur un score nul.',
        'Les deux équipes se cherchent en ce début de match, sous une pluie battante et devant un stade plein.',
      ]),
    );
  });

  it("comments-container: a post's taxonomy classes do not make it a comment thread; its real thread still goes", () => {
    const doc = marked(
      `<div class="post-1 post type-post hentry category-opinion internet-comentarios">${prose}</div><div class="tag-comments"><p>Filed under comments.</p></div><ol class="commentlist"><li><p>Great article!</p></li></ol>`,
    );
    expect(removedBy(doc, 'comments-container')).toEqual(['Great article!']);
    expect(kept(doc)).toEqual(
      expect.arrayContaining([
        'The council voted on Tuesday to close the old bridge to traffic, after engineers found cracks in two of its piers.',
        'Filed under comments.',
      ]),
    );
  });

  it('page-furniture: removes header, footer and aside outside the article when the page marks one', () => {
    const html = `<header><p>Example News</p></header><article><header><h1>Bridge closes</h1></header>${prose}<aside><p>A quote from the mayor.</p></aside></article><aside><p>Most read</p></aside><footer><p>© 2020 Example News</p></footer>`;
    const doc = marked(html);
    expect(removedBy(doc, 'page-furniture')).toEqual(['Example News', 'Most read', '© 2020 Example News']);
    // The article's own header stays; its aside is the content element's (aside-in-content's, not this rule's).
    expect(kept(doc)).toContain('Bridge closes');
    expect(removedBy(doc, 'aside-in-content')).toEqual(['A quote from the mayor.']);
  });

  it('aside-in-content: removes an aside or footer inside the content element, with or without an article element', () => {
    const boxes =
      '<aside><p>Subscribe to our newsletter for the week in local politics.</p></aside><div role="complementary"><p>More from the council</p></div><footer><p>Filed under: Bridges</p></footer>';
    for (const html of [
      `<article>${prose}${p2}${boxes}${p3}</article>`,
      `<div class="page"><div class="story">${prose}${p2}${boxes}${p3}</div></div>`,
    ]) {
      const doc = marked(html);
      expect(removedBy(doc, 'aside-in-content')).toEqual([
        'Subscribe to our newsletter for the week in local politics.',
        'More from the council',
        'Filed under: Bridges',
      ]);
      expect(kept(doc)).toEqual(STORY);
    }
  });

  it('aside-in-content: keeps an aside outside the content element, and a content element that is itself in one', () => {
    // Outside the content element (no article element marked): nothing says it is furniture, the text stages judge it.
    const beside = marked(
      `<div class="story">${prose}${p2}${p3}</div><aside><p>Residents will meet the mayor at the town hall on Monday evening.</p></aside>`,
    );
    expect(removedBy(beside, 'aside-in-content')).toEqual([]);
    // A page that sets its whole text in an <aside> (or a <footer>): every block of the content element is in
    // one, so the region says nothing about the text.
    for (const box of ['aside', 'footer']) {
      const inside = marked(`<${box}><div class="story">${prose}${p2}${p3}</div></${box}>`);
      expect(removedBy(inside, 'aside-in-content')).toEqual([]);
      expect(kept(inside)).toHaveLength(3);
    }
  });

  it('page-furniture: keeps them on a page without an <article> or <main> (nothing says where the article is)', () => {
    const doc = marked(
      `<header><h1>Bridge closes</h1></header>${prose}<footer><p>Filed at noon</p></footer>`,
    );
    expect(removedBy(doc, 'page-furniture')).toEqual([]);
  });

  it('outside-article-element: removes what is outside the one article element that holds the page’s prose', () => {
    const teaser =
      '<div class="teaser"><p>Another story: the museum reopens its east wing after two years of building work and repairs.</p></div>';
    const doc = marked(
      `<h1>Bridge closes</h1><div><p>Short intro line.</p></div><article>${prose}${prose.replace('Tuesday', 'Monday')}${prose.replace('Tuesday', 'Friday')}${prose.replace('Tuesday', 'Sunday')}${prose.replace('Tuesday', 'Saturday')}</article>${teaser}`,
    );
    expect(removedBy(doc, 'outside-article-element')).toEqual([
      'Short intro line.',
      expect.stringContaining('Another story'),
    ]);
    // A top-level heading above the element is the article's headline: kept.
    expect(kept(doc)).toContain('Bridge closes');
    // The element's paragraphs of 200 characters or more are marked as article prose, which density's
    // outside-article leaves; these are shorter, but they are the paragraphs of the page's content element,
    // marked as on a page without an article element (below).
    expect(doc.articleLines?.size).toBe(5);
    const long = prose.replace(
      '</p>',
      ' Repairs will take two years. The council has asked three building firms for their bids by the end of March, and a decision is due in May.</p>',
    );
    const longer = marked(`<article>${long.repeat(3)}</article><p>${'Note. '.repeat(5)}</p>`);
    expect(longer.articleLines?.size).toBe(3);
  });

  it('outside-article-element: keeps a paragraph of the content element that sits beside the <article> in the box holding the story', () => {
    // The story's box (the content element) holds the headline, a lead and the <article> with the body: the
    // lead is outside the article element but is the content element's paragraph. A teaser after the box goes.
    const lead =
      '<p>The old bridge over the river will close to traffic in May, the town council decided on Tuesday after a long debate, and repairs begin in the summer.</p>';
    const body = `<div>${prose}${p2}</div><div>${p3}${p4}</div><div>${prose.replace('Tuesday', 'Monday')}${p2.replace('two', 'three')}</div>`;
    const teaser =
      '<div class="more"><p>Teaser: the museum reopens its east wing after two years of building work and repairs.</p></div>';
    const doc = marked(
      `<main><div class="story"><h1>Bridge closes</h1>${lead}<article>${body}</article></div>${teaser}</main>`,
    );
    expect(doc.html?.content).toMatchObject({ tag: 'div' });
    expect(removedBy(doc, 'outside-article-element')).toEqual([
      expect.stringContaining('Teaser: the museum'),
    ]);
    expect(kept(doc)).toEqual(
      expect.arrayContaining(['Bridge closes', expect.stringContaining('The old bridge over the river')]),
    );
    // A paragraph of the box after the article element is not the story's head: it goes.
    const after = marked(
      `<main><div class="story"><h1>Bridge closes</h1>${lead}<article>${body}</article><p>Also in the news: the museum reopens its east wing after two years of building work.</p></div></main>`,
    );
    expect(removedBy(after, 'outside-article-element')).toEqual([
      expect.stringContaining('Also in the news'),
    ]);
    expect(kept(after)).toEqual(
      expect.arrayContaining([expect.stringContaining('The old bridge over the river')]),
    );
    // A short line of the box beside the article (under the content element's 25 characters) is not spared.
    const short = marked(
      `<main><div class="story"><p>By the city desk</p><article>${body}</article></div></main>`,
    );
    expect(removedBy(short, 'outside-article-element')).toEqual(['By the city desk']);
  });

  it('after-content-element: removes what follows a content element that holds nearly all of the page’s prose', () => {
    const story = `<div class="story">${prose}${p2}${p3}${p4}${prose.replace('Tuesday', 'Monday')}</div>`;
    const bio =
      '<div class="author"><p>Our reporter has covered the city council for ten years and writes a weekly column about its politics.</p></div>';
    const below = '<div class="box"><h3>Most read</h3><p>Storm closes schools</p><h1>Elsewhere</h1></div>';
    const doc = marked(
      `<div class="page"><p>The lead: the bridge will close.</p>${story}${bio}${below}</div>`,
    );
    expect(removedBy(doc, 'after-content-element')).toEqual([
      expect.stringContaining('Our reporter has covered'),
      'Most read',
      'Storm closes schools',
    ]);
    // Before the element (a lead, a headline) and a top-level heading after it stay; so does the whole story.
    expect(kept(doc)).toEqual([
      'The lead: the bridge will close.',
      expect.stringContaining('The council voted on Tuesday'),
      expect.stringContaining('Repairs will take'),
      expect.stringContaining('Residents, who were not consulted'),
      expect.stringContaining('The bridge, which opened in 1871'),
      expect.stringContaining('The council voted on Monday'),
      'Elsewhere',
    ]);
    // The thresholds are parameters: with the whole page's prose required, the bio's prose keeps what follows.
    expect(
      removedBy(
        marked(`<div class="page">${story}${bio}</div>`, { ...MARKUP_PARAMS, trustedContentShare: 1 }),
        'after-content-element',
      ),
    ).toEqual([]);
  });

  it('after-content-element: keeps what follows a content element that holds too little of the prose, and the siblings that join it', () => {
    // Two boxes of prose side by side: the best one holds about half of the page's prose, so nothing says the
    // second is not the article's.
    const left = `<div class="col">${prose}${p2}${p3}</div>`;
    const right = `<div class="col2"><p>${'Residents of the north bank say the ferry is too slow, and ask for a temporary bridge. '.repeat(3)}</p></div>`;
    const columns = marked(`<div class="page">${left}${right}</div>`);
    expect(removedBy(columns, 'after-content-element')).toEqual([]);
    // Too little prose in all (under 400 characters): a short story trusts no element.
    const short = marked(
      `<div class="page"><div class="story">${prose}${p2}</div><p>Note from the desk</p></div>`,
    );
    expect(removedBy(short, 'after-content-element')).toEqual([]);
    // A short paragraph after the story that joins it as Readability.js joins siblings (no link text, a sentence
    // end) is the article's.
    const joined = marked(
      `<div class="page"><div class="story">${prose}${p2}${p3}${p4}</div><p>The council meets again on Monday.</p></div>`,
    );
    expect(joined.html?.content?.siblings.length).toBe(1);
    expect(removedBy(joined, 'after-content-element')).toEqual([]);
    expect(kept(joined)).toContain('The council meets again on Monday.');
    // A list page whose content element is a table: its rows, however long, are entries, not an article's
    // paragraphs, so the notes after the table stay for the text stages.
    const row = (year: number, title: string) =>
      `<tr><td>${year}</td><td>${title}, a film in which the hero lives the same day again and again until he learns to change.</td></tr>`;
    const table = marked(
      `<div class="page"><div class="list"><table><tbody>${row(1993, 'Groundhog Day')}${row(2014, 'Edge of Tomorrow')}${row(2017, 'Happy Death Day')}${row(2020, 'Palm Springs')}${row(2006, 'Salvage')}</tbody></table></div><div class="notes"><h2>See also</h2><ul><li>Time travel in fiction</li></ul></div></div>`,
    );
    expect(table.html?.content).toMatchObject({ tag: 'div' });
    expect(removedBy(table, 'after-content-element')).toEqual([]);
    expect(kept(table)).toEqual(expect.arrayContaining(['See also', 'Time travel in fiction']));
    // Lists and tables inside the content element are its own, whatever follows (five paragraphs: over 400 characters).
    const list = marked(
      `<div class="page"><div class="story">${prose}${p2}<ul><li>Two piers are cracked.</li><li>The bridge closes in May.</li></ul><table><tr><td>Cars a day</td><td>12,000</td></tr></table>${p3}${p4}${prose.replace('Tuesday', 'Monday')}</div><div class="ad"><p>Advertisement</p></div></div>`,
    );
    expect(removedBy(list, 'after-content-element')).toEqual(['Advertisement']);
    expect(kept(list)).toEqual(
      expect.arrayContaining(['Two piers are cracked.', 'The bridge closes in May.']),
    );
  });

  it('outside-article-element: trusts no element on a page of teaser <article>s or with much prose outside', () => {
    const card = (day: string) => `<article>${prose.replace('Tuesday', day)}</article>`;
    const teasers = marked(`${card('Monday')}${card('Tuesday')}${card('Friday')}`);
    expect(removedBy(teasers, 'outside-article-element')).toEqual([]);
    const half = marked(`<article>${prose}${prose}</article><div>${prose}${prose}</div>`);
    expect(removedBy(half, 'outside-article-element')).toEqual([]);
    expect(half.html?.article).toBeUndefined();
  });

  it('content prose: without a trusted article element, marks the paragraphs of the content element as article prose', () => {
    // No <article> or <main>: the content element (the box that scores highest as the page's content) says
    // where the article is. Its paragraphs, however short, are kept from density, and so is its heading, which
    // its prose follows (a subheading; see below); a line of link text, a line in a share box and a paragraph
    // in the sidebar are not marked.
    const doc = marked(
      `<div id="story"><h2>Ferry fares</h2>${prose}${prose.replace('Tuesday', 'Monday')}<p>Jane Doe contributed reporting</p><p><a href="/live">Follow our live coverage</a></p><div class="share"><p>Share this story with your friends</p></div></div><div class="sidebar">${prose.replace('Tuesday', 'Friday')}</div>`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual([
      'Ferry fares',
      expect.stringContaining('Tuesday'),
      expect.stringContaining('Monday'),
      'Jane Doe contributed reporting',
    ]);
  });

  it('content prose: a subheading whose prose follows a figure, its caption or a short unlinked line is marked; a box’s title is not', () => {
    const doc = marked(
      `<div id="story">${prose}<h2>The repairs</h2><figure><img src="/a.jpg"><figcaption>The north pier</figcaption></figure>${p2}<h3>The ferry</h3><p>From 3 May</p>${p3}<h3>More on this</h3><p><a href="/x">Flower show</a></p>${p4}<h3>Elsewhere</h3><ul><li><a href="/y">Museum reopens</a></li></ul></div>`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual(expect.arrayContaining(['The repairs', 'The ferry']));
    // The caption between the subheading and its prose goes (figure-caption); the subheading it stood under stays.
    expect(removedBy(doc, 'figure-caption')).toEqual(['The north pier']);
    expect(kept(doc)).toContain('The repairs');
    // A short line that is a link, or a list of links, between a heading and the prose: the title of a box.
    expect(lines).not.toContain('More on this');
    expect(lines).not.toContain('Elsewhere');
  });

  it('content prose: a hint every block of the content element carries (a blog widget around the post) is no box of its parts', () => {
    // Blogger sets a post in <div class="widget Blog">: "widget" is a sidebar word, and every block of the post
    // carries it. That says nothing of the post's paragraphs, as an aside around the whole element says nothing
    // (aside-in-content). A box with a hint of its own inside the post (a related-posts box, the comments) and a
    // widget beside the post (another element) stay unmarked.
    const de =
      '<div>Die Geschichte von Scarlett und Dante ist nicht einfach zu erzählen, denn sie ist arm und er ist reich.</div>';
    const de2 =
      '<div>Der Schreibstil der Autorin ist toll, und man lernt die Figuren im zweiten Band noch besser kennen.</div>';
    const de3 =
      '<div>Doch irgendwann wurde es mir zu viel, und ich hätte mir ein paar Geheimnisse weniger gewünscht.</div>';
    const es =
      '<p>La ciclista guatemalteca comenzará la temporada de pista con la Copa de Naciones, que se corre en Glasgow.</p>';
    const related =
      '<div class="related-posts"><div>Weitere Rezensionen dieser Reihe findet ihr hier auf dem Blog, alle mit Bewertung.</div></div>';
    const comments =
      '<div class="comments"><div>Ich habe das Buch auch gelesen und fand den zweiten Band noch besser als den ersten.</div></div>';
    const beside = `<div class="widget HTML"><div>Mein Bücherregal: alle Bücher, die ich in diesem Jahr gelesen und besprochen habe.</div>${es}</div>`;
    // The post's own footer: long legal text in a <footer> region, which no class hint stands for.
    const legal =
      '<footer><p>Alle Inhalte dieses Blogs sind urheberrechtlich geschützt; jede Verwendung außerhalb der engen Grenzen des Urheberrechtsgesetzes ist ohne Zustimmung der Autorin unzulässig und strafbar.</p></footer>';
    // A box of long teaser paragraphs inside the post, with a hint of its own (promotion) that the post does not share.
    const promo =
      '<div class="newsletter"><div>Jeden Sonntag stellen wir in unserem Newsletter die besten neuen Bücher der Woche vor, mit Leseprobe und Gewinnspiel.</div><div>Wer sich jetzt anmeldet, bekommt außerdem unsere Liste der zehn schönsten Liebesromane des Jahres als kostenloses Heft.</div></div>';
    const doc = marked(
      `<div class="widget Blog"><div class="post-body">${de}${de2}${de3}${promo}${related}${comments}${legal}</div></div>${beside}`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual([
      expect.stringContaining('Die Geschichte von Scarlett'),
      expect.stringContaining('Der Schreibstil'),
      expect.stringContaining('Doch irgendwann'),
    ]);
    // Spanish: the same for a post in a widget named in another language's words; a sidebar box beside it stays unmarked.
    const es2 =
      '<p>Nicole está lista para entregar su máximo esfuerzo en el tercer evento de talla mundial que disputa este año.</p>';
    const side =
      '<div class="sidebar"><p>Suscríbete a nuestro boletín y recibe cada semana las noticias deportivas más importantes.</p></div>';
    // A thread of long reader comments under the post, in a comments box of its own inside the widget.
    const hilo =
      '<div id="comments"><p>Qué gran noticia para el ciclismo guatemalteco, ojalá que Nicole pueda subir al podio en Glasgow y seguir creciendo en la pista.</p><p>Mucha suerte a Nicole, la seguimos desde sus inicios y siempre ha demostrado una disciplina enorme en cada competencia internacional.</p></div>';
    const publicidad =
      '<div class="publicidad"><p>Descubre las nuevas bicicletas de pista de la temporada, con descuentos especiales para los lectores del diario este mes.</p></div>';
    const spanish = marked(
      `<div class="widget Blog"><div id="nota">${es}${publicidad}${es2}${hilo}</div></div>${side}`,
    );
    expect(spanish.blocks.filter((b) => spanish.articleLines?.has(b.index)).map((b) => b.text)).toEqual([
      expect.stringContaining('La ciclista'),
      expect.stringContaining('Nicole está lista'),
    ]);
    // Without the shared wrapper the hint is the paragraphs' own: a post body that is itself a widget box holding a
    // related-posts box is not read as one whose hint every block shares.
    const plain = marked(`<div id="post">${de}${de2}${related}</div>`);
    expect(plain.blocks.filter((b) => plain.articleLines?.has(b.index)).map((b) => b.text)).not.toContain(
      expect.stringContaining('Weitere Rezensionen'),
    );
  });

  it('content prose: the content element’s list items and table rows, however short, unless they are links', () => {
    // A list of results and a table row are the article's (density would take a run of short lines for a menu);
    // a list of links in the same element is not marked, and a short paragraph under CONTENT_MIN_CHARS is not.
    const doc = marked(
      `<div id="story">${prose}${p2}<ul><li>Spain 3</li><li>Italy 1</li><li>France 2</li></ul><table><tr><td>Turnout</td><td>64%</td></tr></table><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul><p>Short line.</p>${p3}</div>`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual([
      expect.stringContaining('The council voted'),
      expect.stringContaining('Repairs will take'),
      'Spain 3',
      'Italy 1',
      'France 2',
      'Turnout\t64%',
      expect.stringContaining('Residents, who were not consulted'),
    ]);
  });

  it('content prose: a table of the content element and a long list are the article’s whatever their links; a short list of links is not', () => {
    // A reference list of 300 characters or more (MARKUP_PARAMS.contentListMinChars), mostly links, and a table
    // of linked names (an infobox) are marked; a short list of linked tags, and a long list outside the content
    // element (the sidebar), are not.
    const refs = [
      'Smith, J. (2019). The bridges of the river valley and their builders, 1850–1900. Example University Press.',
      'Doe, A. (2020). Corrosion in nineteenth-century wrought iron piers: a survey of forty bridges. Bridge Journal.',
      'Council minutes, 12 March 2021: the report of the engineers on the cracks found in the two river piers.',
      'Regional transport office (2022). Traffic counts on the river crossings, 2010–2021. Retrieved 3 May 2022.',
    ];
    const refList = `<ol>${refs.map((r, i) => `<li><a href="/ref${i}">${r}</a></li>`).join('')}</ol>`;
    const infobox =
      '<table><tr><th>Opened</th><td><a href="/1871">1871</a></td></tr><tr><th>Architect</th><td><a href="/jb">John Brown</a></td></tr></table>';
    const tags =
      '<ul><li><a href="/t/bridges">Bridges</a></li><li><a href="/t/council">Council</a></li></ul>';
    const doc = marked(
      `<div id="story">${infobox}${prose}${p2}${p3}<h2>References</h2>${refList}${tags}</div><div class="column">${refList.replaceAll('/ref', '/side')}</div>`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual(
      expect.arrayContaining(['Opened\t1871', 'Architect\tJohn Brown', ...refs, 'References']),
    );
    expect(lines.filter((l) => refs.includes(l))).toHaveLength(4);
    expect(lines).not.toContain('Bridges');
    expect(lines).not.toContain('Council');
    // The threshold is a parameter: above the list's length, its items are links again.
    const strict = marked(
      `<div id="story">${infobox}${prose}${p2}${p3}<h2>References</h2>${refList}${tags}</div>`,
      { ...MARKUP_PARAMS, contentListMinChars: 10_000 },
    );
    const strictLines = strict.blocks.filter((b) => strict.articleLines?.has(b.index)).map((b) => b.text);
    expect(strictLines).not.toContain(refs[0]);
    expect(strictLines).toContain('Opened\t1871');
  });

  it('content prose: a list or table around the article element is not the article’s', () => {
    // Teaser <article>s in a long list: the list's numbers stop at each article element (HtmlBlock.list), so
    // the list's length protects none of their linked headlines.
    const teaser = (n: number) =>
      `<li><article><h3><a href="/s${n}">A long linked headline of another story on the same front page, number ${n}</a></h3></article></li>`;
    const view = htmlTextView(`<ol>${[1, 2, 3, 4, 5].map(teaser).join('')}</ol>`);
    for (const block of view.blocks) expect(block.list).toBe(-1);
    const inList = htmlTextView('<ol><li>One</li></ol><table><tr><td>Two</td></tr></table>');
    expect(inList.blocks.map((b) => [b.list >= 0, b.table >= 0])).toEqual([
      [true, false],
      [false, true],
    ]);
    // A sublist's items are its outer list's (a table of contents and its sections): one list, one length.
    const nested = htmlTextView('<ul><li>1 History<ul><li>1.1 Founding</li></ul></li><li>2 Work</li></ul>');
    expect(nested.blocks.map((b) => nested.text.slice(b.viewStart, b.viewEnd))).toEqual([
      '1 History',
      '1.1 Founding',
      '2 Work',
    ]);
    expect(new Set(nested.blocks.map((b) => b.list)).size).toBe(1);
    expect(nested.blocks[0]!.list).toBeGreaterThanOrEqual(0);
  });

  it('content prose: a CJK character counts wideCharWeight times, so a short Chinese sentence is a paragraph', () => {
    // Sixteen characters: a whole sentence in Chinese, under CONTENT_MIN_CHARS (25) counted one by one, over it
    // counted three times each. An English line as short, a four-character credit, a line of link text and a
    // paragraph in the sidebar stay unmarked.
    const zh = (day: string) =>
      `<p>市议会${day}投票决定关闭这座老桥，工程师在两个桥墩上发现了裂缝、锈蚀和松动的螺栓，维修需要两年时间。</p>`;
    const html = `<div id="story">${zh('周一')}${zh('周二')}<p>市议会周二投票决定关闭这座老桥。</p><p>Bridge shut.</p><p>作者：张三</p><p><a href="/x">更多关于这座老桥的报道请点击这里</a></p></div><div class="sidebar">${zh('周五')}</div>`;
    const linesOf = (doc: DocState) =>
      doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(linesOf(marked(html))).toEqual([
      expect.stringContaining('周一'),
      expect.stringContaining('周二投票决定关闭这座老桥，'),
      '市议会周二投票决定关闭这座老桥。',
    ]);
    // Counted once (weight 1), the short sentence is no paragraph: the weight is the parameter.
    expect(linesOf(marked(html, { ...MARKUP_PARAMS, wideCharWeight: 1 }))).toEqual([
      expect.stringContaining('周一'),
      expect.stringContaining('周二投票决定关闭这座老桥，'),
    ]);
  });

  it('weighedChars: Latin text counts its characters; Han, kana and Hangul count the weight each, punctuation once', () => {
    const view = htmlTextView('<p>Bridge shut.</p><p>老桥关闭。</p><p>はしを閉じる</p><p>다리 폐쇄</p>');
    const [latin, han, kana, hangul] = view.blocks.map((b) => weighedChars(b, view.text, 3));
    expect(latin).toBe(11); // white space is not counted (HtmlBlock.chars)
    expect(han).toBe(4 * 3 + 1);
    expect(kana).toBe(6 * 3);
    expect(hangul).toBe(4 * 3);
    expect(view.blocks.map((b) => weighedChars(b, view.text, 1))).toEqual(view.blocks.map((b) => b.chars));
  });

  it("lead: marks the paragraph between a trusted article's title and its content element as article prose", () => {
    // The title, a date and a byline list, the lead, then the box of the body's paragraphs (the content element).
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    // The body's box sits in a wrapper of its own, so that no line before it joins it as a sibling.
    const body = `<div class="wrap"><div class="body">${days.map((d) => prose.replace('Tuesday', d)).join('')}</div></div>`;
    const linesOf = (doc: DocState) =>
      doc.blocks
        .filter((b) => doc.articleLines?.has(b.index) && !days.some((d) => b.text.includes(d)))
        .map((b) => b.text);
    const doc = marked(
      `<article><h1>Bridge closes</h1><p>The old bridge shuts for two years.</p><aside><p>Subscribe to our daily newsletter today</p></aside><p>1 May</p><ul><li>By Jo Doe and Sam Roe, city desk</li></ul>${body}</article>`,
    );
    // The article element is trusted, and the body's box, not the article element, is the content element.
    expect(doc.html?.article).toBe(0);
    expect(doc.html?.content?.tag).toBe('div');
    // (The byline list's item is the article's list, marked as before; the boxed prompt and the date are not.)
    expect(linesOf(doc)).toEqual(['The old bridge shuts for two years.', 'By Jo Doe and Sam Roe, city desk']);
  });

  it('lead: not a linked paragraph, a heading, a paragraph above the title or outside the article element', () => {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    // The body's box sits in a wrapper of its own, so that no line before it joins it as a sibling.
    const body = `<div class="wrap"><div class="body">${days.map((d) => prose.replace('Tuesday', d)).join('')}</div></div>`;
    const linesOf = (html: string) => {
      const doc = marked(html);
      expect(doc.html?.article).toBe(0);
      expect(doc.html?.content?.tag).toBe('div');
      return doc.blocks
        .filter((b) => doc.articleLines?.has(b.index) && !days.some((d) => b.text.includes(d)))
        .map((b) => b.text);
    };
    // The paragraph before the body is a link to another story; the walk stops there.
    expect(
      linesOf(
        `<article><h1>Bridge closes</h1><p>The old bridge shuts for two years.</p><p><a href="/ferry">Ferry fares rise again in May, the operator says</a></p>${body}</article>`,
      ),
    ).toEqual([]);
    // A subheading, not a paragraph, stands before the body: not a lead, and the walk stops there.
    expect(
      linesOf(
        `<article><h1>Bridge closes</h1><p>The old bridge shuts for two years.</p><h2>What the engineers found under the bridge</h2>${body}</article>`,
      ),
    ).toEqual([]);
    // Only the title stands before the body: a paragraph above the title is not a lead.
    expect(
      linesOf(`<article><p>Breaking news from the city council</p><h1>Bridge closes</h1>${body}</article>`),
    ).toEqual([]);
    // The paragraph before the body is outside the article element.
    expect(linesOf(`<p>A line of the site above the article</p><article>${body}</article>`)).toEqual([]);
  });

  it("content prose: the content element's joined siblings count as it (a lead paragraph beside the story box)", () => {
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const doc = marked(
      `<div id="page"><p>A short lead beside the story box.</p><div id="story">${days.map((d) => prose.replace('Tuesday', d)).join('')}</div><p><a href="/x">Other story</a> of the site</p></div>`,
    );
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual([
      'A short lead beside the story box.',
      ...days.map((d) => expect.stringContaining(d)),
    ]);
  });

  it('content prose: through the whole pipeline, the content element keeps its short closing lines; furniture still goes', () => {
    const html = `<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/s">Sport</a></li><li><a href="/c">Culture</a></li></ul></nav><h1>Bridge closes</h1><div id="story">${prose}${p2}<p>Bridge office: Market Street 14</p><p>Opening hours: Monday to Friday</p>${p3}<p>Jane Doe contributed reporting</p><p><a href="/x">Read our live coverage</a></p></div><div class="sidebar"><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div><footer><p>© 2020 Example News</p></footer>`;
    const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    const body = paragraphs(cleaned.state);
    expect(body).toEqual([
      expect.stringContaining('The council voted'),
      expect.stringContaining('Repairs will take'),
      'Bridge office: Market Street 14',
      'Opening hours: Monday to Friday',
      expect.stringContaining('Residents, who were not consulted'),
      'Jane Doe contributed reporting',
    ]);
    expect(unaccounted(cleaned.state)).toBe('');
  });

  it('content prose: with a trusted article element too, the content element keeps its short lines; link text and boxes still go', () => {
    // The <article> holds the page's prose, so only its paragraphs of 200+ characters would count as article
    // prose; its shorter lines (a caption-like sentence, an address, a credit) are still the content
    // element's paragraphs, which density must leave. Its link line, its share box and the furniture around
    // it are not marked, and still go.
    const html = `<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/s">Sport</a></li><li><a href="/c">Culture</a></li></ul></nav><article><h1>Bridge closes</h1>${prose}${p2}<p>Bridge office: Market Street 14</p><p>Opening hours: Monday to Friday</p>${p3}${p4}${prose.replace('Tuesday', 'Monday')}<p>Jane Doe contributed reporting</p><p><a href="/x">Read our live coverage</a></p><div class="share"><p>Share this story with your friends</p></div></article><footer><p>© 2020 Example News</p></footer>`;
    const doc = marked(html);
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual([
      expect.stringContaining('The council voted'),
      expect.stringContaining('Repairs will take'),
      'Bridge office: Market Street 14',
      'Opening hours: Monday to Friday',
      expect.stringContaining('Residents, who were not consulted'),
      expect.stringContaining('The bridge, which opened'),
      expect.stringContaining('Monday'),
      'Jane Doe contributed reporting',
    ]);
    expect(doc.html?.article).toBe(0);
    const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    const body = paragraphs(cleaned.state);
    expect(body).toEqual(
      expect.arrayContaining([
        'Bridge office: Market Street 14',
        'Opening hours: Monday to Friday',
        'Jane Doe contributed reporting',
      ]),
    );
    expect(body.join('\n')).not.toMatch(/Home|World|Example News|live coverage|Share this story/);
    expect(unaccounted(cleaned.state)).toBe('');
  });

  it("content prose: a subheading of the content element is marked when the element's prose follows it; a box's title is not", () => {
    const html = `<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/s">Sport</a></li><li><a href="/c">Culture</a></li></ul></nav><h1>Bridge closes</h1><div id="story">${prose}${p2}<h2>Cracks in two piers</h2>${p3}${p4}<div><a href="/g">Gallery</a></div><h3>A ferry for now</h3>${prose.replace('Tuesday', 'Monday')}<h2>More on this</h2><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li><li><a href="/c">Other story three</a></li></ul><h2><a href="/d">A linked headline of another story</a></h2>${p2.replace('two years', 'three years')}</div><footer><p>© 2020 Example News</p></footer>`;
    const doc = marked(html);
    const lines = doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(lines).toEqual(expect.arrayContaining(['Cracks in two piers', 'A ferry for now']));
    expect(lines).not.toContain('More on this');
    expect(lines).not.toContain('A linked headline of another story');
    // Through the whole pipeline: after a link line, density took the subheading for a label.
    const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    const body = paragraphs(cleaned.state);
    expect(body).toEqual(expect.arrayContaining(['Cracks in two piers', 'A ferry for now']));
    expect(body.join('\n')).not.toMatch(/More on this|Other story|Gallery|Example News/);
    expect(unaccounted(cleaned.state)).toBe('');
  });

  it('article lists and tables: their items and rows of little link text are kept from density, a list of links is not', () => {
    const more = [
      '<p>Repairs will take two years, the council said, and a ferry will run in the meantime, at a fare of one euro.</p>',
      '<p>Residents, who were not consulted, plan to protest at the town hall on Friday, a spokeswoman for the group said.</p>',
      '<p>The bridge, which opened in 1871, carries about twelve thousand cars a day, according to the regional transport office.</p>',
      '<p>The mayor, speaking after the vote, said the city would ask the state for money to build a new crossing.</p>',
    ];
    const html = `<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/s">Sport</a></li></ul></nav><article><h1>Bridge closes</h1>${prose}${more.slice(0, 3).join('')}<p>The closures will affect these routes:</p><ul><li>Route 9</li><li>Route 12</li></ul>${more[3]}<h2>Results of the vote</h2><table><tr><td>For</td><td>12</td></tr><tr><td>Against</td><td>3</td></tr><tr><td>Abstained</td><td>1</td></tr></table><h2>Key dates</h2><ul><li>Closure from 1 May</li><li>Ferry service from 3 May</li><li>New bridge design by autumn</li></ul><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li><li><a href="/c">Other story three</a></li></ul></article><footer><p>© 2020 Example News</p></footer>`;
    const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    const body = paragraphs(cleaned.state);
    expect(body).toEqual(
      expect.arrayContaining([
        'Route 9',
        'For\t12',
        'Against\t3',
        'Abstained\t1',
        'Closure from 1 May',
        'Ferry service from 3 May',
        'New bridge design by autumn',
      ]),
    );
    // The list of links inside the article is no part of it: density still removes it.
    const removed = cleaned.state.removed.map((r) => r.text).join('\n');
    expect(removed).toContain('Other story one');
    expect(body.join('\n')).not.toContain('Other story');
    expect(unaccounted(cleaned.state)).toBe('');
  });

  it('furniture-class: removes related-story and cookie boxes by class, keeps an article paragraph of another class', () => {
    const doc = marked(
      `<article>${prose}<div class="jp-relatedposts"><p>Flower show returns</p></div><p class="relationship-note">Kept: the bridge opened in 1871.</p></article><div id="cookie-consent"><p>We use cookies.</p></div>`,
    );
    expect(removedBy(doc, 'furniture-class')).toEqual(['Flower show returns', 'We use cookies.']);
    expect(kept(doc)).not.toContain('Flower show returns');
    expect(kept(doc)).toContain('Kept: the bridge opened in 1871.');
  });

  it('figure-caption: removes the captions of media figures, logged as captions, and keeps the story around them', () => {
    const doc = marked(
      `<article>${prose}<figure><img src="/pier.jpg" alt=""><figcaption>The north pier. Photo: Jane Doe</figcaption></figure>${p2}` +
        // The caption first, a <picture>, and a caption of two paragraphs (block elements inside the figcaption).
        `<figure><figcaption><p>Cracks in the stone.</p><p>Credit: Example News</p></figcaption><picture><source srcset="/c.webp"><img src="/c.jpg"></picture></figure>` +
        `<FIGURE class="video"><VIDEO src="/v.mp4"></VIDEO><FIGCAPTION>Engineers at work</FIGCAPTION></FIGURE>` +
        `<figure><iframe src="https://video.example/1"></iframe><figcaption>A drone flight over the bridge</figcaption></figure>` +
        `<figure><svg viewBox="0 0 10 10"><path d="M0 0"/></svg><figcaption>Chart: cars a day since 1990</figcaption></figure>` +
        `<figure><audio src="/a.mp3"></audio><figcaption>Listen: the council's debate</figcaption></figure>${p3}</article>`,
    );
    expect(removedBy(doc, 'figure-caption')).toEqual([
      'The north pier. Photo: Jane Doe',
      'Cracks in the stone.',
      'Credit: Example News',
      'Engineers at work',
      'A drone flight over the bridge',
      'Chart: cars a day since 1990',
      "Listen: the council's debate",
    ]);
    // Logged with its stage (removedBy reads the markup stage's entries), as a caption: the role the text stages'
    // photo-caption gives one.
    expect(rolesRemovedBy(doc, 'figure-caption')).toEqual(Array(7).fill('caption'));
    expect(kept(doc)).toEqual(STORY);
  });

  it('figure-caption: keeps a pull quote’s and a code listing’s caption, a table’s caption, a figure’s other text, and text dumps', () => {
    const doc = marked(
      `<article>${prose}<figure><blockquote><p>We had no choice but to close it.</p></blockquote><figcaption>Mayor Ana Ruiz</figcaption></figure>` +
        `<figure><pre><code>closeBridge(1871)</code></pre><figcaption>Listing 1: the closing order</figcaption></figure>` +
        `<figure><img src="/q.jpg"><blockquote><p>It was a hard day.</p></blockquote><figcaption>A resident, quoted</figcaption></figure>` +
        `<table><caption>Traffic by year</caption><tr><td>1990</td><td>8000</td></tr></table>${p2}` +
        // A figure without a figcaption: its own text and the prose around it stay.
        `<figure><img src="/b.jpg"><p>Kept: a figure's text outside a caption.</p></figure>${p3}</article>`,
    );
    expect(removedBy(doc, 'figure-caption')).toEqual([]);
    expect(kept(doc)).toEqual([
      expect.stringContaining('The council voted'),
      'We had no choice but to close it.',
      'Mayor Ana Ruiz',
      'closeBridge(1871)',
      'Listing 1: the closing order',
      'It was a hard day.',
      'A resident, quoted',
      'Traffic by year',
      expect.stringContaining('1990'),
      expect.stringContaining('Repairs will take'),
      "Kept: a figure's text outside a caption.",
      expect.stringContaining('Residents, who were not consulted'),
    ]);
    // A text dump has no markup: a caption-like line is the text stages' to judge, not this rule's.
    const dump = segment(newDocState('The north pier. Photo: Jane Doe\n\nA line of text.'));
    expect(markup(dump)).toBe(dump);
  });

  it('bio-box: removes a small biography-named box, in the article or after it', () => {
    const doc = marked(
      `<article>${prose}${p2}${p3}<div class="author-bio"><p>Jane Doe covers the city council for Example News.</p><p><a href="mailto:jane@example.com">Email Jane</a></p></div></article><section class="user-bio__main"><p>John Roe is the paper's transport correspondent.</p></section>`,
    );
    expect(removedBy(doc, 'bio-box')).toEqual([
      'Jane Doe covers the city council for Example News.',
      'Email Jane',
      "John Roe is the paper's transport correspondent.",
    ]);
    expect(kept(doc)).toEqual(STORY);
  });

  it('bio-box: keeps a profile page whose text is in a biography-named element, a long one, and other names', () => {
    // The content element itself in a "bio" element: a profile page, whose text is the biography.
    const profile = marked(
      `<nav><a href="/">Home</a></nav><div class="bio"><h1>Jane Doe</h1><p>Jane Doe was born in 1970 in a small town by the river, and has written about its bridges ever since.</p><p>She joined Example News in 1995.</p></div>`,
    );
    expect(removedBy(profile, 'bio-box')).toEqual([]);
    expect(kept(profile)).toContain('She joined Example News in 1995.');
    // A biography-named run of bioBoxMaxChars (1000) characters or more stays: a wrapper, not a box.
    const story = [prose, p2, p3, p4, prose.replace('Tuesday', 'Monday'), p2.replace('two', 'three')].join(
      '',
    );
    const long = marked(`<article>${story}</article><div class="author-bio">${story}</div>`, {
      ...MARKUP_PARAMS,
      bioBoxMaxChars: 400,
    });
    expect(removedBy(long, 'bio-box')).toEqual([]);
    // Words that only contain "bio" are no biography, and "author" alone (a byline's class) is not one either.
    const others = marked(
      `<article>${prose}${p2}<p class="biology-note">Kept: engineers found lichen on the piers.</p><p class="author-name">By Jane Doe</p>${p3}</article>`,
    );
    expect(removedBy(others, 'bio-box')).toEqual([]);
    expect(kept(others)).toEqual(
      expect.arrayContaining(['Kept: engineers found lichen on the piers.', 'By Jane Doe']),
    );
  });

  it('share-box: removes a small share-named box, in the article or beside it', () => {
    const doc = marked(
      `<article>${prose}${p2}<div class="share-buttons"><p>Like it? Share it!</p><ul><li><a href="/fb">Facebook</a></li><li><a href="/x">Twitter</a></li></ul></div>${p3}</article><div id="social-links"><p>Follow us</p></div>`,
    );
    expect(removedBy(doc, 'share-box')).toEqual(['Like it? Share it!', 'Facebook', 'Twitter', 'Follow us']);
    expect(kept(doc)).toEqual(STORY);
  });

  it('share-box: keeps a share-named wrapper that holds the article, and prose in a box of another name', () => {
    // Six paragraphs of about 95 characters each: a run of more than shareBoxMaxChars (500) characters.
    const story = `${prose}${p2}${p3}${p4}${prose.replace('Tuesday', 'Monday')}${p2.replace('two', 'three')}`;
    const wrapped = marked(`<div class="share-wrapper">${story}</div>`);
    expect(removedBy(wrapped, 'share-box')).toEqual([]);
    expect(kept(wrapped)).toHaveLength(6);
    // "Shareholders" is not "share": the word must match whole or with a container ending.
    const other = marked(
      `<article>${prose}<div class="shareholders"><p>Shareholders meet in May.</p></div></article>`,
    );
    expect(removedBy(other, 'share-box')).toEqual([]);
    // The limit is a parameter: at 20 characters the "Follow us" box (8 characters, white space not counted)
    // goes, the prompt (33) stays. A paragraph between them makes them two runs: side by side they are one.
    const small = marked(
      `<article>${prose}<div class="share"><p>Like it? Share it with your friends now!</p></div>${p2}<div class="social"><p>Follow us</p></div></article>`,
      { ...MARKUP_PARAMS, shareBoxMaxChars: 20 },
    );
    expect(removedBy(small, 'share-box')).toEqual(['Follow us']);
  });

  it('link-text: after density, removes kept lines outside the content element that are mostly link text', () => {
    // The link lines read as prose or as an article's last line, so density keeps them: only their markup says
    // they are links to other pages. Inside the content element the same lines stay (a reader sees them in
    // the article, and Readability.js keeps them), and so does prose with a few links anywhere.
    const linked =
      '<p>Residents, who were not consulted, plan to protest at the <a href="/hall">town hall</a> on Friday, a spokeswoman for <a href="/group">the group</a> said.</p>';
    const links =
      '<p><a href="/report">Read the full report on the cracked piers of the old bridge and what repairs they need.</a></p><p>Tags: <a href="/t/bridges">Bridges</a>, <a href="/t/council">City council</a>, <a href="/t/traffic">Traffic</a></p>';
    const clean = (html: string) => {
      const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
      if (!cleaned.ok) throw new Error(cleaned.reason);
      expect(unaccounted(cleaned.state)).toBe('');
      return cleaned.state;
    };
    const story = `<h1>Bridge closes</h1>${prose}${p2}${linked}`;
    const outside = clean(
      `<div class="page"><div class="story">${story}</div><div class="more">${links}</div></div>`,
    );
    expect(removedBy(outside, 'link-text')).toEqual([
      'Read the full report on the cracked piers of the old bridge and what repairs they need.',
      'Tags: Bridges, City council, Traffic',
    ]);
    expect(paragraphs(outside)).toEqual(STORY);
    // Inside the content element a short line that is all link goes too (trafilatura's link-density test); the
    // tag line is not link-text's there: 25 of its 32 characters are link text, under contentLinkShare (80%).
    // Its label and links are a pointer to other pages: link-pointer takes it.
    const inside = clean(`<div class="page"><div class="story">${story}${links}</div></div>`);
    expect(removedBy(inside, 'link-text')).toEqual([
      'Read the full report on the cracked piers of the old bridge and what repairs they need.',
    ]);
    expect(removedBy(inside, 'link-pointer')).toEqual(['Tags: Bridges, City council, Traffic']);
    expect(paragraphs(inside)).toEqual(STORY);
  });

  it('link-text: inside the content element, keeps lists of links, long linked paragraphs and prose with links', () => {
    const clean = (html: string) => {
      const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
      if (!cleaned.ok) throw new Error(cleaned.reason);
      return cleaned.state;
    };
    // A list of sources (Readability.js keeps lists whatever their links), a paragraph that is one long link
    // (over contentLinkMaxChars), and a sentence with a link in it (under contentLinkShare).
    const sources =
      '<ul><li><a href="/r1">Engineering report on the old bridge</a></li><li><a href="/r2">Council minutes of 12 March</a></li></ul>';
    const longLink = `<p><a href="/long">${'The engineers’ full report on the cracks in the piers of the old bridge, with photographs, load tests, '.repeat(3)}and the council’s reply.</a></p>`;
    const sentence = '<p>The council met, <a href="/minutes">the minutes</a> say.</p>';
    const doc = clean(
      `<div class="page"><div class="story">${prose}${p2}${sources}${longLink}${sentence}${p3}</div></div>`,
    );
    expect(removedBy(doc, 'link-text')).toEqual([]);
    expect(paragraphs(doc)).toEqual(
      expect.arrayContaining([
        'Engineering report on the old bridge',
        'Council minutes of 12 March',
        expect.stringContaining('The engineers’ full report'),
        'The council met, the minutes say.',
      ]),
    );
    // The limits are parameters: with a longer limit the long link goes too.
    const marked2 = marked(`<div class="page"><div class="story">${prose}${p2}${longLink}${p3}</div></div>`);
    expect(removedBy(linkText(marked2), 'link-text')).toEqual([]);
    expect(
      removedBy(linkText(marked2, { ...MARKUP_PARAMS, contentLinkMaxChars: 1000 }), 'link-text'),
    ).toEqual([expect.stringContaining('The engineers’ full report')]);
  });

  it('link-text: never a line marked as the article’s (a long list of sources of the article element); other link lines still go', () => {
    // The article element is trusted; its sources list (300+ characters, every item a link) sits in it but
    // outside the content element (the box of paragraphs), where link-text weighs its lines at 70%.
    const sources = [
      'Engineering report on the old bridge and the cracks found in its two river piers, March 2021',
      'Council minutes of 12 March 2021, with the vote on the closure and the ferry service',
      'Regional transport office: traffic counts on the river crossings from 2010 to 2021',
      'Heritage register entry for the bridge, opened in 1871, with photographs of its piers',
      'Ferry operator timetable and fares for the crossing while the bridge is closed',
    ];
    const list = `<ol>${sources.map((t, i) => `<li><a href="/s${i}">${t}</a></li>`).join('')}</ol>`;
    const story = `${prose}${p2}${p3}${p4}${prose.replace('Tuesday', 'Monday')}${p2.replace('two', 'three')}`;
    const html = `<main><div class="body">${story}</div>${list}<p><a href="/more">More stories from the council</a></p></main>`;
    // after-content-element (on by default) removes what follows a content element that holds nearly all of the
    // page's prose, this list too (a related-stories list and a list of sources look alike there; on the tune
    // half the lists it took were related stories and categories): off here, to see link-text alone.
    const view = htmlTextView(html);
    const doc = markup(
      segment(
        newDocState(view.text, {
          html,
          blocks: view.blocks,
          flattened: view.flattened,
          content: view.content,
        }),
      ),
      ['after-content-element'],
    );
    expect(removedBy(marked(html), 'after-content-element')).toEqual([
      ...sources,
      'More stories from the council',
    ]);
    expect(sources.every((t) => doc.blocks.some((b) => b.text === t && doc.articleLines?.has(b.index)))).toBe(
      true,
    );
    const after = linkText(doc);
    expect(removedBy(after, 'link-text')).toEqual(['More stories from the council']);
    expect(kept(after)).toEqual(expect.arrayContaining(sources));
  });

  it('link-text: the share is a parameter; a text dump is returned unchanged', () => {
    const doc = marked(
      `<div class="story">${prose}${prose}</div><div><p>Partly <a href="/a">linked</a> text</p></div>`,
    );
    expect(removedBy(linkText(doc), 'link-text')).toEqual([]);
    expect(removedBy(linkText(doc, { ...MARKUP_PARAMS, linkTextShare: 0.3 }), 'link-text')).toEqual([
      'Partly linked text',
    ]);
    const dump = segment(newDocState('Read more: the museum reopens\n\nA line of text.'));
    expect(linkText(dump)).toBe(dump);
    expect(
      removedBy(linkText(marked(`<main>${prose}</main>${LINK_TEXT_RULE.example}`)), 'link-text').length,
    ).toBe(1);
  });

  describe('link-pointer and time-dateline', () => {
    const clean = (html: string) => {
      const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
      if (!cleaned.ok) throw new Error(cleaned.reason);
      expect(unaccounted(cleaned.state)).toBe('');
      return cleaned.state;
    };
    /** The lines inside the content element, between the story's paragraphs: density keeps them all. */
    const story = (lines: readonly string[]) =>
      `<div class="page"><div class="story"><h1>Bridge closes</h1>${prose}${lines.join('')}${p2}${p3}</div></div>`;

    it('link-pointer: removes a label and a link to another page, in any language', () => {
      const doc = clean(
        story([
          '<div class="hatnote">Main article: <a href="/wiki/h">History of the old bridge</a></div>',
          '<p>Dowiedz się więcej: <a href="/x">Kto jak głosował w sprawie mostu?</a></p>',
          '<p><em>Quelle: <a href="/q">Landesregierung Hessen</a></em></p>',
          '<p><strong>Jetzt auch digital!</strong> <a href="/d">Hier klicken und registrieren</a></p>',
        ]),
      );
      expect(removedBy(doc, 'link-pointer')).toEqual([
        'Main article: History of the old bridge',
        'Dowiedz się więcej: Kto jak głosował w sprawie mostu?',
        'Quelle: Landesregierung Hessen',
        'Jetzt auch digital! Hier klicken und registrieren',
      ]);
      expect(paragraphs(doc)).toEqual(STORY);
    });

    it('pointer-list: removes a label ending in a colon and the short list of links after it, in any language', () => {
      const doc = clean(
        story([
          '<p>Lesen Sie auch die folgenden Beiträge:</p><ul><li><a href="/a">Warum Sie diese drei HR-Prozesse digitalisieren sollten</a></li><li><a href="/b">Der Jobmarkt bleibt vital</a></li></ul>',
          '<div>Przeczytaj zapowiedź tego spotkania:</div><ul><li><a href="/c">Żużel. Unia - Falubaz. Leszczynianie są o krok od finału</a></li></ul>',
          '<p><strong>Read also:</strong></p><ol><li><a href="/d">Museum reopens its east wing after a long restoration</a></li></ol>',
        ]),
      );
      expect(removedBy(doc, 'pointer-list')).toEqual([
        'Lesen Sie auch die folgenden Beiträge:',
        'Warum Sie diese drei HR-Prozesse digitalisieren sollten',
        'Der Jobmarkt bleibt vital',
        'Przeczytaj zapowiedź tego spotkania:',
        'Żużel. Unia - Falubaz. Leszczynianie są o krok od finału',
        'Read also:',
        'Museum reopens its east wing after a long restoration',
      ]);
      expect(paragraphs(doc)).toEqual(STORY);
      // Without the rule the text stages keep them all, between the story's paragraphs.
      const kept = cleanBytes(
        new TextEncoder().encode(
          story([
            '<p>Read also:</p><ol><li><a href="/d">Museum reopens its east wing after a long restoration</a></li></ol>',
          ]),
        ),
        { ...DEFAULTS, markup: { ...DEFAULTS.markup, disable: ['pointer-list'] } },
        undefined,
        true,
      );
      if (!kept.ok) throw new Error(kept.reason);
      expect(paragraphs(kept.state)).toEqual(
        expect.arrayContaining(['Read also:', 'Museum reopens its east wing after a long restoration']),
      );
    });

    it('pointer-list: keeps a list of sources, a list of text, a linked label, a label with no colon or with no list after it', () => {
      const sources = [
        'Ministerio de Transporte',
        'Instituto Nacional de Estadística',
        'Ayuntamiento de Sevilla',
        'Confederación Hidrográfica del Guadalquivir',
        'Colegio de Ingenieros de Caminos, Canales y Puertos',
        'Agencia Estatal de Meteorología, informe anual',
        'Dirección General de Tráfico, estadísticas de 2023',
        'Universidad de Sevilla, Escuela de Ingeniería',
        'Junta de Andalucía, Consejería de Fomento',
      ]
        .map((s, i) => `<li><a href="/s${i}">${s}</a></li>`)
        .join('');
      const lines = [
        // A list of contentListMinChars (300) characters or more: the article's sources.
        `<p>Fuentes:</p><ul>${sources}</ul>`,
        // A list of text: a recipe's ingredients, the steps of a procedure.
        '<p>Zutaten:</p><ul><li>200 g Mehl</li><li>2 Eier</li><li><a href="/b">Butter</a>, weich</li></ul>',
        // The label holds a link: link-pointer's or link-text's to judge.
        '<p>Voir <a href="/v">aussi</a> :</p><ul><li><a href="/p">Le pont restera fermé jusqu’en mai</a></li></ul>',
        // No colon: a sentence, or a heading's business.
        '<p>More from the council</p><ul><li><a href="/m">Council approves the budget for the coming year</a></li></ul>',
        // No list after it: a paragraph of links is link-text's.
        '<p>Zobacz też:</p><p>Radni spierali się o most, a inżynierowie znaleźli pęknięcia w filarach mostu.</p>',
      ];
      /** The texts of the blocks pointerLists finds in a page of one case. */
      const found = (html: string, params = MARKUP_PARAMS) => {
        const view = htmlTextView(html);
        return [...pointerLists(view.blocks, view.text, params)].map((b) =>
          view.text.slice(b.viewStart, b.viewEnd),
        );
      };
      for (const line of lines) expect(found(story([line])), line).toEqual([]);
      // The limits are parameters: the list of sources is one under a higher contentListMinChars, and the
      // ingredients under a lower pointerLinkShare ("Butter, weich" is mostly link text).
      expect(found(story([lines[0]!]), { ...MARKUP_PARAMS, contentListMinChars: 1000 })).toHaveLength(10);
      expect(found(story([lines[1]!]), { ...MARKUP_PARAMS, pointerLinkShare: 0 })).toEqual([
        'Zutaten:',
        '200 g Mehl',
        '2 Eier',
        'Butter, weich',
      ]);
      // Through the whole pipeline, the rule removes none of them.
      expect(removedBy(clean(story(lines)), 'pointer-list')).toEqual([]);
    });

    it('link-pointer: keeps a sentence with a link after its colon, a long lead-in, a short link and a list item', () => {
      const lines = [
        // The text after the colon is mostly not link text.
        '<p>Le maire a dit : <a href="/pont">le pont</a> restera fermé jusqu’en mai.</p>',
        // A lead-in over pointerLabelMaxChars (40) is a sentence, not a label.
        '<p>The engineers who inspected the bridge last spring wrote: <a href="/r">their full report</a></p>',
        // A link under pointerMinChars (15): a credit, an address.
        '<p>Foto: <a href="/ap">AP Images</a></p>',
        // Only a paragraph or a box: a list's item is the list's (a list of sources).
        '<ul><li>Fuente: <a href="/m">Ministerio de Transporte de la región</a></li></ul>',
        // The label linked too: link-text's to judge (under its 80%: it stays).
        '<p>Lesen Sie auch: <a href="/l">Die Brücke</a> und <a href="/f">die Fähre</a> im Überblick, mit allen Fahrplänen</p>',
      ];
      const doc = clean(story(lines));
      expect(removedBy(doc, 'link-pointer')).toEqual([]);
      expect(paragraphs(doc)).toEqual(
        expect.arrayContaining([
          'Le maire a dit: le pont restera fermé jusqu’en mai.',
          'The engineers who inspected the bridge last spring wrote: their full report',
          'Foto: AP Images',
          'Fuente: Ministerio de Transporte de la región',
          expect.stringContaining('Lesen Sie auch: Die Brücke'),
        ]),
      );
      // The limits are parameters: a longer label, a shorter link.
      const doc2 = marked(story(lines));
      expect(
        removedBy(linkText(doc2, { ...MARKUP_PARAMS, pointerLabelMaxChars: 80 }), 'link-pointer'),
      ).toEqual(['The engineers who inspected the bridge last spring wrote: their full report']);
      expect(removedBy(linkText(doc2, { ...MARKUP_PARAMS, pointerMinChars: 5 }), 'link-pointer')).toEqual([
        'Foto: AP Images',
      ]);
    });

    it('time-dateline: removes a short line with a <time> element as a dateline, keeps a sentence and a longer line', () => {
      const doc = clean(
        story([
          '<p>By Jane Doe <time datetime="2020-02-08">Feb 8, 2020</time> · 5 min read</p>',
          '<div>Redaktion <time datetime="2023-11-01T10:29">1. November 2023 10:29</time></div>',
          '<p><time datetime="2022-04-19T09:00">Hace 3 horas</time></p>',
          // A sentence that names a time, and a line of datelineMaxChars (60) or more: the article's.
          '<p>The vote is on <time datetime="2020-05-05">Tuesday</time>.</p>',
          '<p>Le conseil se réunira le <time datetime="2020-05-12">12 mai</time> pour voter sur le budget des réparations du vieux pont</p>',
          // A date with no <time> element: the text stages' to judge.
          '<p>Redaktion 2. November 2023 11:40 Uhr, aktualisiert</p>',
        ]),
      );
      const datelines = [
        'By Jane Doe Feb 8, 2020 · 5 min read',
        'Redaktion 1. November 2023 10:29',
        'Hace 3 horas',
      ];
      expect(removedBy(doc, 'time-dateline')).toEqual(datelines);
      // Logged as datelines, as the text stages' metadata marks one.
      expect(rolesRemovedBy(doc, 'time-dateline')).toEqual(['dateline', 'dateline', 'dateline']);
      expect(paragraphs(doc)).toEqual(
        expect.arrayContaining([
          'The vote is on Tuesday.',
          expect.stringContaining('Le conseil se réunira le 12 mai'),
          'Redaktion 2. November 2023 11:40 Uhr, aktualisiert',
        ]),
      );
    });

    it("time-dateline: keeps a timeline's events, a schedule's rows and a heading that names a date", () => {
      const timeline = [
        '1998: founded in Leeds by three engineers',
        '2004 – erstes Büro im Ausland',
        '2012 : entrée en bourse à Paris',
      ];
      const doc = clean(
        story([
          // A list item whose date is less than half of it: a timeline's event, in any language.
          `<ul>${timeline.map((t) => `<li><time datetime="${t.slice(0, 4)}">${t.slice(0, 4)}</time>${t.slice(4)}</li>`).join('')}</ul>`,
          // A table's rows: a schedule.
          '<table><tr><td><time>10:00</time></td><td>Opening speech</td></tr><tr><td><time>11:30</time></td><td>Panel sobre energía</td></tr></table>',
          // A heading that names a date heads a section (a live blog's day).
          '<h2>Montag, <time datetime="2020-03-02">2. März</time></h2>',
          '<p>Am Montag begann die Sperrung der alten Brücke für den gesamten Verkehr, wie die Stadt mitteilte.</p>',
          // A list item that is mostly its date: a byline list's date, removed.
          '<ul class="meta"><li><time datetime="2019-10-19T11:29">19.10.19, 11:29 Uhr</time></li></ul>',
        ]),
      );
      expect(removedBy(doc, 'time-dateline')).toEqual(['19.10.19, 11:29 Uhr']);
      expect(paragraphs(doc)).toEqual(
        expect.arrayContaining([
          ...timeline,
          '10:00\tOpening speech',
          '11:30\tPanel sobre energía',
          'Montag, 2. März',
        ]),
      );
    });

    it('both can be turned off, and a text dump is returned unchanged', () => {
      const html = story([
        '<div>Main article: <a href="/wiki/h">History of the old bridge</a></div>',
        '<p>By Jane Doe <time datetime="2020-02-08">Feb 8, 2020</time></p>',
      ]);
      const doc = marked(html);
      expect(removedBy(linkText(doc), 'link-pointer')).toEqual(['Main article: History of the old bridge']);
      expect(removedBy(linkText(doc), 'time-dateline')).toEqual(['By Jane Doe Feb 8, 2020']);
      const off = linkText(doc, MARKUP_PARAMS, ['link-pointer', 'time-dateline']);
      expect([...removedBy(off, 'link-pointer'), ...removedBy(off, 'time-dateline')]).toEqual([]);
      expect(linkText(doc, MARKUP_PARAMS, ['link-text', 'link-pointer', 'time-dateline'])).toBe(doc);
      const dump = segment(newDocState('Main article: History of the old bridge\n\nA line of text.'));
      expect(linkText(dump)).toBe(dump);
      expect(
        removedBy(linkText(marked(`<main>${prose}</main>${LINK_POINTER_RULE.example}`)), 'link-pointer'),
      ).toEqual(['Main article: History of New Zealand']);
      expect(
        removedBy(linkText(marked(`<main>${prose}</main>${TIME_DATELINE_RULE.example}`)), 'time-dateline')
          .length,
      ).toBe(1);
    });
  });

  it('orphan-heading: removes a short heading whose section lost all its text, keeps headings of kept sections', () => {
    const doc = marked(
      `<article><h2>Background</h2>${prose}<h2>Most read</h2><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul><h2>Repairs</h2><h3>Costs</h3>${prose.replace('Tuesday', 'Monday')}<h3>Further reading</h3><p>Gone paragraph.</p></article>`,
    );
    // What density and link-text leave: the list of links and the last paragraph removed.
    const lost = doc.blocks.filter((line) =>
      ['Other story one', 'Other story two', 'Gone paragraph.'].includes(line.text),
    );
    expect(lost.length).toBe(3);
    const after = reassign(
      doc,
      'density',
      new Map(lost.map((line) => [line.index, { role: 'boilerplate' as const, rule: 'link-list' }])),
    );
    const done = orphanHeadings(after);
    expect(removedBy(done, 'orphan-heading')).toEqual(['Most read', 'Further reading']);
    // A heading with text in its section stays, and so does one whose text is under its subheadings.
    expect(kept(done)).toEqual(expect.arrayContaining(['Background', 'Repairs', 'Costs']));
    expect(unaccounted(done)).toBe('');
  });

  it('orphan-heading: the section of a heading inside the content element ends with that element', () => {
    // The story ends on a heading (a pull quote set as one); what follows the story, a box of links the stages
    // removed, is not that heading's section.
    const box = '<div class="more"><p><a href="/a">Museum reopens its east wing</a></p></div>';
    const drop = (doc: DocState, start: string) =>
      reassign(
        doc,
        'density',
        new Map(
          doc.blocks
            .filter((line) => line.text.startsWith(start))
            .map((line) => [line.index, { role: 'boilerplate' as const, rule: 'not-prose' }]),
        ),
      );
    const quote = marked(
      `<div class="page"><div class="story">${prose}${p2}${p3}<h4>Nobody asked us.</h4></div>${box}</div>`,
    );
    expect(quote.html?.content).toMatchObject({ tag: 'div' });
    expect(removedBy(orphanHeadings(drop(quote, 'Museum')), 'orphan-heading')).toEqual([]);
    // A heading of the content element whose own text inside it was removed still goes.
    const section = marked(
      `<div class="page"><div class="story">${prose}${p2}<h3>What comes next</h3><p>Gone line.</p></div>${box}</div>`,
    );
    expect(removedBy(orphanHeadings(drop(drop(section, 'Museum'), 'Gone line')), 'orphan-heading')).toEqual([
      'What comes next',
    ]);
  });

  it('orphan-heading: a heading in a box of its own heads that box: it goes when the box lost its text, whatever follows the box', () => {
    const drop = (doc: DocState, texts: readonly string[]) =>
      reassign(
        doc,
        'density',
        new Map(
          doc.blocks
            .filter((line) => texts.includes(line.text))
            .map((line) => [line.index, { role: 'boilerplate' as const, rule: 'not-prose' }]),
        ),
      );
    // A gallery's title in the gallery's box, and a newsletter box's heading in German, in the story: the
    // story's paragraphs after each box are not its section.
    const doc = marked(
      `<div class="story">${prose}<div class="gallery"><h2>Aktuelle Farbdesigns für 2022</h2><p><a href="/g">Galerie</a></p></div>${p2}<section><h3>Newsletter der Redaktion</h3><p>Jetzt anmelden</p></section>${p3}</div>`,
    );
    expect(removedBy(orphanHeadings(drop(doc, ['Galerie', 'Jetzt anmelden'])), 'orphan-heading')).toEqual([
      'Aktuelle Farbdesigns für 2022',
      'Newsletter der Redaktion',
    ]);
    // The newsletter box kept its text: its heading stays.
    expect(removedBy(orphanHeadings(drop(doc, ['Galerie'])), 'orphan-heading')).toEqual([
      'Aktuelle Farbdesigns für 2022',
    ]);
  });

  it('orphan-heading: a subheading set in a box alone or with its picture heads the text after the box', () => {
    // French: a subheading wrapped alone, and one in a box with a captioned picture (figure-caption removes
    // the caption): both head the paragraph after their box, which is kept.
    const doc = marked(
      `<div class="story">${prose}<div class="titre"><h2>Les travaux</h2></div>${p2}<div class="bloc"><h2>Le bac</h2><figure><img src="bac.jpg" alt=""><figcaption>Le bac sur le fleuve. Photo : Jean Dupont</figcaption></figure></div>${p3}</div>`,
    );
    expect(removedBy(doc, 'figure-caption')).toEqual(['Le bac sur le fleuve. Photo : Jean Dupont']);
    const done = orphanHeadings(doc);
    expect(removedBy(done, 'orphan-heading')).toEqual([]);
    expect(kept(done)).toEqual(expect.arrayContaining(['Les travaux', 'Le bac']));
  });

  it('orphan-heading: never a heading whose section kept text or holds nothing, nor a long one; the length is a parameter', () => {
    const long =
      'A heading long enough to be the lead of the story rather than the title of a box of links, since it tells the news';
    const doc = marked(`<main>${prose}<h2>${long}</h2><p>Lost line.</p><h2>Last words</h2></main>`);
    const lost = doc.blocks.filter((line) => line.text === 'Lost line.');
    const after = reassign(
      doc,
      'density',
      new Map(lost.map((line) => [line.index, { role: 'boilerplate' as const, rule: 'not-prose' }])),
    );
    expect(removedBy(orphanHeadings(after), 'orphan-heading')).toEqual([]);
    expect(
      removedBy(orphanHeadings(after, { ...MARKUP_PARAMS, orphanHeadingMaxChars: 200 }), 'orphan-heading'),
    ).toEqual([long]);
    expect(
      removedBy(orphanHeadings(doc, { ...MARKUP_PARAMS, orphanHeadingMaxChars: 200 }), 'orphan-heading'),
    ).toEqual([]);
    const dump = segment(newDocState('Most read\n\nA line of text.'));
    expect(orphanHeadings(dump)).toBe(dump);
  });

  describe('tail-notice', () => {
    const clean = (html: string) => {
      const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
      if (!cleaned.ok) throw new Error(cleaned.reason);
      expect(unaccounted(cleaned.state)).toBe('');
      return cleaned.state;
    };
    const story = (...closing: string[]) =>
      `<div class="page"><div class="story"><h1>Bridge closes</h1>${prose}${p2}${p3}${p4}${closing.join('')}</div></div>`;
    /** The same page in another language: its headline and paragraphs, then the closing lines. */
    const storyIn = (headline: string, paragraphs: readonly string[], ...closing: string[]) =>
      `<div class="page"><div class="story"><h1>${headline}</h1>${paragraphs.map((t) => `<p>${t}</p>`).join('')}${closing.join('')}</div></div>`;
    const de = [
      'Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für den Verkehr zu sperren, nachdem Ingenieure Risse in zwei Pfeilern gefunden hatten.',
      'Die Reparatur wird zwei Jahre dauern, sagte der Bürgermeister, und in der Zwischenzeit soll eine Fähre für einen Euro fahren.',
      'Die Anwohner, die nicht gefragt wurden, wollen am Freitag vor dem Rathaus protestieren, sagte eine Sprecherin der Gruppe.',
      'Die Brücke wurde im Jahr 1871 eröffnet und trägt nach Angaben des Verkehrsamts etwa zwölftausend Autos am Tag.',
    ];

    it("removes the content element's short closing call to subscribe, with its link", () => {
      const subscribe =
        '<p>Subscribe now to <a href="/enation">our eNATION edition</a> for the full story.</p>';
      const signUp =
        '<p>Do you want to be informed of our actions? <a href="/newsletter">Sign up here</a></p>';
      const doc = clean(story(subscribe, signUp));
      expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([
        'Subscribe now to our eNATION edition for the full story.',
        'Do you want to be informed of our actions? Sign up here',
      ]);
      expect(paragraphs(doc)).toEqual([...STORY, expect.stringContaining('The bridge, which opened')]);
    });

    it('keeps a closing line with no link, a long one, one that is no notice, and a notice earlier on', () => {
      const noLink = '<p>The council’s newsletter will print the ferry timetable next week.</p>';
      const long =
        '<p>Readers who subscribe to the <a href="/council">council’s minutes</a> can read what the engineers told the committee, including the cost of each of the three repair plans.</p>';
      const noNotice = '<p>The ferry’s timetable is on <a href="/ferry">the operator’s site</a>.</p>';
      // A legal or privacy notice's words in a closing sentence of prose: only calls to subscribe count.
      const privacy =
        '<p>The council will publish <a href="/privacy">its privacy policy</a> for the ferry app in May.</p>';
      for (const closing of [noLink, long, noNotice, privacy]) {
        const doc = clean(story(closing));
        expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([]);
      }
      // Higher up, a short notice with a link is the article's (the last lines are the tail, not the story).
      const early = '<p>Sign up for <a href="/alerts">our news alerts</a> on the bridge.</p>';
      const doc = clean(
        `<div class="page"><div class="story"><h1>Bridge closes</h1>${prose}${early}${p2}${p3}${p4}</div></div>`,
      );
      expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([]);
    });

    it('keeps the short closing paragraphs with a link of an article in another language', () => {
      const closing = '<p>Der Fahrplan der Fähre steht auf <a href="/faehre">der Seite der Stadt</a>.</p>';
      // "Datenschutz" is a German site notice, but a legal one: a closing sentence about a data-protection law stays.
      const law = '<p>Das neue <a href="/dsgvo">Datenschutzgesetz</a> soll im Herbst in Kraft treten.</p>';
      const doc = clean(storyIn('Brücke gesperrt', de, closing, law));
      expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([]);
      expect(paragraphs(doc)).toEqual(
        expect.arrayContaining([
          'Der Fahrplan der Fähre steht auf der Seite der Stadt.',
          'Das neue Datenschutzgesetz soll im Herbst in Kraft treten.',
        ]),
      );
    });

    it("removes the content element's short closing call to subscribe in the page's language, not its legal lines", () => {
      const fr = [
        'Le conseil municipal a voté mardi la fermeture du vieux pont à la circulation, après que des ingénieurs ont trouvé des fissures dans deux de ses piles.',
        "Les réparations dureront deux ans, a déclaré le maire, et un bac traversera la rivière pour un euro en attendant la réouverture de l'ouvrage.",
        "Les riverains, qui n'ont pas été consultés, manifesteront vendredi devant la mairie, selon une porte-parole du collectif qui s'est formé cette semaine.",
        'Le pont, inauguré en 1871, porte environ douze mille voitures par jour, selon les chiffres de la direction régionale des transports.',
      ];
      const call =
        '<p>L\'essentiel de l\'actualité locale dans votre boîte mail : <a href="/newsletter">inscription</a></p>';
      const doc = clean(storyIn('Le pont ferme', fr, call));
      expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([
        "L'essentiel de l'actualité locale dans votre boîte mail : inscription",
      ]);
      // An affiliate disclosure or a closing sentence on a court ruling about imprints is a legal notice's
      // words, not a call to subscribe: tail-notice leaves it.
      const ruling = '<p>Laut <a href="/urteil">dem Urteil</a> braucht jeder Blog ein Impressum.</p>';
      const affiliate =
        '<p>Die Stadt verdient mit <a href="/shop">Affiliate-Links</a> im Shop des Museums mit.</p>';
      const deDoc = clean(storyIn('Brücke gesperrt', de, ruling, affiliate));
      expect(removedBy(deDoc, TAIL_NOTICE_RULE.id)).toEqual([]);
      expect(paragraphs(deDoc)).toEqual(
        expect.arrayContaining([
          'Laut dem Urteil braucht jeder Blog ein Impressum.',
          'Die Stadt verdient mit Affiliate-Links im Shop des Museums mit.',
        ]),
      );
    });

    it("removes the content element's short closing call to follow the site or get its app, in the page's language too", () => {
      const app =
        '<p>For the latest stories download <a href="/apps">the Courier apps</a> for iOS and Android.</p>';
      const follow =
        '<p>Follow The Courier on <a href="https://twitter.com/courier">Twitter @courier</a> and on Instagram.</p>';
      const doc = clean(story(app, follow));
      expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([
        'For the latest stories download the Courier apps for iOS and Android.',
        'Follow The Courier on Twitter @courier and on Instagram.',
      ]);
      expect(paragraphs(doc)).toEqual([...STORY, expect.stringContaining('The bridge, which opened')]);
      const es = [
        'El concejo municipal votó el martes cerrar el viejo puente al tráfico, después de que los ingenieros encontraran grietas en dos de sus pilares.',
        'Las reparaciones durarán dos años, dijo el alcalde, y mientras tanto un transbordador cruzará el río por un euro.',
        'Los vecinos, que no fueron consultados, protestarán el viernes frente al ayuntamiento, según una portavoz del grupo.',
        'El puente, inaugurado en 1871, soporta unos doce mil coches al día, según la oficina regional de transporte.',
      ];
      const telegram =
        '<p>¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este <a href="https://t.me/diario">enlace</a>.</p>';
      const esDoc = clean(storyIn('Cierra el puente', es, telegram));
      expect(removedBy(esDoc, TAIL_NOTICE_RULE.id)).toEqual([
        '¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace.',
      ]);
    });

    it('keeps a closing line that names a network with no call, a call with no network, and a long biography', () => {
      // A network named in a closing sentence of the story, with no call to follow or download.
      const named =
        '<p>The mayor announced the closure on <a href="https://twitter.com/mayor">Twitter</a> on Tuesday.</p>';
      // A call with no network or app: the works' own page.
      const works = '<p>Residents can follow the works on <a href="/bridge">the council’s site</a>.</p>';
      // Only whole words: a YouTuber is no YouTube, "joined" no "join".
      const parts =
        '<p>A YouTuber who joined the protest filmed the cracks: <a href="/video">the video</a>.</p>';
      // An author's note longer than tailNoticeMaxChars (120 characters, white space not counted) stays, whatever it calls for.
      const bio =
        '<p>Jane Doe is a reporter for the Courier who has covered the city council, its budget, its schools and its bridges since 2015. Follow her on <a href="https://twitter.com/jane">Twitter</a> or email her.</p>';
      for (const closing of [named, works, parts, bio]) {
        const doc = clean(story(closing));
        expect(removedBy(doc, TAIL_NOTICE_RULE.id)).toEqual([]);
      }
      const deNamed =
        '<p>Die Bürgermeisterin gab die Sperrung auf <a href="https://instagram.com/stadt">Instagram</a> bekannt.</p>';
      const deDoc = clean(storyIn('Brücke gesperrt', de, deNamed));
      expect(removedBy(deDoc, TAIL_NOTICE_RULE.id)).toEqual([]);
      expect(paragraphs(deDoc)).toContain('Die Bürgermeisterin gab die Sperrung auf Instagram bekannt.');
    });

    it('leaves a text dump alone, and does nothing when disabled', () => {
      const dump = segment(newDocState('Bridge closes\n\nSubscribe now to our edition for the full story.'));
      expect(tailNotices(dump)).toBe(dump);
      const cleaned = cleanBytes(
        new TextEncoder().encode(
          story('<p>Subscribe now to <a href="/enation">our eNATION edition</a> for the full story.</p>'),
        ),
        parseConfig({ cleaning: { markup: { disable: ['tail-notice'] } } }).cleaning,
        undefined,
        true,
      );
      if (!cleaned.ok) throw new Error(cleaned.reason);
      expect(removedBy(cleaned.state, TAIL_NOTICE_RULE.id)).toEqual([]);
    });
  });

  it('orphan-heading: through the whole pipeline, the title of a box of links goes with the links', () => {
    const p2 =
      '<p>Repairs will take two years and cost the city about four million euros, the mayor said on Wednesday evening.</p>';
    const story = `<div class="story"><h1>Bridge closes</h1><h2>The vote</h2>${prose}${p2}</div>`;
    const box =
      '<div class="more"><h2>Elsewhere in the city</h2><p><a href="/a">Museum reopens its east wing after a long restoration of the roof</a></p><p><a href="/b">Storm closes schools in the north of the county for two days</a></p></div>';
    const cleaned = cleanBytes(
      new TextEncoder().encode(`<div class="page">${story}${box}</div>`),
      DEFAULTS,
      undefined,
      true,
    );
    if (!cleaned.ok) throw new Error(cleaned.reason);
    expect(unaccounted(cleaned.state)).toBe('');
    expect(removedBy(cleaned.state, ORPHAN_HEADING_RULE.id)).toEqual(['Elsewhere in the city']);
    expect(paragraphs(cleaned.state)).toEqual([
      'The vote',
      expect.stringContaining('The council voted'),
      expect.stringContaining('Repairs will take'),
    ]);
  });

  it('logs every removal and keeps the text view rebuildable through the whole pipeline', () => {
    const html = `<nav><a href="/">Home</a></nav><article><h1>Bridge closes</h1>${prose}${prose.replace('Tuesday', 'Monday')}</article><div class="comments"><p>First!</p></div><footer><p>© 2020</p></footer>`;
    const cleaned = cleanBytes(new TextEncoder().encode(html), DEFAULTS, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    expect(unaccounted(cleaned.state)).toBe('');
    expect(paragraphs(cleaned.state).join('\n')).toContain('The council voted on Monday');
    expect(paragraphs(cleaned.state).join('\n')).not.toContain('First!');
  });

  it('reports a page nested too deep to read its structure as a finding, and keeps its text', () => {
    const doc = marked(`${'<div>'.repeat(1000)}<p>Deep text.</p>`);
    expect(kept(doc)).toEqual(['Deep text.']);
    expect(doc.findings.map((f) => [f.stage, f.rule])).toEqual([['markup', 'deep-nesting']]);
  });

  it('declares every rule with an id, a reason and an example that the rule removes', () => {
    for (const rule of MARKUP_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(rule.why.length).toBeGreaterThan(20);
      // One paragraph is too little prose for the article element to be trusted, five are enough.
      const main = rule.id === 'outside-article-element' ? prose.repeat(5) : prose;
      // after-content-element: on a page without an article element (else outside-article-element names the
      // removal), five paragraphs in a story box trusted as the content element.
      const doc = marked(
        rule.id === 'after-content-element'
          ? `<div class="page"><div class="story">${prose.repeat(5)}</div>${rule.example}</div>`
          : `<main>${main}</main>${rule.example}`,
      );
      expect(removedBy(doc, rule.id).length, rule.id).toBeGreaterThan(0);
    }
    // orphan-heading reads what the stages before it kept: its example's heading goes once the rest has gone.
    const doc = marked(`<main>${prose}</main>${ORPHAN_HEADING_RULE.example}`);
    const rest = doc.blocks.filter((line) => line.text.startsWith('Museum'));
    const after = reassign(
      doc,
      'markup',
      new Map(rest.map((line) => [line.index, { role: 'boilerplate' as const, rule: 'link-text' }])),
    );
    expect(removedBy(orphanHeadings(after), ORPHAN_HEADING_RULE.id)).toEqual(['Elsewhere in the city']);
  });
});

describe('markup: its rules and thresholds in config', () => {
  /** A page through the whole pipeline with `cleaning` as the config file's; nothing unaccounted for. */
  const cleanWith = (html: string, cleaning: unknown = {}): DocState => {
    const cleaned = cleanBytes(
      new TextEncoder().encode(html),
      parseConfig({ cleaning }).cleaning,
      undefined,
      true,
    );
    if (!cleaned.ok) throw new Error(cleaned.reason);
    expect(unaccounted(cleaned.state)).toBe('');
    return cleaned.state;
  };
  const readMore = 'Read the full report on the cracked piers of the old bridge and what repairs they need.';
  const story = `<h1>Bridge closes</h1>${prose}${p2}${p3}`;

  it('cleaning.markup.disable switches a rule off, and only that rule', () => {
    const html = `<div class="page"><div class="story">${story}</div><div class="more"><p><a href="/report">${readMore}</a></p></div></div><div hidden>Sign up now</div>`;
    const on = cleanWith(html);
    expect(removedBy(on, 'link-text')).toEqual([readMore]);
    const off = cleanWith(html, { markup: { disable: ['link-text'] } });
    expect(removedBy(off, 'link-text')).toEqual([]);
    expect(paragraphs(off)).toContain(readMore);
    // The other markup rules still run.
    expect(removedBy(off, 'hidden')).toEqual(['Sign up now']);
    expect(removedBy(cleanWith(html, { markup: { disable: ['hidden'] } }), 'hidden')).toEqual([]);
  });

  it('caption-class: removes caption-named boxes set without <figcaption>, logged as captions, in several languages', () => {
    const doc = marked(
      `<article>${prose}<div class="img-wrap"><picture><img src="/pier.jpg" alt=""></picture><div class="responsive-img-caption"><small>(crédito: Minervino Júnior/CB)</small></div></div>${p2}` +
        `<div class="wp-caption"><img src="/c.jpg"><p class="wp-caption-text">Risse im Stein (Symbolbild).</p></div>` +
        `<div><img src="/d.jpg"><p id="photoCaption">Ingenieros en el puente. Foto: Ana Ruiz</p></div>${p3}</article>`,
    );
    expect(removedBy(doc, 'caption-class')).toEqual([
      '(crédito: Minervino Júnior/CB)',
      'Risse im Stein (Symbolbild).',
      'Ingenieros en el puente. Foto: Ana Ruiz',
    ]);
    expect(rolesRemovedBy(doc, 'caption-class')).toEqual(Array(3).fill('caption'));
    expect(kept(doc)).toEqual(STORY);
  });

  it('caption-class: keeps a "no-caption" state, words that merely contain "caption", and a long caption-named wrapper', () => {
    const fr =
      '<p>Le conseil municipal a voté mardi la fermeture du vieux pont, après que des ingénieurs ont trouvé des fissures dans deux de ses piles.</p>';
    const pl =
      '<p>Rada miasta zagłosowała we wtorek za zamknięciem starego mostu, po tym jak inżynierowie znaleźli pęknięcia w dwóch filarach.</p>';
    const doc = marked(
      `<article><div class="item no_caption"><h2>Kept: the bridge closes in May.</h2><img src="/a.jpg"></div>${prose}` +
        `<p class="recaptioned">Kept: engineers found lichen on the piers.</p><div class="captionless">${fr}</div>${p2}${pl}${p3}</article>`,
    );
    expect(removedBy(doc, 'caption-class')).toEqual([]);
    expect(kept(doc)).toEqual(
      expect.arrayContaining([
        'Kept: the bridge closes in May.',
        'Kept: engineers found lichen on the piers.',
        expect.stringContaining('Le conseil municipal'),
        expect.stringContaining('Rada miasta'),
      ]),
    );
    // A caption-named run of captionBoxMaxChars (500) characters or more stays: a wrapper, not a caption.
    const story = [prose, p2, p3, p4].join('');
    const wrapped = marked(`<div class="caption-layout">${story}${fr}${pl}</div>`);
    expect(removedBy(wrapped, 'caption-class')).toEqual([]);
    const small = marked(`<div class="caption-layout">${story}${fr}${pl}</div>`, {
      ...MARKUP_PARAMS,
      captionBoxMaxChars: 2000,
    });
    expect(removedBy(small, 'caption-class')).toHaveLength(6);
  });

  it('figure-caption: a caption’s picture credit reaches metadata.credits, and the rule can be switched off', () => {
    const html = `<article>${story}<figure><img src="/pier.jpg"><figcaption>Engineers inspect the north pier. (AP Photo/Evan Vucci)</figcaption></figure>${p4}</article>`;
    const on = cleanWith(html);
    expect(removedBy(on, 'figure-caption')).toEqual([
      'Engineers inspect the north pier. (AP Photo/Evan Vucci)',
    ]);
    expect(on.metadata.credits).toEqual(['AP Photo/Evan Vucci']);
    const off = cleanWith(html, { markup: { disable: ['figure-caption'] } });
    expect(removedBy(off, 'figure-caption')).toEqual([]);
  });

  it('cleaning.markup.params reaches every pass of the stage', () => {
    const longLink = `<p><a href="/long">${'The engineers’ full report on the cracks in the piers of the old bridge, with photographs, load tests, '.repeat(3)}and the council’s reply.</a></p>`;
    const html = `<div class="page"><div class="story">${prose}${p2}${longLink}${p3}</div></div>`;
    expect(removedBy(cleanWith(html), 'link-text')).toEqual([]);
    expect(
      removedBy(cleanWith(html, { markup: { params: { contentLinkMaxChars: 1000 } } }), 'link-text'),
    ).toEqual([expect.stringContaining('The engineers’ full report')]);
  });

  it('contentProseMinChars: the shortest paragraph of the content element marked as article prose', () => {
    // 'Bridge office: Market St' is 24 characters: under the default (the content score's 25), over 20.
    const html = `<div id="story">${prose}${p2}<p>Bridge office: Market St</p>${p3}</div>`;
    const protectedLines = (doc: DocState) =>
      doc.blocks.filter((b) => doc.articleLines?.has(b.index)).map((b) => b.text);
    expect(protectedLines(marked(html))).not.toContain('Bridge office: Market St');
    expect(protectedLines(marked(html, { ...MARKUP_PARAMS, contentProseMinChars: 20 }))).toContain(
      'Bridge office: Market St',
    );
    expect(MARKUP_PARAMS.contentProseMinChars).toBe(CONTENT_PARAMS.minChars);
  });

  it('cleaning.html.params reaches the content score that chooses the content element', () => {
    const html = `<div class="page"><div class="story">${story}</div></div>`;
    expect(cleanWith(html).html?.content).not.toBeNull();
    // No paragraph is 10,000 characters long, so none scores and the page has no content element.
    expect(cleanWith(html, { html: { params: { minChars: 10_000 } } }).html?.content).toBeNull();
    expect(htmlTextView(html, { ...CONTENT_PARAMS, minChars: 10_000 }).content).toBeNull();
  });

  it('rejects an unknown threshold, a negative one and an unknown rule id, naming what was meant', () => {
    const parse = (cleaning: unknown) => () => parseConfig({ cleaning });
    expect(parse({ markup: { params: { protectMinChar: 100 } } })).toThrow(ConfigError);
    expect(parse({ markup: { params: { protectMinChars: -1 } } })).toThrow(ConfigError);
    expect(parse({ html: { params: { levels: Number.NaN } } })).toThrow(ConfigError);
    expect(parse({ markup: { disable: ['link-txt'] } })).toThrow(/did you mean `link-text`/);
    expect(parse({ markup: { disable: ['outside-article'] } })).toThrow(/is a density rule/);
    expect(parse({ density: { disable: ['link-text'] } })).toThrow(/is a markup rule/);
    expect(parseConfig({}).cleaning.markup.params).toEqual(MARKUP_PARAMS);
    expect(parseConfig({}).cleaning.html.params).toEqual(CONTENT_PARAMS);
  });
});
