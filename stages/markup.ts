/**
 * markup: removes lines of an HTML page by what its markup says of the block they came from (stages/html.ts
 * records it): hidden blocks, navigation, comment threads, and page furniture around a marked-up article.
 * A text dump has no markup: the stage returns it unchanged. Each removed line is logged with its rule.
 *
 * The rules ask only what the page's own markup declares; the text stages after this one (boilerplate,
 * density) still judge every line that is left, so a rule here need not catch everything, and must not
 * fire on article text: each is tested on what it must keep.
 */

import { isCallToSubscribe } from './density.js';
import type { Block, DocState, Finding, Role } from './document.js';
import { endsLikeSentence, reassign, visibleChars } from './document.js';
import type { ContentSpan, HtmlBlock } from './html.js';
import type { Language, Languages, MarkupHint } from './lexicon.js';
import {
  ANY_LANGUAGE,
  CONTENT_PARAMS,
  FOLLOW_PLACES,
  FOLLOW_VERBS,
  furnitureLanguages,
  MAX_DEPTH,
} from './lexicon.js';

const STAGE = 'markup';

/** What a rule sees: a block of the page, and whether the page marks its article up at all. */
export interface MarkupContext {
  readonly block: HtmlBlock;
  /** Some block of the page is inside an `<article>` or `<main>` element. */
  readonly pageHasArticle: boolean;
  /** The page's article element (HtmlBlock.container), when one holds most of its prose (see articleOf); else -1. */
  readonly article: number;
  /** The page's content element (HtmlView.content), if any. */
  readonly content: ContentSpan | null;
  /**
   * Every block of the content element is inside an `<aside>` or `<footer>`: the element itself sits in one,
   * so those regions say nothing about its parts (see aside-in-content).
   */
  readonly contentInBox: boolean;
  /** Every block of the content element is inside a `<nav>` (or role="navigation"): then nav says nothing of a block. */
  readonly contentInNav: boolean;
  /** The blocks of the page's small share boxes (see shareBoxes). */
  readonly shareBoxes: ReadonlySet<HtmlBlock>;
  /** The blocks of the page's small author-biography boxes (see bio-box), empty when the content element is one. */
  readonly bioBoxes: ReadonlySet<HtmlBlock>;
  /** The blocks of the page's small caption-named boxes (see caption-class). */
  readonly captionBoxes: ReadonlySet<HtmlBlock>;
  /** The stage's thresholds (MARKUP_PARAMS, or the config's `cleaning.markup.params`). */
  readonly params: MarkupParams;
  /**
   * The block is a paragraph of the content element itself (isContentProse; not of a sibling that joins it) that
   * comes before the trusted article element's text: the story's head (a lead) in the box that holds both.
   */
  readonly contentProse: boolean;
  /**
   * The last element number of the content element and its joined siblings when that element holds nearly all
   * of the page's prose (contentEndOf); else -1.
   */
  readonly contentEnd: number;
}

export interface MarkupRule {
  readonly id: string;
  /** Markup rules read tags, attributes and class names (their words in several languages): every language. */
  readonly languages: Languages;
  readonly why: string;
  /** An HTML fragment whose text the rule removes. */
  readonly example: string;
  readonly applies: (context: MarkupContext) => boolean;
  /**
   * The role of the lines it removes: `boilerplate` unless set. `caption` for a picture's caption, as the text
   * stages' photo-caption marks one: metadata reads the picture credits of caption lines. `dateline` for a
   * line the markup marks as a date (time-dateline), as the text stages' metadata marks one.
   */
  readonly role?: 'caption' | 'dateline';
}

/** The rules, tried in this order: the first that applies names the removal. */
export const MARKUP_RULES: readonly MarkupRule[] = [
  {
    id: 'hidden',
    languages: ANY_LANGUAGE,
    why: 'The page hides the block from readers (`hidden`, `aria-hidden="true"`, an inline `display:none` or `visibility:hidden`).',
    example: '<div hidden>Sign up for our newsletter</div>',
    applies: ({ block }) => block.hidden,
  },
  {
    id: 'nav',
    languages: ANY_LANGUAGE,
    why: 'Inside `<nav>` (or role="navigation"), outside the article or inside it: menus, breadcrumbs, pagination, a table of contents. Readability.js removes role="navigation" elements wherever they are, trafilatura every `<nav>`; not when the content element itself sits in one.',
    example: '<nav><ul><li><a href="/world">World</a></li></ul></nav>',
    applies: ({ block, contentInNav }) => block.regions.includes('nav') && !contentInNav,
  },
  {
    id: 'outside-article-element',
    languages: ANY_LANGUAGE,
    why: "Outside the page's article element (`<article>`, else `<main>`) when that element holds nearly all of the page's prose; not a top-level heading (`<h1>`), which pages often put above the element, nor a paragraph of the page's content element that comes before the article element when the content element holds both (a lead set above the `<article>` inside the box that holds the story; what follows the article element in that box still goes).",
    example:
      '<div class="teaser"><p>Other story: a long paragraph of teaser text that sits outside the article element.</p></div>',
    applies: ({ block, article, contentProse }) =>
      article >= 0 && block.container !== article && block.tag !== 'h1' && !contentProse,
  },
  {
    id: 'comments-container',
    languages: ANY_LANGUAGE,
    why: 'Inside an element whose class or id names a comment thread ("comments", "kommentare", "disqus"...; not "commentary", nor a live ticker\'s "live-match-comment").',
    example: '<section class="comments"><p>Great article!</p></section>',
    applies: ({ block }) => block.hints.includes('comments'),
  },
  {
    id: 'furniture-class',
    languages: ANY_LANGUAGE,
    why: 'Inside an element whose class or id names a box of other stories or a cookie notice ("related", "recommended", "outbrain", "verwandte", "relacionados", "cookie", "consent"...). Promotion and advertisement names are recorded but remove nothing: on the tune pages they also wrapped article text; share names remove a small box only (share-box).',
    example: '<div class="related-posts"><p>Another story from the site</p></div>',
    applies: ({ block }) => block.hints.includes('related') || block.hints.includes('cookie'),
  },
  {
    id: 'share-box',
    languages: ANY_LANGUAGE,
    why: 'Inside an element whose class or id names sharing ("share", "sharing", "social", "teilen", "partager", "compartir"...) in a run of such blocks holding under 500 characters: a bar of share buttons, a "Like it? Share it!" prompt. Readability.js removes share-named elements under 500 characters from its article; a larger one named so wraps article text and stays.',
    example: '<div class="share-bar"><p>Share this story</p><p>Facebook Twitter Email</p></div>',
    applies: ({ block, shareBoxes }) => shareBoxes.has(block),
  },
  {
    id: 'bio-box',
    languages: ANY_LANGUAGE,
    why: 'Inside an element whose class or id names a biography ("bio", "author-bio", "user-bio", "authorbio") in a run of such blocks holding under 1000 characters: the author\'s box after the article ("Jane Doe covers the council for Example News"). trafilatura discards author-named elements everywhere; Readability.js takes the author out of its article as the byline. Not when the content element is itself in one (a profile page whose text is the biography), nor a larger element so named.',
    example: '<div class="author-bio"><p>Jane Doe covers the council.</p></div>',
    applies: ({ block, bioBoxes }) => bioBoxes.has(block),
  },
  {
    id: 'page-furniture',
    languages: ANY_LANGUAGE,
    why: 'Inside a `<header>`, `<footer>` or `<aside>` (or their ARIA roles) outside the article, on a page that marks its article with `<article>` or `<main>`.',
    example: '<footer><p>© 2020 Example News. All rights reserved.</p></footer>',
    applies: ({ block, pageHasArticle }) =>
      pageHasArticle &&
      !block.inArticle &&
      (block.regions.includes('header') ||
        block.regions.includes('footer') ||
        block.regions.includes('aside')),
  },
  {
    id: 'aside-in-content',
    languages: ANY_LANGUAGE,
    why: "Inside an `<aside>` or `<footer>` (or their ARIA roles) inside the page's content element: a box set beside the article's text (a pull quote, links to other stories, a promotion, an author's note). Readability.js removes both elements from the article it extracts, trafilatura removes them everywhere; not when the content element itself sits in one.",
    example:
      '<article><p>The council voted on Tuesday, after a long debate, to close the old bridge, which opened in 1871, to traffic.</p><aside><p>Subscribe to our newsletter</p></aside></article>',
    applies: ({ block, content, contentInBox }) =>
      content !== null && !contentInBox && inBox(block) && inContent(block, content),
  },
  {
    id: 'after-content-element',
    languages: ANY_LANGUAGE,
    why: "After the page's content element (and the siblings that join it) when that element holds nearly all of the page's prose, its paragraphs (not a list's items or a table's rows) of 80+ characters and little link text (MARKUP_PARAMS.trustedContentShare, trustedContentChars): what a page sets below its article (an author's box, a subscription offer, a list of most-read stories, a notice), with or without an article element. Readability.js keeps only its top candidate and the siblings that join it; not a top-level heading (`<h1>`). What comes before the element (a headline, a lead, a byline) stays for the text stages to judge.",
    example:
      '<div class="offer"><p>Get the print edition delivered to your door every morning, with the weekend magazine free for a month.</p></div>',
    applies: ({ block, contentEnd }) => contentEnd >= 0 && block.element > contentEnd && block.tag !== 'h1',
  },
  {
    id: 'figure-caption',
    languages: ANY_LANGUAGE,
    why: "Inside the `<figcaption>` of a media figure (a `<figure>` holding an `<img>`, `<picture>`, `<video>`, `<iframe>`, `<svg>` or `<audio>`): a picture's caption and credit, noise the mission strips as the text stages' photo-caption does on a text dump; logged as a caption, so metadata reads its credit. Not the caption of a figure that holds a `<blockquote>` (a pull quote's attribution) or a `<pre>` (a code listing), nor a table's `<caption>`, nor a figure's text outside its `<figcaption>`. Readability.js keeps captions; trafilatura drops them by default.",
    example:
      '<figure><img src="bridge.jpg" alt=""><figcaption>The old bridge at dawn. Photo: Jane Doe</figcaption></figure>',
    applies: ({ block }) => block.mediaCaption,
    role: 'caption',
  },
  {
    id: 'caption-class',
    languages: ANY_LANGUAGE,
    why: 'Inside an element whose class or id names a caption ("caption", "media-caption", "wp-caption-text", "img-caption"; not "no-caption", a state) in a run of such blocks holding under 500 characters (captionBoxMaxChars): a picture\'s caption and credit set without `<figcaption>`, often beside the `<img>` in a `<div>` or `<small>`; logged as a caption, as figure-caption is, so metadata reads its credit. trafilatura discards every div, p, section or span whose class or id contains "caption" when it leaves images out (its default); a larger run so named wraps other text, and stays.',
    example: '<div class="media-caption">The old bridge at dawn. Photo: Jane Doe</div>',
    applies: ({ block, captionBoxes }) => captionBoxes.has(block),
    role: 'caption',
  },
];

/**
 * The last element number of the page's content element and the siblings that join it, when that element is
 * trusted as the article's: its prose (proseChars: paragraphs, little link text) is at least params.trustedContentShare
 * of the page's and params.trustedContentChars long; else -1.
 */
export function contentEndOf(
  blocks: readonly HtmlBlock[],
  content: ContentSpan | null,
  params: MarkupParams,
): number {
  if (content === null) return -1;
  let inside = 0;
  let total = 0;
  for (const block of blocks) {
    // Paragraphs only: a table's rows or a list's items of 80+ characters (a list page's entries) do not make
    // a table or a list the article's box.
    const chars = ITEM_TAGS.has(block.tag) ? 0 : proseChars(block, params);
    total += chars;
    if (chars > 0 && inContent(block, content)) inside += chars;
  }
  if (inside < params.trustedContentChars || inside < total * params.trustedContentShare) return -1;
  let end = content.last;
  for (const sibling of content.siblings) end = Math.max(end, sibling.last);
  return end;
}

/** Inside an `<aside>` or `<footer>` (or role="complementary"/"contentinfo"). */
function inBox(block: HtmlBlock): boolean {
  return block.regions.includes('aside') || block.regions.includes('footer');
}

/**
 * The blocks of the page's small share boxes: each run of consecutive blocks inside a share-named element
 * (the `share` hint) whose characters add up to fewer than `maxChars`. The block table names an element's hints,
 * not its size; a run of blocks that all carry the hint is that element's text (or several such elements side
 * by side: then the run is larger, which only keeps more). A share-named wrapper around an article is a run of
 * the article's length, and stays.
 */
export function shareBoxes(blocks: readonly HtmlBlock[], maxChars: number): Set<HtmlBlock> {
  return hintBoxes(blocks, 'share', maxChars);
}

/**
 * The blocks of the page's small boxes named by `hint`: each run of consecutive blocks that carry it whose
 * characters add up to fewer than `maxChars` (see shareBoxes).
 */
export function hintBoxes(blocks: readonly HtmlBlock[], hint: MarkupHint, maxChars: number): Set<HtmlBlock> {
  const out = new Set<HtmlBlock>();
  for (let i = 0; i < blocks.length; ) {
    if (!blocks[i]!.hints.includes(hint)) {
      i++;
      continue;
    }
    let end = i;
    let chars = 0;
    while (end < blocks.length && blocks[end]!.hints.includes(hint)) chars += blocks[end++]!.chars;
    if (chars < maxChars) for (let j = i; j < end; j++) out.add(blocks[j]!);
    i = end;
  }
  return out;
}

/**
 * Whether every block of the content element passes the test: the element itself sits in what the test
 * names (an aside, a nav, a hinted box), so that says nothing of its parts. False with no content element.
 */
function everyContentBlock(
  blocks: readonly HtmlBlock[],
  content: ContentSpan | null,
  test: (block: HtmlBlock) => boolean,
): boolean {
  if (content === null) return false;
  for (const block of blocks) if (inContent(block, content) && !test(block)) return false;
  return true;
}

/**
 * The stage's thresholds, its one parameters object (settable in config: `cleaning.markup.params`). The content
 * element itself is chosen by the HTML stage's content score (CONTENT_PARAMS, `cleaning.html.params`).
 */
export const MARKUP_PARAMS = {
  /** A block of prose: at least this many characters... (what an article element is weighed by, articleOf) */
  proseMinChars: 80,
  /** ...and at most this share of them link text. Also the most link text a protected paragraph, list item or row has. */
  proseMaxLinkShare: 0.3,
  /**
   * The article element (`<article>`, else `<main>`) is trusted when it holds at least this share of the page's
   * prose...
   */
  articleMinShare: 0.8,
  /** ...and at least this many characters of it. */
  articleMinChars: 400,
  /** A paragraph of a trusted article element this long (characters) is its prose, kept from density's `outside-article`. */
  protectMinChars: 200,
  /**
   * A paragraph of the content element this long (characters) is its prose, and a shorter one of the article
   * element before it (a date, a credit) is passed over when its lead is looked for. The content score's own
   * minimum (CONTENT_PARAMS.minChars, Readability.js's 25): a paragraph that scores is one the stage protects.
   */
  contentProseMinChars: CONTENT_PARAMS.minChars,
  /** link-text: a kept line outside the content element whose block's link text is more than this share of its text. */
  linkTextShare: 0.7,
  /**
   * link-text inside the content element: a `<p>` or `<div>` shorter than contentLinkMaxChars characters whose
   * link text is more than contentLinkShare of them. trafilatura's link-density test (0.8 of an element under
   * 100 characters, 300 when it is its parent's last; 200 for a paragraph when it favours precision); on the
   * tune half 200 and 300 remove the same lines.
   */
  contentLinkMaxChars: 200,
  contentLinkShare: 0.8,
  /**
   * share-box: a run of blocks inside share-named elements holding fewer characters than this is a share bar.
   * Readability.js's DEFAULT_CHAR_THRESHOLD, under which it removes a share-named element from its article.
   */
  shareBoxMaxChars: 500,
  /**
   * bio-box: a run of blocks inside biography-named elements holding fewer characters than this is an author's
   * box. An author's biography is a paragraph or two; a profile page's text in such an element is longer, and
   * stays. On the tune half 500 (share-box's limit) removed the same boxes but one biography of 600 characters.
   */
  bioBoxMaxChars: 1000,
  /**
   * caption-class: a run of blocks inside caption-named elements holding fewer characters than this is a
   * picture's caption (share-box's limit, Readability.js's DEFAULT_CHAR_THRESHOLD). A caption is a sentence or
   * two and a credit; a longer run so named wraps other text. On the tune half no run reached it (the limit
   * removes what the hint alone does).
   */
  captionBoxMaxChars: 500,
  /**
   * The article's prose (articleLines): a list of the content element (or of a trusted article element) whose
   * items hold at least this many characters is the article's whatever its share of link text (a list of
   * references, of sources, of works), as its tables are. trafilatura's link-density test weighs a list only
   * when it is shorter than this (300 characters when it ends its parent, 100 before a sibling) and keeps every
   * table; Readability.js keeps the lists and data tables of its article (it weighs a list's links only when
   * its class or id names content). A short list of links (tags, "More on this") is still density's to judge.
   */
  contentListMinChars: 300,
  /**
   * after-content-element: the share of the page's prose (proseMinChars paragraphs of little link text) its
   * content element must hold, and the least prose it must have, for what follows it to be taken for page
   * furniture: the trust the article element needs (articleMinShare, articleMinChars), counted on
   * paragraphs only (a list page's table of long rows is not an article). On the tune half the same rule on
   * what comes before the element cost the snippet set (0.9291 to 0.9197: leads and headlines sit there);
   * after it, 0.8 gained snippets and extraction-dev (with this stage's other changes of that session, on
   * main 82d0a3b: 0.9318 to 0.9369 and 0.9686 to 0.9706; readability-pages 0.9672 either way), 0.9 gained
   * less, 0.7 lost readability-pages.
   */
  trustedContentShare: 0.8,
  trustedContentChars: 400,
  /** orphan-heading: the longest heading (characters) taken for the title of a box; a longer one reads as a lead. */
  orphanHeadingMaxChars: 80,
  /**
   * tail-notice: among the last this many kept lines of the content element, a line of at most
   * tailNoticeMaxChars characters with link text that is a site notice calling to subscribe goes. On the tune half
   * 2 and 3 lines removed the same; one missed a promotion above the site's last one. 200 characters also took
   * a newspaper's "A version of this article appears in print on …" line, which readability-pages keeps.
   */
  tailNoticeLines: 2,
  tailNoticeMaxChars: 120,
  /**
   * link-pointer: the longest lead-in (characters, its closing mark included) of a pointer line: a label
   * ("Main article:", "Lesen Sie auch:", "Dowiedz się więcej:"), a short call; a longer one is a sentence.
   */
  pointerLabelMaxChars: 40,
  /** link-pointer: the least text after the lead-in: a page's title, not an e-mail address or a credit's name. */
  pointerMinChars: 15,
  /** link-pointer: the least share of the text after the lead-in that is link text. */
  pointerLinkShare: 0.9,
  /**
   * time-dateline: a block with a `<time>` element shorter than this (characters) is a dateline. On the tune
   * half 60 and 120 removed the same datelines, and 120 also a teaser's dated summary sentence.
   */
  datelineMaxChars: 60,
  /**
   * The article's prose (articleLines): what a CJK ideograph, kana or Hangul syllable counts for when a
   * paragraph's length is weighed against contentProseMinChars and protectMinChars. One such character carries
   * about as much as a short word (stages/language.ts weighs them alike): counted once, a Chinese sentence of
   * 20 characters would be too short to be a paragraph where its 50-letter English translation is one.
   */
  wideCharWeight: 3,
};
export type MarkupParams = typeof MARKUP_PARAMS;

/**
 * Runs after density (`linkText`), on the lines it kept: a block outside the page's content element
 * (HtmlView.content) that is mostly link text is a link to another page, not the article's prose. Run before
 * density it would take the headlines out of a teaser list and leave its summaries looking like prose, and a
 * linked byline out of the byline's place. Inside the content element only a short paragraph or box that is
 * nearly all link text goes ("Also on our site: …", "Follow us on Twitter", a linked teaser set in the text),
 * as trafilatura's link-density test removes it; its lists and tables of links stay (a table of contents, a
 * list of sources): Readability.js keeps lists whatever their links. On the tune half the short link lines
 * cost readability-pages a little (Readability.js keeps them) and gained the other two sets more.
 */
export const LINK_TEXT_RULE: MarkupRule = {
  id: 'link-text',
  languages: ANY_LANGUAGE,
  why: "Kept by the text stages, and mostly link text: outside the page's content element more than 70% of it; inside it a `<p>` or `<div>` under 200 characters more than 80% link text (trafilatura's link-density test; lists and tables of links stay, as Readability.js keeps them). Never a line the markup stage marked as the article's (a row of its table, an item of its long list of sources). A link to another page (a teaser headline, a tag list, a call to action), not a sentence of the article.",
  example: '<p><a href="/other">Read more: the museum reopens its east wing</a></p>',
  applies: ({ block, content, params }) => isLinkText(block, content, params),
};

/** Blocks of the content element that link-text weighs: a paragraph or a box, not a list item, row or heading. */
const CONTENT_LINK_TAGS: ReadonlySet<string> = new Set(['p', 'div']);

function isLinkText(block: HtmlBlock, content: ContentSpan | null, params: MarkupParams): boolean {
  if (content !== null && inContent(block, content))
    return (
      CONTENT_LINK_TAGS.has(block.tag) &&
      block.chars < params.contentLinkMaxChars &&
      block.linkChars > block.chars * params.contentLinkShare
    );
  return block.linkChars > block.chars * params.linkTextShare;
}

/**
 * Runs after density and link-text (`orphanHeadings`): a heading whose section lost every line is the title of
 * a box the stages removed ("Most read", "Related stories", "Weitere Informationen:"), not a heading of the
 * article, whose sections keep their text.
 */
export const ORPHAN_HEADING_RULE: Omit<MarkupRule, 'applies'> = {
  id: 'orphan-heading',
  languages: ANY_LANGUAGE,
  why: "A short heading (`<h2>`–`<h6>`) kept by the text stages whose section (the blocks up to the next heading of its level or above; for a heading of the page's content element, not past that element's end; for a heading in a box that holds more than it, not past that box, where a caption does not count) holds text and lost all of it: the title of a removed box of links, teasers or promotions, a gallery's title in the gallery's box.",
  // Applies to a page's sections as a whole (orphanHeadings): a block alone does not say what its section kept.
  example:
    '<h2>Elsewhere in the city</h2><p><a href="/a">Museum reopens its east wing after a long restoration</a></p>',
};

/** The level of a heading block (2 for `h2`), or 0 for any other block. */
function headingLevel(block: HtmlBlock): number {
  const tag = block.tag;
  return tag.length === 2 && tag[0] === 'h' && tag[1]! >= '1' && tag[1]! <= '6' ? Number(tag[1]) : 0;
}

/** A block's characters when it is prose (long, little of it link text; see MarkupParams.proseMinChars), else 0. */
function proseChars(block: HtmlBlock, params: MarkupParams): number {
  return block.chars >= params.proseMinChars && block.linkChars <= block.chars * params.proseMaxLinkShare
    ? block.chars
    : 0;
}

const NO_HINTS: ReadonlySet<MarkupHint> = new Set();

/**
 * In no box of its own inside the article: no hinted container, no aside or footer, not hidden. `shared`: hints
 * of a container around the whole content element (contentHints), which are no box of its parts.
 */
function unboxed(block: HtmlBlock, shared: ReadonlySet<MarkupHint> = NO_HINTS): boolean {
  return (
    block.hints.every((hint) => shared.has(hint)) &&
    !block.regions.includes('aside') &&
    !block.regions.includes('footer') &&
    !block.hidden
  );
}

/**
 * The class and id hints every block of the content element carries (HtmlView.content): the hints of a container
 * around the whole element (a blog theme's "sidebar-layout" or "main-sidebar" wrapper), which say nothing of
 * its parts, as contentInBox says for an aside or footer around it. Empty with no content element.
 */
export function contentHints(
  blocks: readonly HtmlBlock[],
  content: ContentSpan | null,
): ReadonlySet<MarkupHint> {
  let shared: Set<MarkupHint> | null = null;
  if (content === null) return new Set();
  for (const block of blocks) {
    if (!inContent(block, content)) continue;
    if (shared === null) shared = new Set(block.hints);
    else for (const hint of shared) if (!block.hints.includes(hint)) shared.delete(hint);
    if (shared.size === 0) break;
  }
  return shared ?? new Set();
}

/** Blocks that are an item of a list or a row of a table. */
const ITEM_TAGS: ReadonlySet<string> = new Set(['li', 'tr']);

/**
 * Prose of the trusted article element, in no box of its own (aside, footer, a hinted container): its
 * paragraphs of `protectMinChars` or more, and its lists' items and tables' rows of any length with at most
 * `proseMaxLinkShare` link text (a list of results or dates is the article's; a short list of links is not).
 * Every block of its tables, and of its long lists (`contentListMinChars`: references, sources, a list of
 * works), whatever their link text: trafilatura keeps both, Readability.js keeps an article's lists and data
 * tables.
 */
function isArticleProse(
  block: HtmlBlock,
  article: number,
  length: (block: HtmlBlock) => number,
  params: MarkupParams,
  structure: ContentStructure,
): boolean {
  if (block.container !== article || !unboxed(block)) return false;
  // A table or a long list of the article element (HtmlBlock.table and .list count inside it only).
  if (block.table >= 0 || longList(block, structure, params)) return true;
  const littleLinkText = block.linkChars <= block.chars * params.proseMaxLinkShare;
  if (littleLinkText && length(block) >= params.protectMinChars) return true;
  return ITEM_TAGS.has(block.tag) && littleLinkText;
}

/**
 * Blocks of the content element that are never its text by their tag alone: headings (a box's title reads as
 * one: "More on this", "You might also like"), captions, an address line, the parts of a figure or page region.
 */
const CONTENT_UNPROTECTED_TAGS: ReadonlySet<string> = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figcaption',
  'figure',
  'caption',
  'address',
  'header',
  'footer',
  'aside',
]);

/** Inside the content element or one of the siblings that join it (HtmlView.content). */
export function inContent(block: HtmlBlock, content: ContentSpan): boolean {
  return elementInContent(block.element, content);
}

/** Whether the element of that number is the content element, one of its joining siblings, or inside one. */
function elementInContent(element: number, content: ContentSpan): boolean {
  if (element >= content.first && element <= content.last) return true;
  for (const sibling of content.siblings)
    if (element >= sibling.first && element <= sibling.last) return true;
  return false;
}

/**
 * A paragraph of the page's content element (HtmlView.content, the element that scores highest as the page's
 * content, as Readability.js chooses it), with or without a trusted article element: one that scores as a
 * paragraph there (`contentProseMinChars`), little of it link text, in no box of its own, not a heading or caption.
 * Its lists' items and tables' rows count whatever their length, as a trusted article element's do
 * (isArticleProse): a list of results or a table of figures is the article's, a short list of links is not;
 * and its tables and long lists (inside it) whatever their link text (an infobox, a list of references).
 */
function isContentProse(
  block: HtmlBlock,
  content: ContentSpan,
  length: (block: HtmlBlock) => number,
  params: MarkupParams,
  structure: ContentStructure,
): boolean {
  if (!inContent(block, content) || !unboxed(block, structure.contentHints)) return false;
  if (block.table >= 0 && elementInContent(block.table, content)) return true;
  if (longList(block, structure, params) && elementInContent(block.list, content)) return true;
  if (block.linkChars > block.chars * params.proseMaxLinkShare) return false;
  if (ITEM_TAGS.has(block.tag)) return true;
  return length(block) >= params.contentProseMinChars && !CONTENT_UNPROTECTED_TAGS.has(block.tag);
}

/** What the page's lists hold: the characters of each list element's blocks (HtmlBlock.list). */
interface ContentStructure {
  readonly listChars: ReadonlyMap<number, number>;
  /** The hints every block of the content element carries (contentHints). */
  readonly contentHints: ReadonlySet<MarkupHint>;
}

/** The characters of the blocks of each list element (by its number, HtmlBlock.list). */
function listChars(blocks: readonly HtmlBlock[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const block of blocks)
    if (block.list >= 0) out.set(block.list, (out.get(block.list) ?? 0) + block.chars);
  return out;
}

/** In a list whose blocks hold at least `contentListMinChars` characters. */
function longList(block: HtmlBlock, structure: ContentStructure, params: MarkupParams): boolean {
  return block.list >= 0 && (structure.listChars.get(block.list) ?? 0) >= params.contentListMinChars;
}

/** A figure and its caption. */
const FIGURE_TAGS: ReadonlySet<string> = new Set(['figure', 'figcaption']);

/**
 * What may stand between a subheading and its section's prose: a figure or its caption, or a line shorter than
 * `contentProseMinChars` with no link text (a date, a credit, a film's title and running time); not a heading.
 */
function passedUnder(
  block: HtmlBlock | null,
  length: (block: HtmlBlock) => number,
  params: MarkupParams,
): boolean {
  if (block === null || headingLevel(block) > 0) return false;
  return FIGURE_TAGS.has(block.tag) || (block.linkChars === 0 && length(block) < params.contentProseMinChars);
}

const HEADING_TAGS: ReadonlySet<string> = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** A subheading inside the content element: little link text, in no box of its own. */
function isContentHeading(
  block: HtmlBlock,
  content: ContentSpan,
  params: MarkupParams,
  shared: ReadonlySet<MarkupHint>,
): boolean {
  return (
    HEADING_TAGS.has(block.tag) &&
    inContent(block, content) &&
    block.linkChars <= block.chars * params.proseMaxLinkShare &&
    unboxed(block, shared)
  );
}

/**
 * The page's article element: the `<article>` (else `<main>`) whose blocks hold the most prose, when that is
 * at least `articleMinShare` of all the page's prose and `articleMinChars`; else -1 (no element, or a list
 * of teaser `<article>`s, or an article element that leaves much of the text outside).
 */
export function articleOf(blocks: readonly HtmlBlock[], params: MarkupParams = MARKUP_PARAMS): number {
  const prose = new Map<number, number>();
  let total = 0;
  for (const block of blocks) {
    const chars = proseChars(block, params);
    if (chars === 0) continue;
    total += chars;
    if (block.container >= 0) prose.set(block.container, (prose.get(block.container) ?? 0) + chars);
  }
  let best = -1;
  let bestChars = 0;
  for (const [container, chars] of prose)
    if (chars > bestChars || (chars === bestChars && container < best)) {
      best = container;
      bestChars = chars;
    }
  return best >= 0 && bestChars >= params.articleMinChars && bestChars >= total * params.articleMinShare
    ? best
    : -1;
}

/**
 * The page block each line came from: both lists are in text view order, and every line lies inside one
 * block (blocks are separated by blank lines, so no line spans two).
 */
export function blockOfLines(lines: readonly Block[], blocks: readonly HtmlBlock[]): (HtmlBlock | null)[] {
  const out: (HtmlBlock | null)[] = [];
  let b = 0;
  for (const line of lines) {
    while (b < blocks.length && blocks[b]!.viewEnd <= line.rawStart) b++;
    const block = blocks[b];
    out.push(block !== undefined && block.viewStart <= line.rawStart ? block : null);
  }
  return out;
}

/** CJK ideographs, kana and Hangul syllables (as stages/language.ts counts them). */
function isWide(code: number): boolean {
  return (code >= 0x3040 && code < 0xa000) || (code >= 0xac00 && code < 0xd7a4);
}

/**
 * A block's length for the article-prose thresholds: its characters, each CJK one counting `weight` times
 * (MarkupParams.wideCharWeight). `view` is the text view the blocks index.
 */
export function weighedChars(block: HtmlBlock, view: string, weight: number): number {
  let wide = 0;
  for (let i = block.viewStart; i < block.viewEnd; i++) if (isWide(view.charCodeAt(i))) wide++;
  return block.chars + (weight - 1) * wide;
}

export function markup(
  doc: DocState,
  disable: readonly string[] = [],
  params: MarkupParams = MARKUP_PARAMS,
): DocState {
  const html = doc.html;
  if (html === undefined) return doc;
  const rules = MARKUP_RULES.filter((rule) => !disable.includes(rule.id));
  const pageHasArticle = html.blocks.some((block) => block.inArticle);
  const article = articleOf(html.blocks, params);
  const owners = blockOfLines(doc.blocks, html.blocks);
  const changes = new Map<number, { role: Role; rule: string }>();
  const content = html.content ?? null;
  const boxed = everyContentBlock(html.blocks, content, inBox);
  const navContent = everyContentBlock(html.blocks, content, (block) => block.regions.includes('nav'));
  const shares = shareBoxes(html.blocks, params.shareBoxMaxChars);
  const bios = everyContentBlock(html.blocks, content, (block) => block.hints.includes('bio'))
    ? new Set<HtmlBlock>()
    : hintBoxes(html.blocks, 'bio', params.bioBoxMaxChars);
  const contentEnd = contentEndOf(html.blocks, content, params);
  const captions = hintBoxes(html.blocks, 'caption', params.captionBoxMaxChars);
  // Where the trusted article element's text starts: what the content element holds before it is the story's head.
  let articleStart = Number.POSITIVE_INFINITY;
  if (article >= 0)
    for (const b of html.blocks)
      if (b.container === article && b.element < articleStart) articleStart = b.element;
  const length = (block: HtmlBlock) => weighedChars(block, doc.raw, params.wideCharWeight);
  const structure: ContentStructure = {
    listChars: listChars(html.blocks),
    contentHints: contentHints(html.blocks, content),
  };
  doc.blocks.forEach((line, i) => {
    const block = owners[i];
    if (line.role !== 'body' || !block) return;
    const context: MarkupContext = {
      block,
      pageHasArticle,
      article,
      content,
      contentInBox: boxed,
      contentInNav: navContent,
      shareBoxes: shares,
      bioBoxes: bios,
      captionBoxes: captions,
      params,
      // Read only on a page with a trusted article element (outside-article-element): skipped on the others.
      contentProse:
        article >= 0 &&
        content !== null &&
        block.element < articleStart &&
        block.element >= content.first &&
        block.element <= content.last &&
        isContentProse(block, content, length, params, structure),
      contentEnd,
    };
    for (const rule of rules) {
      if (rule.applies(context)) {
        changes.set(line.index, { role: rule.role ?? 'boilerplate', rule: rule.id });
        break;
      }
    }
  });
  const marked = reassign(doc, STAGE, changes);
  let next = marked;
  // The article's prose: the paragraphs of the element that scores highest as the page's content
  // (HtmlView.content), and on a page with a trusted article element also that element's long paragraphs,
  // lists and tables. Its short lines (a credit, an address, a one-line paragraph) are the content element's
  // paragraphs whether or not the page marks its article up.
  const prose =
    article >= 0
      ? (block: HtmlBlock) =>
          isArticleProse(block, article, length, params, structure) ||
          (content !== undefined &&
            content !== null &&
            isContentProse(block, content, length, params, structure))
      : content
        ? (block: HtmlBlock) => isContentProse(block, content, length, params, structure)
        : null;
  if (prose !== null) {
    const lines = new Set<number>();
    marked.blocks.forEach((line, i) => {
      const block = owners[i];
      if (line.role === 'body' && block && prose(block)) lines.add(line.index);
    });
    if (content) {
      // A subheading of the content element: a heading of little link text, in no box, whose next line, past
      // a figure, its caption and short lines with no link text (passedUnder), is the content element's prose
      // (a box's title, "More on this", heads a list of links instead). Readability.js and trafilatura keep
      // an article's headings.
      marked.blocks.forEach((line, i) => {
        const block = owners[i];
        if (
          line.role !== 'body' ||
          !block ||
          !isContentHeading(block, content, params, structure.contentHints)
        )
          return;
        let j = i + 1;
        while (j < marked.blocks.length && owners[j] === block) j++;
        while (j < marked.blocks.length && passedUnder(owners[j] ?? null, length, params)) j++;
        const following = marked.blocks[j];
        if (following !== undefined && lines.has(following.index)) lines.add(line.index);
      });
    }
    if (article >= 0 && content) {
      const lead = leadOf(marked.blocks, owners, article, content, length, params);
      if (lead !== null)
        marked.blocks.forEach((line, i) => {
          if (owners[i] === lead && line.role === 'body') lines.add(line.index);
        });
    }
    next = { ...marked, html: article >= 0 ? { ...html, article } : html, articleLines: lines };
  }
  return html.flattened > 0 ? { ...next, findings: [deepNesting(html.flattened), ...next.findings] } : next;
}

/**
 * The lead of a trusted article element: going back from the content element's first line, past the article
 * element's short lines (under `contentProseMinChars`: a date, a credit), its list items (a byline list) and its
 * boxed blocks, the first block, when it is a `<p>` with no link text. Not past a top-level heading (the title)
 * nor out of the article element. A lead paragraph sits between the title and the body, outside the element
 * that holds the body's paragraphs, and, shorter than them, density may take it for a teaser's summary.
 */
function leadOf(
  lines: readonly Block[],
  owners: readonly (HtmlBlock | null)[],
  article: number,
  content: ContentSpan,
  length: (block: HtmlBlock) => number,
  params: MarkupParams,
): HtmlBlock | null {
  let first = 0;
  while (first < lines.length && !(owners[first] && inContent(owners[first]!, content))) first++;
  for (let i = first - 1; i >= 0; i--) {
    const block = owners[i];
    if (!block || block.container !== article || block.tag === 'h1') return null;
    if (!unboxed(block) || length(block) < params.contentProseMinChars || ITEM_TAGS.has(block.tag)) continue;
    return block.tag === 'p' && block.linkChars === 0 ? block : null;
  }
  return null;
}

/** The finding of a page nested deeper than MAX_DEPTH: its text was kept, its deepest structure was not. */
function deepNesting(flattened: number): Finding {
  return {
    stage: STAGE,
    rule: 'deep-nesting',
    rawStart: 0,
    rawEnd: 0,
    text: '',
    message: `the HTML nests elements more than ${MAX_DEPTH} deep: ${flattened} element(s) and text node(s) below that depth were read as siblings (as browsers do), so their text is kept but not their block structure`,
  };
}

/**
 * Runs after density, with link-text (`linkText`): a paragraph that is a short lead-in and a link to another
 * page ("Main article: History of New Zealand", "Dowiedz się więcej: Kto jak głosował…", "Quelle: Landesregierung
 * Hessen", "DHB jetzt auch digital! Einfach hier klicken…") points away from the article, in any language; the
 * lead-in's closing mark and the link that makes up the rest are markup's evidence, which a text dump lacks
 * (the text stages' English `read-more` reads the same shape by its words). link-text leaves such a line when
 * its lead-in is a fifth of it or more. Read on the text stages' kept lines: before density it would take a
 * pointer line away from its neighbours, and density weighs them together.
 */
export const LINK_POINTER_RULE: Omit<MarkupRule, 'applies'> = {
  id: 'link-pointer',
  languages: ANY_LANGUAGE,
  why: 'Kept by the text stages, a `<p>` or `<div>` that is a lead-in of at most 40 characters (pointerLabelMaxChars) closed by a colon, an exclamation or a question mark, with no link, then a link of 15 or more characters (pointerMinChars) that makes up 90% or more of the rest (pointerLinkShare): a pointer to another page (a "Main article:" note, a "Read also:" line, a source\'s link, a promotion\'s call and link), not the article\'s prose. A line whose text after the mark is not link text, a lead-in longer than a label, or a short link (an e-mail address, a credit) stays.',
  // Reads the block's text as well as its features (isLinkPointer), which a rule's context does not hold.
  example: '<p>Main article: <a href="/wiki/History">History of New Zealand</a></p>',
};

/**
 * Runs after density, with link-text (`linkText`): a label that ends in a colon ("Lesen Sie auch die folgenden
 * Beiträge:", "Read also:", "Przeczytaj zapowiedź tego spotkania:") followed by a short list whose every item is
 * a link points away from the article, as link-pointer's one-line form does: the label is the markup's evidence
 * for the list (a short list of links alone may be the article's, which is why lists stay otherwise), and the
 * list the label's (left alone, "Read also:" would head the next paragraph). A longer list is a list of sources
 * or references (contentListMinChars, as the article's prose reads it), and a list with an item of text stays.
 * On the tune half it took seven lines of three snippet pages (three labels, four linked headlines; snippets-dev
 * 0.9588 to 0.9594) and no line of extraction-dev or readability-pages.
 */
export const POINTER_LIST_RULE: Omit<MarkupRule, 'applies'> = {
  id: 'pointer-list',
  languages: ANY_LANGUAGE,
  why: 'Kept by the text stages, a `<p>` or `<div>` with no link that is a label of at most 40 characters (pointerLabelMaxChars) ending in a colon, and the list (`<ul>`, `<ol>`) right after it when every item is at least 90% link text (pointerLinkShare) and the list holds fewer than 300 characters (contentListMinChars): a "Read also:" list of other pages, in any language. A longer list (sources, references), a list with an item that is not a link, a label with a link or without a colon, and a label followed by anything but a list stay.',
  // Reads a block's text and the list after it (pointerLists), which a rule's context does not hold.
  example: '<p>Lesen Sie auch:</p><ul><li><a href="/a">Der Jobmarkt bleibt vital</a></li></ul>',
};

/**
 * The blocks of each pointer list of the page (POINTER_LIST_RULE): a label block (a `<p>` or `<div>` in no list,
 * with no link text, of at most params.pointerLabelMaxChars characters, its text, in `view`, ending in a colon)
 * directly followed by a list item, whose list's blocks are each at least params.pointerLinkShare link text and
 * hold fewer than params.contentListMinChars characters together: the label and the list's blocks.
 */
export function pointerLists(
  blocks: readonly HtmlBlock[],
  view: string,
  params: MarkupParams,
): Set<HtmlBlock> {
  const out = new Set<HtmlBlock>();
  blocks.forEach((block, i) => {
    if (!CONTENT_LINK_TAGS.has(block.tag) || block.linkChars > 0 || block.list >= 0) return;
    if (block.chars === 0 || block.chars > params.pointerLabelMaxChars) return;
    if (!view.slice(block.viewStart, block.viewEnd).trimEnd().endsWith(':')) return;
    const next = blocks[i + 1];
    if (next === undefined || next.list < 0 || next.tag !== 'li') return;
    const items: HtmlBlock[] = [];
    let chars = 0;
    for (let j = i + 1; j < blocks.length && blocks[j]!.list === next.list; j++) {
      const item = blocks[j]!;
      if (item.linkChars < item.chars * params.pointerLinkShare) return;
      chars += item.chars;
      items.push(item);
    }
    if (chars === 0 || chars >= params.contentListMinChars) return;
    out.add(block);
    for (const item of items) out.add(item);
  });
  return out;
}

/**
 * Runs after density, with link-text (`linkText`): a short line that holds a `<time>` element is a dateline, a
 * byline's date, a live post's time stamp: the page itself marks the date in it as machine-readable
 * (HtmlBlock.dated). The text stages' dateline reads the dates it knows the words of; the markup says it of any.
 */
export const TIME_DATELINE_RULE: Omit<MarkupRule, 'applies'> = {
  id: 'time-dateline',
  languages: ANY_LANGUAGE,
  why: 'Kept by the text stages, a block of fewer than 60 characters (datelineMaxChars) that holds a `<time>` element and does not end like a sentence: a dateline, a byline with its date ("By Jane Doe Feb 8, 2020 · 5 min read"), a live post\'s time stamp; logged as a dateline. A sentence that names a time ("The vote is on <time>Tuesday</time>."), a longer block, a heading (a live blog\'s day), a table\'s row (a schedule), a list item whose date is less than half of it (a timeline\'s event) stay.',
  // Reads the block's text as well as its features (isTimeDateline), which a rule's context does not hold.
  example: '<p>By Jane Doe <time datetime="2020-02-08">Feb 8, 2020</time> · 5 min read</p>',
  role: 'dateline',
};

/**
 * A block that is a pointer to another page (LINK_POINTER_RULE): its text (in `view`, the page's text view) is a
 * lead-in of at most params.pointerLabelMaxChars characters closed by `:`, `!` or `?`, then at least
 * params.pointerMinChars characters of which at least params.pointerLinkShare are link text, and no more link
 * text than that rest holds (the lead-in itself has no link).
 */
export function isLinkPointer(block: HtmlBlock, view: string, params: MarkupParams): boolean {
  if (!CONTENT_LINK_TAGS.has(block.tag) || block.linkChars === 0) return false;
  const lead = POINTER_LEAD.exec(view.slice(block.viewStart, block.viewEnd));
  if (lead === null) return false;
  const label = visibleChars(lead[1]!);
  if (label > params.pointerLabelMaxChars) return false;
  const rest = block.chars - label;
  return (
    rest >= params.pointerMinChars &&
    block.linkChars >= rest * params.pointerLinkShare &&
    block.linkChars <= rest
  );
}

/** A lead-in and its closing mark (kept in group 1 with the mark), then white space and more text. */
const POINTER_LEAD = /^\s*([^:!?]+[:!?])\s*\S/u;

/**
 * The markup stage's pass after density: removes the kept body lines whose block is mostly link text
 * (LINK_TEXT_RULE, with params.linkTextShare), a pointer to another page (LINK_POINTER_RULE), or a short line
 * with a `<time>` element (TIME_DATELINE_RULE, logged as a dateline). A text dump has no markup: returned unchanged.
 */
export function linkText(
  doc: DocState,
  params: MarkupParams = MARKUP_PARAMS,
  disable: readonly string[] = [],
): DocState {
  const html = doc.html;
  if (html === undefined) return doc;
  const linkTextOn = !disable.includes(LINK_TEXT_RULE.id);
  const pointerOn = !disable.includes(LINK_POINTER_RULE.id);
  const datelineOn = !disable.includes(TIME_DATELINE_RULE.id);
  const listOn = !disable.includes(POINTER_LIST_RULE.id);
  if (!linkTextOn && !pointerOn && !datelineOn && !listOn) return doc;
  const content = html.content ?? null;
  const owners = blockOfLines(doc.blocks, html.blocks);
  const changes = new Map<number, { role: Role; rule: string }>();
  const lists = listOn ? pointerLists(html.blocks, doc.raw, params) : new Set<HtmlBlock>();
  doc.blocks.forEach((line, i) => {
    const block = owners[i];
    if (line.role !== 'body' || !block) return;
    if (lists.has(block)) {
      changes.set(line.index, { role: 'boilerplate', rule: POINTER_LIST_RULE.id });
      return;
    }
    // A line the markup stage marked as the article's (a row of its table, an item of its long list of
    // sources) is the article's whatever its link text, as density leaves it.
    if (linkTextOn && !doc.articleLines?.has(line.index) && isLinkText(block, content, params))
      changes.set(line.index, { role: 'boilerplate', rule: LINK_TEXT_RULE.id });
    else if (pointerOn && isLinkPointer(block, doc.raw, params))
      changes.set(line.index, { role: 'boilerplate', rule: LINK_POINTER_RULE.id });
    else if (datelineOn && isTimeDateline(block, doc.raw, params))
      changes.set(line.index, { role: 'dateline', rule: TIME_DATELINE_RULE.id });
  });
  return reassign(doc, STAGE, changes);
}

/**
 * A short block with a `<time>` element whose text (in `view`, the page's text view) does not end like a
 * sentence, and that is not a heading, a table's row or a list item mostly not its date (TIME_DATELINE_RULE).
 */
export function isTimeDateline(block: HtmlBlock, view: string, params: MarkupParams): boolean {
  if (!block.dated || block.chars >= params.datelineMaxChars) return false;
  // A heading that names a date heads a section (a live blog's day, a diary's entry); a table's row is a
  // schedule's or a results table's.
  if (headingLevel(block) > 0 || block.table >= 0) return false;
  // A list item is a timeline's event ("1998: founded in Leeds") unless its date is most of it (a byline list's
  // "Nov 18, 2019 at 9:24 pm ET • 2 min read").
  if (block.list >= 0 && block.timeChars * 2 < block.chars) return false;
  return !endsLikeSentence(view.slice(block.viewStart, block.viewEnd).trimEnd());
}

/**
 * Runs after link-text (`tailNotices`), on the lines the text stages kept: the content element's closing call
 * to subscribe or sign up ("Subscribe now to our eNATION edition for the full story.", "Do you want to be
 * informed of our actions? Sign up here"), or to follow the site elsewhere ("For the latest stories download
 * our apps for iOS and Android", isCallToFollow: on the tune half three such closing lines of two sites, and no
 * other line of the three sets). The content element's paragraphs are article prose to density,
 * which therefore leaves such a line although its own site-notice test (SITE_NOTICES, which density's
 * `tailNoticeWeight` cut and not-prose read; here only its calls to subscribe, SiteNotice.call, since a short
 * closing sentence of a story about a privacy law or a copyright case is prose) says what it is: on a text dump density weighs it by that test,
 * and the markup adds the evidence it lacks, a link to follow, at the article's very end, in a line too short
 * to be a paragraph about a newsletter. Each of the three is needed: a short last paragraph that mentions a
 * newsletter with no link, a long one with a link, and a notice earlier in the article all stay.
 */
export const TAIL_NOTICE_RULE: Omit<MarkupRule, 'applies'> = {
  id: 'tail-notice',
  languages: ANY_LANGUAGE,
  why: 'Kept by the text stages, among the content element\'s last lines (tailNoticeLines), short (tailNoticeMaxChars), with link text, and a site notice that calls to subscribe in the page\'s language or English (SITE_NOTICES marked `call`: newsletter, subscribe, sign up…; not a legal or privacy line), or a call to follow the site on a social network, join its channel or download its app (FOLLOW_PLACES and FOLLOW_VERBS: "Follow The Courier on Twitter", "download our apps for iOS and Android", "Únete a nuestro canal de Telegram"; a network named with no call stays): the article\'s closing call, not its text.',
  example: '<p>Subscribe now to <a href="/enation">our eNATION edition</a> for the full story.</p>',
};

/**
 * The markup stage's last pass, after link-text and tail-notice: removes the kept body lines of a short heading (`h2`–`h6`,
 * at most params.orphanHeadingMaxChars characters) whose section, the page blocks after it up to the next
 * heading of its level or above (for a heading inside the content element, up to that element's end: the boxes
 * below an article are not the section of its last heading), holds at least one block and no kept body line
 * (ORPHAN_HEADING_RULE). A heading in a box that holds more than it (HtmlBlock.boxEnd: a gallery's title and its
 * pictures' labels, a newsletter box's heading and its call) heads that box: its section ends with the box, and
 * a caption there is not its text (a subheading set in a box with its picture heads the text after the box). On
 * the tune half this took a gallery's title, a newsletter box's and an author box's, and changed no other line
 * of the three sets. A text dump has no markup: returned unchanged.
 */
export function orphanHeadings(
  doc: DocState,
  params: MarkupParams = MARKUP_PARAMS,
  disable: readonly string[] = [],
): DocState {
  const html = doc.html;
  if (html === undefined || disable.includes(ORPHAN_HEADING_RULE.id)) return doc;
  const blocks = html.blocks;
  const content = html.content ?? null;
  const owners = blockOfLines(doc.blocks, blocks);
  const index = new Map<HtmlBlock, number>();
  blocks.forEach((block, i) => {
    index.set(block, i);
  });
  const kept = new Set<number>();
  const captions = new Set<number>();
  doc.blocks.forEach((line, i) => {
    const block = owners[i];
    if (!block) return;
    if (line.role === 'body') kept.add(index.get(block)!);
    else if (line.role === 'caption') captions.add(index.get(block)!);
  });
  /**
   * Whether the section of the heading at `i` (level `level`) lost all its text: true or false, or null when it
   * holds no block. Up to the next heading of its level or above; for a heading of the content element not past
   * that element's end (`within`); and not past `boxEnd`, the last element of the box the heading is in, where
   * a caption does not count (a subheading set in a box with its picture heads the text after the box).
   */
  const sectionLost = (i: number, level: number, within: boolean, boxEnd: number): boolean | null => {
    let section = 0;
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j]!;
      if (within && !inContent(next, content!)) break;
      if (next.element > boxEnd) break;
      const nextLevel = headingLevel(next);
      if (nextLevel > 0 && nextLevel <= level) break;
      if (boxEnd !== Number.POSITIVE_INFINITY && captions.has(j)) continue;
      section++;
      if (kept.has(j)) return false;
    }
    return section > 0 ? true : null;
  };
  const orphans = new Set<number>();
  for (const i of kept) {
    const block = blocks[i]!;
    const level = headingLevel(block);
    if (level < 2 || block.chars > params.orphanHeadingMaxChars) continue;
    // A heading of the content element heads text of that element: its section ends where the element ends.
    const within = content !== null && inContent(block, content);
    // A heading in a box of its own (a gallery's title in the gallery's box, a newsletter box's heading) heads
    // that box: it is the box's title when the box lost its text, whatever the article's text after the box.
    // A box that holds nothing after its heading (a heading wrapped alone) heads what follows it.
    const lost =
      (block.boxEnd >= 0 ? sectionLost(i, level, within, block.boxEnd) : null) ??
      sectionLost(i, level, within, Number.POSITIVE_INFINITY);
    if (lost === true) orphans.add(i);
  }
  if (orphans.size === 0) return doc;
  const changes = new Map<number, { role: Role; rule: string }>();
  doc.blocks.forEach((line, i) => {
    const block = owners[i];
    if (line.role === 'body' && block && orphans.has(index.get(block)!))
      changes.set(line.index, { role: 'boilerplate', rule: ORPHAN_HEADING_RULE.id });
  });
  return reassign(doc, STAGE, changes);
}

/**
 * The markup stage's pass after link-text: removes the content element's closing calls to subscribe
 * (TAIL_NOTICE_RULE), read among its last params.tailNoticeLines kept lines. A text dump has no markup:
 * returned unchanged.
 */
export function tailNotices(
  doc: DocState,
  params: MarkupParams = MARKUP_PARAMS,
  disable: readonly string[] = [],
): DocState {
  const html = doc.html;
  const content = html?.content ?? null;
  if (html === undefined || content === null || disable.includes(TAIL_NOTICE_RULE.id)) return doc;
  const owners = blockOfLines(doc.blocks, html.blocks);
  const tail: number[] = [];
  doc.blocks.forEach((line, i) => {
    const block = owners[i];
    if (line.role === 'body' && block && inContent(block, content)) tail.push(i);
  });
  const changes = new Map<number, { role: Role; rule: string }>();
  for (const i of tail.slice(Math.max(0, tail.length - params.tailNoticeLines))) {
    const block = owners[i]!;
    const line = doc.blocks[i]!;
    if (
      block.linkChars > 0 &&
      block.chars <= params.tailNoticeMaxChars &&
      (isCallToSubscribe(line.text, doc.metadata.language) ||
        isCallToFollow(line.text, doc.metadata.language))
    )
      changes.set(line.index, { role: 'boilerplate', rule: TAIL_NOTICE_RULE.id });
  }
  return changes.size === 0 ? doc : reassign(doc, STAGE, changes);
}

/** Any of the words, as a whole word (no letter or digit on either side), in any case. */
const anyWholeWord = (list: readonly string[]) =>
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${list.join('|')})(?![\p{L}\p{N}])`, 'iu');
const FOLLOW_PLACE = anyWholeWord(FOLLOW_PLACES);
const followVerbs = new Map<Language, RegExp>();

/**
 * Whether a line calls to follow the site on a social network, join its channel or download its app: it names a
 * place (FOLLOW_PLACES) and a verb of the page's language or English (FOLLOW_VERBS, furnitureLanguages), each as
 * a whole word. Read by tail-notice only, on a page's closing lines: a text dump's stages never see it.
 */
export function isCallToFollow(text: string, language: Language): boolean {
  if (!FOLLOW_PLACE.test(text)) return false;
  let verbs = followVerbs.get(language);
  if (verbs === undefined) {
    const list = furnitureLanguages(language).flatMap((code) => FOLLOW_VERBS.get(code) ?? []);
    verbs = anyWholeWord(list);
    followVerbs.set(language, verbs);
  }
  return verbs.test(text);
}

/**
 * Every rule of the stage, in the order its passes try them: the block rules (MARKUP_RULES), then those of the
 * passes after density (linkText, pointer lists, tailNotices, orphanHeadings). The one list the registry, the
 * config's `disable` ids and the README's rule table are read from.
 */
export const EVERY_MARKUP_RULE: readonly Omit<MarkupRule, 'applies'>[] = [
  ...MARKUP_RULES,
  LINK_TEXT_RULE,
  LINK_POINTER_RULE,
  POINTER_LIST_RULE,
  TIME_DATELINE_RULE,
  TAIL_NOTICE_RULE,
  ORPHAN_HEADING_RULE,
];
