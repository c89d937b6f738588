/**
 * html: the HTML front end. A page is parsed to hast (the unified collective's HTML tree, with source
 * positions) and read into a TEXT VIEW: its visible text, one block element per paragraph (a blank line
 * between blocks, `<br>` a single newline inside one, white space collapsed as a browser shows it, `<pre>`
 * kept as written), the same shape as the text dumps newsclean reads. Beside the view, a table of the blocks:
 * where each one is in the view and in the HTML, and what the markup says about it (link density, tag path,
 * inside `<article>`/`<main>`, inside navigation/header/footer/aside/form, hidden, class and id hints).
 *
 * Every later stage runs unchanged on the view, so raw offsets, logs and the reconstruction guarantee are
 * those of a text dump; stages/markup.ts reads the table to remove blocks by their markup.
 *
 * Pure: no I/O, no clock, no state between calls. The tree is walked with an explicit stack (no recursion),
 * and a tree nested deeper than MAX_DEPTH is flattened below that depth as it is read (see parseHtml).
 */
import type { Element, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import type { DefaultTreeAdapterMap, TreeAdapter, TreeAdapterTypeMap } from 'parse5';
import { defaultTreeAdapter, html as htmlSpec, InsertionMode, Parser, Token, Tokenizer } from 'parse5';
import { LINE_END_CLOSERS, visibleChars } from './document.js';
import type { MarkupHint, MarkupRegion } from './lexicon.js';
import {
  CONTENT_NAME_WORDS,
  CONTENT_PARAMS,
  type ContentParams,
  charClass,
  MARKUP_ENTRY_CLASSES,
  MARKUP_HINT_KINDS,
  MARKUP_HINT_SUFFIXES,
  MARKUP_HINT_WORDS,
  MARKUP_LIVE_WORDS,
  MARKUP_TAXONOMY_PREFIXES,
  MAX_DEPTH,
  SCORED_HINT_WORDS,
  SENTENCE_MARKS,
  UNSCORED_HINT_KINDS,
} from './lexicon.js';
import type { MarkupElement, MarkupMetadata, MarkupProperty } from './markup-metadata.js';
import { markupElementOf, READ_TAGS } from './markup-metadata.js';

// MAX_DEPTH lives in lexicon.ts so that the markup stage reads it without loading the HTML parser.
export { MAX_DEPTH };

/** One block of the page: a paragraph of the text view. Offsets are UTF-16 code units, ends exclusive. */
export interface HtmlBlock {
  /** Where its text is in the text view. */
  readonly viewStart: number;
  readonly viewEnd: number;
  /**
   * Where it is in the HTML: the block element's source (start tag to end tag) when the block is the whole
   * element, else the span of the text it holds (an element's text before or after a nested block).
   */
  readonly htmlStart: number;
  readonly htmlEnd: number;
  /** The block element that holds the text (`p`, `li`, `h2`, `tr`, `div`...). */
  readonly tag: string;
  /** Tag names from `<body>` down to the block element, joined by `>` (at most PATH_TAGS, `…>` first when cut). */
  readonly path: string;
  /** Characters of text (white space not counted), and how many of them are inside a link. */
  readonly chars: number;
  readonly linkChars: number;
  /** Inside an `<article>` or `<main>` element (or role="main"/"article"). */
  readonly inArticle: boolean;
  /**
   * Which article it is in: the number (in document order, from 0) of its outermost `<article>` (or
   * role="article") element, else of its outermost `<main>` (or role="main"); -1 outside both.
   */
  readonly container: number;
  /** The page regions it is inside: `<nav>`, `<header>`, `<footer>`, `<aside>`, `<form>` or their ARIA roles. */
  readonly regions: readonly MarkupRegion[];
  /** Hidden by the markup: `hidden`, `aria-hidden="true"` or an inline `display:none`/`visibility:hidden`. */
  readonly hidden: boolean;
  /** Class and id hints of its containers (stages/lexicon.ts MARKUP_HINT_WORDS), in MARKUP_HINT_KINDS order. */
  readonly hints: readonly MarkupHint[];
  /** The element that holds it: its number among the page's elements in document order (-1: none). */
  readonly element: number;
  /**
   * The number of the outermost list element (`<ul>`, `<ol>`, `<dl>`, `<menu>`) around it inside its article
   * container (HtmlBlock.container: a list around an `<article>` element is not the article's), -1 if none:
   * a sublist's items are their list's, whose text holds them.
   */
  readonly list: number;
  /** The number of the nearest `<table>` around it inside its article container, -1 if none. */
  readonly table: number;
  /**
   * Inside the `<figcaption>` of a media figure: its innermost `<figure>` holds an `<img>`, `<picture>`,
   * `<video>`, `<iframe>`, `<svg>` or `<audio>` (before or after the caption) and no `<blockquote>` or `<pre>`
   * (a pull quote's attribution, a code listing's title). The markup stage's figure-caption reads it.
   */
  readonly mediaCaption: boolean;
  /**
   * It holds a `<time>` element: the page marks a date or time in it as machine-readable, as its dateline, a
   * byline's date or a live post's time stamp do. The markup stage's time-dateline reads it.
   */
  readonly dated: boolean;
  /**
   * Its visible characters inside `<time>` elements (counted as `chars`): how much of it is the date. A
   * timeline's item tells an event longer than its date; a byline list's date item is mostly the date.
   */
  readonly timeChars: number;
  /**
   * For a heading (`<h1>`–`<h6>`): the last element number inside its parent element, the box it heads; -1 for
   * any other block. The markup stage's orphan-heading reads a heading's section within it.
   */
  readonly boxEnd: number;
}

/** An element of the page as a span of element numbers: itself and every element inside it. */
export interface ElementSpan {
  readonly first: number;
  readonly last: number;
  readonly tag: string;
}

/**
 * The page's content element, and the siblings that join it as Readability.js appends them (see
 * contentSiblings): the article's parts in boxes beside the best one (a lead, a second column of text).
 */
export interface ContentSpan extends ElementSpan {
  readonly siblings: readonly ElementSpan[];
}

export interface HtmlView {
  /** The text view: the blocks' texts, a blank line between blocks. */
  readonly text: string;
  readonly blocks: readonly HtmlBlock[];
  /** Elements nested deeper than MAX_DEPTH, read as siblings (0 for any ordinary page). */
  readonly flattened: number;
  /** The element that scores highest as the page's content (see contentScore), or null when no paragraph scored. */
  readonly content: ContentSpan | null;
}

/** The HTML the text view was made from, with its block table: what stages see of an HTML document. */
export interface HtmlSource {
  readonly html: string;
  readonly blocks: readonly HtmlBlock[];
  readonly flattened: number;
  /** HtmlView.content: the element that scores highest as the page's content, with its joined siblings. */
  readonly content?: ContentSpan | null;
  /** The page's article element (HtmlBlock.container), once the markup stage has found one it trusts. */
  readonly article?: number;
  /** What the page's markup says about its article (stages/markup-metadata.ts); the metadata stage prefers it. */
  readonly markup?: MarkupMetadata;
}

/**
 * The parsed page: parse5's tree (the parser rehype-parse runs) built by PAGE_ADAPTER below, which keeps of
 * each node's source location only what the text view reads: its start and end offsets, and whether an end
 * tag closed it. parse5's default tree keeps full line/column objects for every node, attribute and end tag
 * and copies them each time a text node grows; the text view needs none of that, and hast (made from that
 * tree) would copy every node once more. What the page's markup says of its article is read straight from the
 * parsed page too (markupElements).
 */
export interface PageDocument {
  nodeName: '#document';
  mode: htmlSpec.DOCUMENT_MODE;
  childNodes: PageChild[];
  parentNode: null;
  start: number;
  end: number;
  endTag: boolean;
}
export interface PageFragment {
  nodeName: '#document-fragment';
  childNodes: PageChild[];
  parentNode: null;
  start: number;
  end: number;
  endTag: boolean;
}
export interface PageElement {
  nodeName: string;
  tagName: string;
  attrs: Token.Attribute[];
  namespaceURI: htmlSpec.NS;
  childNodes: PageChild[];
  parentNode: PageParent | null;
  /** UTF-16 offsets of the element's source in the HTML: its start tag's `<` to its end (see endOf); -1 when
   * the parser made the element up (an implied `<body>`, `<tbody>`). */
  start: number;
  end: number;
  /** An end tag of its own closed it (else `end` is where it was closed implicitly). */
  endTag: boolean;
}
export interface PageTemplate extends PageElement {
  nodeName: 'template';
  tagName: 'template';
  content: PageFragment;
}
export interface PageText {
  nodeName: '#text';
  value: string;
  parentNode: PageParent | null;
  start: number;
  end: number;
  endTag: boolean;
}
export interface PageComment {
  nodeName: '#comment';
  data: string;
  parentNode: PageParent | null;
  start: number;
  end: number;
  endTag: boolean;
}
export interface PageDoctype {
  nodeName: '#documentType';
  name: string;
  publicId: string;
  systemId: string;
  parentNode: PageParent | null;
  start: number;
  end: number;
  endTag: boolean;
}
export type PageParent = PageDocument | PageFragment | PageElement | PageTemplate;
export type PageChild = PageElement | PageTemplate | PageText | PageComment | PageDoctype;
type PageNode = PageParent | PageChild;
type PageMap = TreeAdapterTypeMap<
  PageNode,
  PageParent,
  PageChild,
  PageDocument,
  PageFragment,
  PageElement,
  PageComment,
  PageText,
  PageTemplate,
  PageDoctype
>;

/**
 * What the adapter answers when parse5 asks for a node's location: parse5 only tests whether there is one and
 * whether it has an end tag (to decide whether `<body>` and `<html>` still need their end set at EOF).
 */
const OPEN_LOCATION: Token.ElementLocation = {
  startLine: 1,
  startCol: 1,
  startOffset: 0,
  endLine: 1,
  endCol: 1,
  endOffset: 0,
};
const CLOSED_LOCATION: Token.ElementLocation = { ...OPEN_LOCATION, endTag: { ...OPEN_LOCATION } };

const isPageText = (node: PageNode | undefined): node is PageText => node?.nodeName === '#text';

function pageText(value: string): PageText {
  return { nodeName: '#text', value, parentNode: null, start: -1, end: -1, endTag: false };
}

/**
 * parse5's default tree adapter with lean nodes (see PageDocument): the same tree, the same node names,
 * children, attributes and text, with locations kept as plain offsets on the node.
 */
export const PAGE_ADAPTER: TreeAdapter<PageMap> = {
  // The tree-walking and mutation methods of the default adapter work on any node of its shape, which ours
  // extend with three fields; the methods that create nodes or touch locations are replaced below.
  ...(defaultTreeAdapter as unknown as TreeAdapter<PageMap>),
  createDocument: () => ({
    nodeName: '#document',
    mode: htmlSpec.DOCUMENT_MODE.NO_QUIRKS,
    childNodes: [],
    parentNode: null,
    start: -1,
    end: -1,
    endTag: false,
  }),
  createDocumentFragment: () => ({
    nodeName: '#document-fragment',
    childNodes: [],
    parentNode: null,
    start: -1,
    end: -1,
    endTag: false,
  }),
  createElement: (tagName, namespaceURI, attrs) => ({
    nodeName: tagName,
    tagName,
    attrs,
    namespaceURI,
    childNodes: [],
    parentNode: null,
    start: -1,
    end: -1,
    endTag: false,
  }),
  createCommentNode: (data) => ({
    nodeName: '#comment',
    data,
    parentNode: null,
    start: -1,
    end: -1,
    endTag: false,
  }),
  createTextNode: pageText,
  setDocumentType(document, name, publicId, systemId) {
    const doctype = document.childNodes.find(
      (node): node is PageDoctype => node.nodeName === '#documentType',
    );
    if (doctype) {
      doctype.name = name;
      doctype.publicId = publicId;
      doctype.systemId = systemId;
    } else {
      const node: PageDoctype = {
        nodeName: '#documentType',
        name,
        publicId,
        systemId,
        parentNode: null,
        start: -1,
        end: -1,
        endTag: false,
      };
      document.childNodes.push(node);
      node.parentNode = document;
    }
  },
  insertText(parent, text) {
    const last = parent.childNodes[parent.childNodes.length - 1];
    if (isPageText(last)) last.value += text;
    else {
      const node = pageText(text);
      parent.childNodes.push(node);
      node.parentNode = parent;
    }
  },
  insertTextBefore(parent, text, reference) {
    const { childNodes } = parent;
    const at =
      childNodes[childNodes.length - 1] === reference ? childNodes.length - 1 : childNodes.indexOf(reference);
    const previous = childNodes[at - 1];
    if (isPageText(previous)) previous.value += text;
    else {
      const node = pageText(text);
      childNodes.splice(at, 0, node);
      node.parentNode = parent;
    }
  },
  setNodeSourceCodeLocation(node, location) {
    if (location === null) return;
    node.start = location.startOffset;
    node.end = location.endOffset;
    if (location.endTag) node.endTag = true;
  },
  getNodeSourceCodeLocation: (node) =>
    node.start < 0 ? null : node.endTag ? CLOSED_LOCATION : OPEN_LOCATION,
  updateNodeSourceCodeLocation(node, location) {
    if (location.endOffset !== undefined) node.end = location.endOffset;
    if (location.endTag) node.endTag = true;
  },
};

/** Contents shorter than this are parsed as written: reading them as one `x` would save less than it costs. */
const SHORTEN_MIN_CHARS = 64;

/** Where a script's or style's content ends: its end tag (the content cannot hold one). */
const SCRIPT_CLOSING = /<\/script[\t\n\f\r />]/gi;
const STYLE_CLOSING = /<\/style[\t\n\f\r />]/gi;
const JSON_WORD = /json/i;

/**
 * The page parsed as rehype-parse parses it (parse5 with source locations, scripting off), into lean nodes
 * (PageDocument), except that elements deeper than MAX_DEPTH are made siblings first, template contents are
 * dropped (they are never rendered), and the text of a long script (not JSON-LD) or style is one `x` (see
 * PageTokenizer.shortenRawText); offsets are the page's. With it, the number of nodes moved and the elements
 * markupMetadata reads, picked on the same walk (see flatten).
 */
export function parseHtml(html: string): ParsedPage {
  const document = parsePage(html, true);
  const metadata: PageElement[] = [];
  return { document, flattened: flatten(document, metadata), metadata };
}

/** A page parsed by parseHtml. */
export interface ParsedPage {
  readonly document: PageDocument;
  /** Nodes moved up from below MAX_DEPTH. */
  readonly flattened: number;
  /** The elements markupMetadata reads (stages/markup-metadata.ts READ_TAGS), in document order: see markupElements. */
  readonly metadata: readonly PageElement[];
}

/**
 * parse5's tokenizer, but for the source location of each attribute, which nothing here reads: parse5 makes an
 * object of each attribute's location and a dictionary of them on its tag's location, about a tenth of the
 * parse's time on a news page. Tokens, attributes and every other location are parse5's own.
 */
class PageTokenizer extends Tokenizer {
  /** The page, when long script and style contents are read as one `x` (shortenRawText); null: as written. */
  shortened: string | null = null;

  protected override _createAttr(attrNameFirstCh: string): void {
    super._createAttr(attrNameFirstCh);
    // parse5 records an attribute's location only when this is set (_leaveAttrName, _leaveAttrValue).
    (this as unknown as { currentAttrLocation: Token.Location | null }).currentAttrLocation = null;
  }

  protected override _stateAttributeValueDoubleQuoted(cp: number): void {
    if (!this.plainValueRun(cp, 0x22)) super._stateAttributeValueDoubleQuoted(cp);
  }

  protected override _stateAttributeValueSingleQuoted(cp: number): void {
    if (!this.plainValueRun(cp, 0x27)) super._stateAttributeValueSingleQuoted(cp);
  }

  /**
   * parse5's, then the characters after `cp` read in one step when they extend the same character token (a
   * word after its first letter, spaces and tabs after the first): parse5's data state only appends each of
   * them to the token being built, one state call each. A line break, `<`, `&`, NUL, a surrogate or the other
   * kind of character (white space or not) is left to parse5 (see plainValueRun for why this is exact).
   */
  /**
   * parse5's, but a tag's name is read a run at a time: parse5 appends each character of it (lower-cased) to the
   * name as a new string. The run is `cp` and the characters after it that parse5 would only append (not white
   * space, `/`, `>`, NUL, a surrogate or the end of the input), lower-cased as parse5 does (ASCII only).
   */
  protected override _stateTagName(cp: number): void {
    const to = this.nameRunEnd(cp, false);
    if (to < 0) super._stateTagName(cp);
    else (this.currentToken as Token.TagToken).tagName += this.takeNameRun(to);
  }

  /** parse5's, with the attribute's name read a run at a time as _stateTagName reads a tag's (nor `=`, `"`, `'`, `<`). */
  protected override _stateAttributeName(cp: number): void {
    const to = this.nameRunEnd(cp, true);
    if (to < 0) super._stateAttributeName(cp);
    else this.currentAttr.name += this.takeNameRun(to);
  }

  /** Where the run of name characters that starts with `cp` ends in the input, or -1 when `cp` is not one. */
  private nameRunEnd(cp: number, attribute: boolean): number {
    const preprocessor = this.preprocessor;
    if (!preprocessor.lastChunkWritten || !isNameUnit(cp, attribute)) return -1;
    const html = preprocessor.html;
    let to = preprocessor.pos + 1;
    while (to < html.length && isNameUnit(html.charCodeAt(to), attribute)) to++;
    return to;
  }

  /** The name run from the current character up to `to`, ASCII lower-cased; the preprocessor moves onto its end. */
  private takeNameRun(to: number): string {
    const preprocessor = this.preprocessor;
    const from = preprocessor.pos;
    const run = preprocessor.html.slice(from, to);
    preprocessor.pos = to - 1;
    this.consumedAfterSnapshot += to - 1 - from;
    return ASCII_UPPER.test(run) ? run.replace(ASCII_UPPERS, (upper) => upper.toLowerCase()) : run;
  }

  protected override _stateData(cp: number): void {
    const preprocessor = this.preprocessor;
    let prose: boolean;
    if ((cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0c) && this.inProse()) {
      // White space inside a word token: parse5 would emit the token and start a white-space one (see inProse).
      this._extendRun(cp);
      prose = true;
    } else {
      super._stateData(cp);
      prose = isWordUnit(cp) && this.inProse();
    }
    if (cp < 0 || cp > 0xffff || !preprocessor.lastChunkWritten) return;
    const space = cp === 0x20 || cp === 0x09 || cp === 0x0c;
    // Not after a line break: the preprocessor must read the next character itself (a CR read as LF skips an LF
    // that follows it).
    if (!space && !isWordUnit(cp)) return;
    const html = preprocessor.html;
    const from = preprocessor.pos;
    let to = from + 1;
    if (prose) {
      for (
        let c = html.charCodeAt(to);
        isWordUnit(c) || c === 0x20 || c === 0x09 || c === 0x0c;
        c = html.charCodeAt(++to)
      );
    } else if (space) {
      for (let c = html.charCodeAt(to); c === 0x20 || c === 0x09 || c === 0x0c; c = html.charCodeAt(++to));
    } else while (to < html.length && isWordUnit(html.charCodeAt(to))) to++;
    if (to > from + 1) {
      preprocessor.pos = to - 1;
      this.runEnd = to;
      this.consumedAfterSnapshot += to - 1 - from;
    }
  }

  protected override _stateScriptData(cp: number): void {
    this.shortenRawText('script') || this.rawTextRun(cp, false) || super._stateScriptData(cp);
  }

  protected override _stateRawtext(cp: number): void {
    this.shortenRawText('style') || this.rawTextRun(cp, false) || super._stateRawtext(cp);
  }

  /**
   * At the first character of a script's or style's content, when `shorten` is set: the whole content read as
   * one `x`, its text node keeping the content's offsets (`shortened` set). Half of a news page's bytes are script and style,
   * which nothing reads but JSON-LD. Read as written: content shorter than SHORTEN_MIN_CHARS, a script whose
   * start tag says "json" or whose type is JSON-LD, and a script whose content holds `<!--` (which changes where
   * it ends). Otherwise the content ends at the first end tag of its element's name (SCRIPT_CLOSING,
   * STYLE_CLOSING): the tokenizer, in the script data or raw text state it is in here, reads nothing before it
   * but content. Returns false when it did nothing.
   */
  private shortenRawText(tag: 'script' | 'style'): boolean {
    const page = this.shortened;
    if (page === null || this.currentCharacterToken !== null || this.lastStartTagName !== tag) return false;
    // The element whose content this is: the parser's current one.
    const element = (this.handler as unknown as { openElements: { current: PageParent } }).openElements
      .current;
    if (!('tagName' in element) || element.tagName !== tag) return false;
    const preprocessor = this.preprocessor;
    const html = preprocessor.html;
    const start = preprocessor.codePointStart;
    const closing = tag === 'script' ? SCRIPT_CLOSING : STYLE_CLOSING;
    closing.lastIndex = start;
    const found = closing.exec(html);
    if (found === null || found.index - start < SHORTEN_MIN_CHARS) return false;
    const end = found.index;
    if (tag === 'script') {
      const comment = html.indexOf('<!--', start);
      if (comment >= 0 && comment < end) return false;
      // The start tag from the page: the tokenizer may have dropped it from its buffer.
      if (JSON_WORD.test(page.slice(element.start, preprocessor.droppedBufferSize + start))) return false;
      for (const attr of element.attrs)
        if (attr.name === 'type' && attr.value.trim().toLowerCase() === 'application/ld+json') return false;
    }
    // A character token of one `x` that starts here; the preprocessor stands on the content's last character.
    this._emitChars('x');
    this.consumedAfterSnapshot += end - 1 - preprocessor.pos;
    preprocessor.pos = end - 1;
    return true;
  }

  protected override _stateRcdata(cp: number): void {
    this.rawTextRun(cp, true) || super._stateRcdata(cp);
  }

  /** parse5's, with the plain characters after `cp` read in one step (see isCommentUnit). */
  protected override _stateComment(cp: number): void {
    super._stateComment(cp);
    const preprocessor = this.preprocessor;
    if (!isCommentUnit(cp) || !preprocessor.lastChunkWritten) return;
    const html = preprocessor.html;
    const from = preprocessor.pos;
    let to = from + 1;
    while (to < html.length && isCommentUnit(html.charCodeAt(to))) to++;
    if (to > from + 1) {
      preprocessor.pos = to - 1;
      this.runEnd = to;
      this.consumedAfterSnapshot += to - 1 - from;
    }
  }

  /**
   * The text of a script, style (and the other raw text elements) or, `rcdata`, a title or textarea, read a run
   * at a time. The parser is then in its "text" mode, where it appends white space and words alike to the
   * element's text, so a token that starts with a word takes `cp` and every character after it that parse5's
   * state would only append (isRawTextUnit), white space included (as inProse); a white-space token takes the
   * white space after it. Returns false (parse5 reads `cp`) for anything else.
   */
  private rawTextRun(cp: number, rcdata: boolean): boolean {
    const preprocessor = this.preprocessor;
    const mode = (this.handler as unknown as { insertionMode: InsertionMode }).insertionMode;
    if (!preprocessor.lastChunkWritten || mode !== InsertionMode.TEXT) return false;
    const word = this.currentCharacterToken?.type === Token.TokenType.CHARACTER;
    if (word && cp === 0x0a) {
      // Not read on after a line break: the preprocessor must read the next character (a CR read as LF skips
      // an LF that follows it).
      this._extendRun(cp);
      return true;
    }
    if (!isRawTextUnit(cp, rcdata)) return false;
    if (word) this._extendRun(cp);
    else this._emitCodePoint(cp);
    const html = preprocessor.html;
    const from = preprocessor.pos;
    let to = from + 1;
    if (this.currentCharacterToken?.type === Token.TokenType.CHARACTER) {
      while (to < html.length && isRawTextUnit(html.charCodeAt(to), rcdata)) to++;
    } else
      for (let c = html.charCodeAt(to); c === 0x20 || c === 0x09 || c === 0x0c; c = html.charCodeAt(++to));
    if (to > from + 1) {
      preprocessor.pos = to - 1;
      this.runEnd = to;
      this.consumedAfterSnapshot += to - 1 - from;
    }
    return true;
  }

  /**
   * Whether the character token being built holds a word and goes to a parser that reads white space and words
   * alike there: "in body" (and in a table cell or caption; in foreign content too, which appends both). parse5
   * sends a word and the white space after it as two tokens; in those modes the parser does the same with each
   * (reconstructs the active formatting elements, which the first did, and appends the text to the same text
   * node, whose end the second moves), so one token that holds both builds the same tree. Elsewhere (before
   * <body>, in a table, a select, a frameset, after </body>) white space goes its own way.
   */
  private inProse(): boolean {
    const token = this.currentCharacterToken;
    if (token === null || token.type !== Token.TokenType.CHARACTER) return false;
    const mode = (this.handler as unknown as { insertionMode: InsertionMode }).insertionMode;
    return (
      mode === InsertionMode.IN_BODY || mode === InsertionMode.IN_CELL || mode === InsertionMode.IN_CAPTION
    );
  }

  /**
   * A quoted attribute value's plain characters read in one step instead of one state call each: attribute
   * values are about 45% of what the tokenizer reads on a news page once scripts and styles are cut (class,
   * href, SVG paths, data-*, srcset). When `cp` (the code point just consumed) and the characters after it are
   * ones parse5's quoted-value state only appends to the value (its `default` branch: not the closing quote,
   * `&`, NUL, a line break, a surrogate or the end of the input), they extend the pending run at once and the
   * preprocessor stands on the last of them, exactly where parse5 would be after reading them one by one
   * (same run, same line and column, no gap, no error to report: those characters raise none). Anything else
   * is left to parse5's own state (returns false).
   */
  private plainValueRun(cp: number, quote: number): boolean {
    const preprocessor = this.preprocessor;
    if (!preprocessor.lastChunkWritten || !isPlainValueUnit(cp, quote)) return false;
    const html = preprocessor.html;
    const from = preprocessor.pos;
    let to = from + 1;
    while (to < html.length && isPlainValueUnit(html.charCodeAt(to), quote)) to++;
    this._extendRun(cp);
    if (to > from + 1) {
      preprocessor.pos = to - 1;
      this.runEnd = to;
      this.consumedAfterSnapshot += to - 1 - from;
    }
    return true;
  }
}

const ASCII_UPPER = /[A-Z]/;
const ASCII_UPPERS = /[A-Z]+/g;

/**
 * A UTF-16 unit parse5's tag name state (or, `attribute`, its attribute name state) only appends to the name:
 * not white space, `/`, `>`, NUL, a surrogate (or EOF), and in an attribute's name not `=` nor the characters
 * parse5 appends with a parse error (`"`, `'`, `<`).
 */
const isNameUnit = (c: number, attribute: boolean) =>
  c > 0x20 &&
  c !== 0x2f &&
  c !== 0x3e &&
  (c < 0xd800 || (c > 0xdfff && c <= 0xffff)) &&
  (!attribute || (c !== 0x3d && c !== 0x22 && c !== 0x27 && c !== 0x3c));

/**
 * A UTF-16 unit the script data, raw text and (`rcdata`) RCDATA states only append to the character token: not
 * `<`, NUL, a line break (CR becomes LF, LF counts a line), a surrogate, EOF, nor in RCDATA `&`.
 */
const isRawTextUnit = (c: number, rcdata: boolean) =>
  c > 0x0d
    ? c !== 0x3c && (c < 0xd800 || (c > 0xdfff && c <= 0xffff)) && !(rcdata && c === 0x26)
    : c === 0x09 || c === 0x0c || (c > 0 && c < 0x09) || c === 0x0b;

/** A UTF-16 unit the comment state only appends to the comment: not `-`, `<`, NUL, a line break, a surrogate, EOF. */
const isCommentUnit = (c: number) =>
  c > 0x0d
    ? c !== 0x2d && c !== 0x3c && (c < 0xd800 || (c > 0xdfff && c <= 0xffff))
    : c === 0x09 || c === 0x0c || (c > 0 && c < 0x09) || c === 0x0b;

/** A UTF-16 unit the data state appends to a non-white-space character token as it is (see _stateData). */
const isWordUnit = (c: number) =>
  c !== 0x3c && c !== 0x26 && c > 0x20 && (c < 0xd800 || (c > 0xdfff && c <= 0xffff));

/** A UTF-16 unit a quoted attribute value (closed by `quote`) takes as it is (see plainValueRun). */
const isPlainValueUnit = (c: number, quote: number) =>
  c !== quote &&
  c !== 0x26 &&
  c !== 0x00 &&
  c !== 0x0a &&
  c !== 0x0d &&
  c >= 0 &&
  (c < 0xd800 || (c > 0xdfff && c <= 0xffff));

/**
 * parse5's parser with PAGE_ADAPTER, writing the offsets the lean nodes keep straight onto them: parse5 copies
 * a start tag's location into a new object for each element and an end tag's into two for each element it
 * closes, then hands them to the adapter, which reads three numbers of them. The tree is the same, node for
 * node and offset for offset: test/stages/html-parse.test.ts compares it with parse5's own (parse()).
 */
class PageParser extends Parser<PageMap> {
  constructor() {
    super({ sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: PAGE_ADAPTER });
    this.tokenizer = new PageTokenizer(this.options, this);
  }

  /** parse5's, with the element's start and end offsets set on it (no copy of the location). */
  override _attachElementToTree(
    element: PageElement,
    location: Token.LocationWithAttributes | null,
    insertionLocation: { parent: PageParent; beforeElement: PageChild | null },
  ): void {
    if (location !== null) {
      element.start = location.startOffset;
      element.end = location.endOffset;
    }
    if (insertionLocation.beforeElement)
      this.treeAdapter.insertBefore(insertionLocation.parent, element, insertionLocation.beforeElement);
    else this.treeAdapter.appendChild(insertionLocation.parent, element);
  }

  /**
   * parse5's: an element closed by its own end tag ends after it (and has an end tag), one closed by anything
   * else ends where that token starts; an element the parser made up (no start) keeps none.
   */
  override _setEndLocation(element: PageElement, closingToken: Token.Token): void {
    if (element.start < 0) return;
    const location = closingToken.location;
    if (!location) return;
    if (closingToken.type === Token.TokenType.END_TAG && element.tagName === closingToken.tagName) {
      element.end = location.endOffset;
      element.endTag = true;
    } else element.end = location.startOffset;
  }
}

/**
 * The page parsed by PageParser, as parse5's parse() with PAGE_ADAPTER parses it (no flattening), but with long
 * script and style contents read as one `x` when `shorten` is set (PageTokenizer.shortenRawText).
 */
export function parsePage(html: string, shorten = false): PageDocument {
  const parser = new PageParser();
  if (shorten) (parser.tokenizer as PageTokenizer).shortened = html;
  parser.tokenizer.write(html, true);
  return parser.document;
}

/** What a node's place in the tree says about the metadata in it: inside `<svg>` or `<math>`, inside a script. */
const IN_FOREIGN = 1;
const IN_SCRIPT = 2;

/**
 * Adds the element to `picked` when markupMetadata reads it, as markupElementsOf (stages/markup-metadata.ts) would
 * pick it from the page's hast: an element of READ_TAGS by its hast tag, but a `<title>` inside SVG or MathML (an
 * icon's name), and nothing inside a script. Returns the context of its children.
 */
function pickMetadata(element: PageElement, context: number, picked: PageElement[]): number {
  // hast reads a tag name with `#` or `.` as a selector; otherwise the names that matter here are parse5's.
  const tag = hasSelectorChar(element.tagName) ? hastTag(element) : element.tagName;
  if ((context & IN_SCRIPT) === 0 && READ_TAGS.has(tag) && !(tag === 'title' && context & IN_FOREIGN))
    picked.push(element);
  return context | (tag === 'script' ? IN_SCRIPT : 0) | (tag === 'svg' || tag === 'math' ? IN_FOREIGN : 0);
}

/**
 * Moves every node below MAX_DEPTH up to be a child of its ancestor at MAX_DEPTH, in document order, picking on
 * the way the elements markupMetadata reads from the tree as it ends up (pickMetadata). Returns the number of
 * nodes moved.
 */
function flatten(document: PageDocument, picked: PageElement[]): number {
  let moved = 0;
  const nodes: PageNode[] = [document];
  const depths: number[] = [0];
  const contexts: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    const context = contexts.pop()!;
    if (!('childNodes' in node)) continue;
    if (node.nodeName === 'template') (node as PageTemplate).content.childNodes = [];
    const inner = 'tagName' in node ? pickMetadata(node, context, picked) : context;
    if (node.childNodes.length === 0) continue;
    if (depth < MAX_DEPTH) {
      for (let i = node.childNodes.length - 1; i >= 0; i--) {
        nodes.push(node.childNodes[i]!);
        depths.push(depth + 1);
        contexts.push(inner);
      }
      continue;
    }
    // Collect the whole subtree in document order, then hang it flat under this node.
    const flat: PageChild[] = [];
    const pending: PageChild[] = [...node.childNodes].reverse();
    while (pending.length > 0) {
      const child = pending.pop()!;
      flat.push(child);
      if (child.nodeName === 'template') (child as PageTemplate).content.childNodes = [];
      // Once flat, every one is a child of this node.
      if ('tagName' in child) pickMetadata(child, inner, picked);
      if ('childNodes' in child && child.childNodes.length > 0) {
        for (let i = child.childNodes.length - 1; i >= 0; i--) pending.push(child.childNodes[i]!);
        moved += child.childNodes.length;
        child.childNodes = [];
      }
    }
    for (const child of flat) child.parentNode = node as PageElement;
    node.childNodes = flat;
  }
  return moved;
}

/**
 * Where a node's source ends, as hast (hast-util-from-parse5) records it: an element closed by its own end
 * tag ends there; one closed implicitly ends where its last child ends (when that child has a location),
 * else at its start tag's end. Walks down last children, no recursion.
 */
function endOf(node: PageChild): number {
  let current = node;
  for (;;) {
    if (!('childNodes' in current) || current.endTag) return current.end;
    const tail = current.childNodes[current.childNodes.length - 1];
    if (tail === undefined || tail.start < 0) return current.end;
    current = tail;
  }
}

/**
 * The attributes of an HTML element that markupMetadata reads, by their names as parse5 gives them, with the hast
 * property each one sets (property-information's HTML schema: `http-equiv` and `httpequiv` both set httpEquiv,
 * `xml:lang` and `xmllang` xmlLang) and whether hast splits its value into a list of words (space-separated-tokens),
 * which markupMetadata reads joined by one space. test/stages/html.test.ts checks them against hast.
 */
const MARKUP_ATTRIBUTES: ReadonlyMap<string, { property: MarkupProperty; words: boolean }> = new Map([
  ['content', { property: 'content', words: false }],
  ['property', { property: 'property', words: false }],
  ['name', { property: 'name', words: false }],
  ['http-equiv', { property: 'httpEquiv', words: true }],
  ['httpequiv', { property: 'httpEquiv', words: true }],
  ['rel', { property: 'rel', words: true }],
  ['href', { property: 'href', words: false }],
  ['lang', { property: 'lang', words: false }],
  ['xml:lang', { property: 'xmlLang', words: false }],
  ['xmllang', { property: 'xmlLang', words: false }],
  ['type', { property: 'type', words: false }],
]);

/**
 * The elements of a parsed page that markupMetadata reads (ParsedPage.metadata), as markupElementsOf reads them
 * from the page's hast, without making hast of them: an HTML element's attributes straight from parse5's (the
 * last of two that set one property wins, as in hast), a foreign element or one whose tag name hast reads as a
 * selector through hast itself.
 */
export function markupElements(page: ParsedPage): MarkupElement[] {
  return page.metadata.map((element) => {
    const texts = element.childNodes.filter(isPageText);
    if (isUnusual(element)) {
      const shallow = { ...element, childNodes: texts, parentNode: null };
      return markupElementOf(fromParse5(shallow as unknown as DefaultTreeAdapterMap['element']) as Element);
    }
    const props: Partial<Record<MarkupProperty, string>> = {};
    for (const attr of element.attrs) {
      const read = MARKUP_ATTRIBUTES.get(attr.name);
      if (read !== undefined)
        props[read.property] = read.words ? spaceSeparated(attr.value).join(' ') : attr.value;
    }
    const tag = element.tagName;
    let text = '';
    if (tag === 'title' || tag === 'script') for (const node of texts) text += node.value;
    return { tag, props, text };
  });
}

/**
 * The hast tree markupMetadata (stages/markup-metadata.ts) reads, made from the parsed page: the elements it
 * reads (every `<meta>`, `<link>`, `<html>`, `<script>`, and `<title>` outside SVG and MathML, with their text;
 * nothing else), in document order, as children of the root. markupMetadata gives on it what it gives on the
 * whole page's hast, for a small part of the cost of converting the whole page.
 */
export function markupTree(document: PageDocument): Root {
  const picked: PageChild[] = [];
  // Nodes to visit, and for each whether it is inside <svg> or <math> (whose <title> is no page title).
  const stack: PageChild[] = [];
  const foreignStack: boolean[] = [];
  for (let i = document.childNodes.length - 1; i >= 0; i--) {
    stack.push(document.childNodes[i]!);
    foreignStack.push(false);
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    const foreign = foreignStack.pop()!;
    if (!('tagName' in node)) continue;
    const tag = hastTag(node);
    if (READ_TAGS.has(tag) && !(tag === 'title' && foreign)) {
      // Its text children only: a <title> or <script> holds text; <meta>, <link> none, <html> is read for its
      // attributes (its descendants are picked on their own).
      const texts = tag === 'title' || tag === 'script' ? node.childNodes.filter(isPageText) : [];
      picked.push({ ...node, childNodes: texts, parentNode: null });
    }
    if (tag === 'script') continue;
    const inForeign = foreign || tag === 'svg' || tag === 'math';
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i]!;
      if (child.nodeName === '#text' || child.nodeName === '#comment') continue;
      stack.push(child);
      foreignStack.push(inForeign);
    }
  }
  const root: PageFragment = {
    nodeName: '#document-fragment',
    childNodes: picked,
    parentNode: null,
    start: -1,
    end: -1,
    endTag: false,
  };
  return fromParse5(root as unknown as DefaultTreeAdapterMap['documentFragment']) as Root;
}

/** What a figure holds (Frame.holds): a picture or other media, or a pull quote or code listing. */
const FIGURE_MEDIA = 1;
const FIGURE_QUOTE = 2;
const FIGURE_HOLDS: ReadonlyMap<string, number> = new Map([
  ...['img', 'picture', 'video', 'iframe', 'svg', 'audio'].map((tag): [string, number] => [
    tag,
    FIGURE_MEDIA,
  ]),
  ...['blockquote', 'pre'].map((tag): [string, number] => [tag, FIGURE_QUOTE]),
]);

/** FIGURE_HOLDS of every element below one the text view skips (a loop: the subtree may be deep). */
function holdsBelow(element: PageElement): number {
  let holds = 0;
  const todo: PageChild[] = Array.from(element.childNodes);
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    if (!('tagName' in node)) continue;
    holds |= FIGURE_HOLDS.get(hastTag(node)) ?? 0;
    for (const child of node.childNodes) todo.push(child); // not push(...): a list may hold 100,000 children
  }
  return holds;
}

/**
 * Elements whose content is never visible text, or is a control's label, not text to read: a `<button>`
 * ("Copy", "Read later", "Share") as a `<select>`'s options and a `<textarea>`. Readability.js and trafilatura
 * drop buttons from what they extract too.
 */
const SKIPPED = new Set([
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'audio',
  'video',
  'select',
  'textarea',
  'datalist',
  'button',
]);

/** Elements that start and end a block: the text inside each is a paragraph of its own. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** List elements (HtmlBlock.list). */
const LISTS: ReadonlySet<string> = new Set(['ul', 'ol', 'dl', 'menu']);
/** Heading elements: their blocks carry their box's end (HtmlBlock.boxEnd). */
const HEADING_TAGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Table cells: their texts join their row's line, a tab between them, unless they hold blocks of their own. */
const CELLS = new Set(['td', 'th']);

const REGION_OF: ReadonlyMap<string, MarkupRegion> = new Map([
  ['nav', 'nav'],
  ['header', 'header'],
  ['footer', 'footer'],
  ['aside', 'aside'],
  ['form', 'form'],
]);
const ROLE_REGION: ReadonlyMap<string, MarkupRegion> = new Map([
  ['navigation', 'nav'],
  ['banner', 'header'],
  ['contentinfo', 'footer'],
  ['complementary', 'aside'],
  ['search', 'form'],
]);
const REGIONS: readonly MarkupRegion[] = ['nav', 'header', 'footer', 'aside', 'form'];
/** One shared empty list for the many blocks in no region and under no hint (frozen: blocks are plain data). */
const NO_REGIONS: readonly MarkupRegion[] = Object.freeze([]);
const NO_HINTS: readonly MarkupHint[] = Object.freeze([]);
/** How many tags of its path a block records, from its own up (deeper ancestors are shown as `…`). */
export const PATH_TAGS = 24;

/** An inline style that hides the element. */
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/** Line breaks at a block's start (a `<br>` first, a `<pre>`'s first line). */
const LEADING_BREAKS = /^[\n\r]+/;

/** HTML's white space: space, tab, LF, FF, CR. */
function isHtmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/**
 * text without the characters at its end that `drop` accepts. A loop, not a regex: an end-anchored regex
 * such as / +$/ tries every start inside a long run of spaces and is quadratic on it (a `<pre>` of 100,000
 * spaces took 8 s; one of 1,000,000 would take a quarter of an hour).
 */
function trimEnd(text: string, drop: (c: number) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

const isSpace = (c: number) => c === 0x20;

/** Whether every character is HTML white space (what HTML_SPACE_RUN matches). */
function isAllHtmlSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isHtmlSpace(text.charCodeAt(i))) return false;
  return true;
}

/** HTML's white space (ASCII: space, tab, LF, FF, CR), in runs: what a browser collapses to one space. */
const HTML_SPACE_RUN = /[ \t\n\f\r]+/g;

/**
 * Where a class or id value splits into words: non-alphanumerics, and a lower-case letter or digit before a
 * capital. The declaration: nameWords scans for the same words without it (test/stages/html.test.ts checks
 * that they agree).
 */
export const NAME_BREAK = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/;

/**
 * The bit, above the hint kinds', of a class or id word that names the article or content (CONTENT_NAME_WORDS):
 * read only by the content score (hintsOf lists the kinds alone).
 */
const CONTENT_NAME_BIT = 1 << MARKUP_HINT_KINDS.length;
/** The bit of a word of UNSCORED_HINT_KINDS (but SCORED_HINT_WORDS): read only by the content score. */
const UNSCORED_BIT = 1 << (MARKUP_HINT_KINDS.length + 1);

/** The word → hint bits table: each hint word, alone or with one of the suffixes ("commentlist"). */
const HINT_TABLE: ReadonlyMap<string, number> = (() => {
  const table = new Map<string, number>();
  const add = (words: readonly string[], bits: number) => {
    for (const word of words) {
      for (const suffix of ['', ...MARKUP_HINT_SUFFIXES]) {
        const key = word + suffix;
        table.set(key, (table.get(key) ?? 0) | bits);
      }
    }
  };
  MARKUP_HINT_KINDS.forEach((kind, bit) => {
    add(MARKUP_HINT_WORDS[kind], 1 << bit);
    if (UNSCORED_HINT_KINDS.includes(kind))
      add(
        MARKUP_HINT_WORDS[kind].filter((word) => !SCORED_HINT_WORDS.includes(word)),
        UNSCORED_BIT,
      );
  });
  add(CONTENT_NAME_WORDS, CONTENT_NAME_BIT);
  return table;
})();

/**
 * Hint bits of one element's class and id. A taxonomy class (MARKUP_TAXONOMY_PREFIXES) and the classes after
 * an entry class (MARKUP_ENTRY_CLASSES) name the post's topics, not the element (lexicon.ts): no hint.
 */
export function hintBits(className: readonly string[] | string | undefined, id: string | undefined): number {
  let bits = 0;
  const names = typeof className === 'string' ? [className] : (className ?? []);
  for (const name of names) {
    if (MARKUP_ENTRY_CLASSES.includes(name)) break;
    if (name.length > 200 || isTaxonomyClass(name)) continue; // a generated blob, or a topic
    bits |= nameBits(name);
  }
  if (id && id.length <= 200) bits |= nameBits(id);
  return bits;
}

function isTaxonomyClass(name: string): boolean {
  for (const prefix of MARKUP_TAXONOMY_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}

/** [a-z0-9] */
const isLowerOrDigit = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/**
 * The words of two or more characters of a class or id name: those of `name.split(NAME_BREAK)`, found by a scan
 * instead (the split's look-behind made it a tenth of the text view's time): runs of ASCII letters and digits,
 * cut again before a capital that follows a lower-case letter or a digit.
 */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 0x41 && c <= 0x5a;
    if (upper || isLowerOrDigit(c)) {
      if (start < 0) start = i;
      else if (upper && isLowerOrDigit(name.charCodeAt(i - 1))) {
        if (i - start >= 2) words.push(name.slice(start, i));
        start = i;
      }
    } else if (start >= 0) {
      if (i - start >= 2) words.push(name.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0 && name.length - start >= 2) words.push(name.slice(start));
  return words;
}

/** Hint bits of one name's words. */
function nameBits(name: string): number {
  let bits = 0;
  let live = false;
  // A word after "no" or "without" names what the element lacks, a state ("no_caption", "no-sidebar",
  // "without-comments"), not what it is: no hint from it.
  let negated = false;
  for (const word of nameWords(name)) {
    const lower = word.toLowerCase();
    if (LIVE_WORDS.has(lower)) live = true;
    if (!negated) bits |= HINT_TABLE.get(lower) ?? 0;
    negated = lower === 'no' || lower === 'without';
  }
  // A live ticker's entries: the newsroom's commentary on the match, not readers' comments (MARKUP_LIVE_WORDS).
  if (live) bits &= ~COMMENTS_HINT_BIT;
  return bits;
}

const LIVE_WORDS: ReadonlySet<string> = new Set(MARKUP_LIVE_WORDS);
const COMMENTS_HINT_BIT = 1 << MARKUP_HINT_KINDS.indexOf('comments');

/** The hint kinds of a bit set, in MARKUP_HINT_KINDS order. */
export function hintsOf(bits: number): MarkupHint[] {
  const out: MarkupHint[] = [];
  for (let bit = 0; bit < MARKUP_HINT_KINDS.length; bit++)
    if (bits & (1 << bit)) out.push(MARKUP_HINT_KINDS[bit]!);
  return out;
}

/**
 * The content score (after Readability.js's, simplified; thresholds in CONTENT_PARAMS, stages/lexicon.ts): a
 * paragraph of at least `minChars` characters scores 1, plus one per comma, plus one per `charsStep`
 * characters (at most `maxLengthPoints`), and gives it to the element around it, half to the next one up and a
 * third, a sixth... to up to `levels` ancestors. An element starts from a weight of its tag (a `<div>` is more
 * likely to hold an article than a list) and loses `hintPenalty` when its own class or id names furniture; its
 * score is then scaled by the share of its text that is not link text. The element that scores highest is the
 * page's content, or an ancestor that scores more than the one below it (the article's paragraphs sit in
 * several boxes). `<body>` is never the content element: a page whose paragraphs sit straight in it has none.
 */
export { CONTENT_PARAMS, type ContentParams };
/**
 * A sentence end anywhere in a short sibling paragraph: Readability.js's `/\.( |$)/` (a full stop, then a space
 * or the end) for every script, built from SENTENCE_MARKS (stages/lexicon.ts), the one list of sentence marks.
 * A mark written with a space after it (. ! ? । ؟ …) ends a sentence before white space or the end of the text,
 * closing quotes and brackets between; an unspaced one (CJK 。！？) ends one wherever it stands.
 */
export const SIBLING_SENTENCE_END = new RegExp(
  `${charClass(
    SENTENCE_MARKS.filter((m) => m.unspaced)
      .map((m) => m.mark)
      .join(''),
  )}|${charClass(
    SENTENCE_MARKS.filter((m) => !m.unspaced)
      .map((m) => m.mark)
      .join(''),
  )}${charClass(LINE_END_CLOSERS)}*(?:\\s|$)`,
  'u',
);
/** Blocks that score as paragraphs: text in a paragraph, a box, a table row, a subheading. */
const SCORED = new Set([
  'p',
  'pre',
  'div',
  'section',
  'article',
  'main',
  'tr',
  'td',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'center',
]);
/** The starting weight of an element by its tag (others 0). */
const TAG_WEIGHT: ReadonlyMap<string, number> = new Map([
  ['div', 5],
  ['pre', 3],
  ['td', 3],
  ['blockquote', 3],
  ['address', -3],
  ['ol', -3],
  ['ul', -3],
  ['dl', -3],
  ['dd', -3],
  ['dt', -3],
  ['li', -3],
  ['form', -3],
  ['h1', -5],
  ['h2', -5],
  ['h3', -5],
  ['h4', -5],
  ['h5', -5],
  ['h6', -5],
  ['th', -5],
]);
/**
 * Hint kinds that name furniture: an element whose own class or id has one starts `hintPenalty` down.
 * Not a screen-reader label, a biography nor a caption: Readability.js's negative class words name none of them.
 */
const FURNITURE_HINTS: number = (() => {
  let bits = 0;
  MARKUP_HINT_KINDS.forEach((kind, bit) => {
    if (kind !== 'screen-reader' && kind !== 'bio' && kind !== 'caption') bits |= 1 << bit;
  });
  return bits;
})();

/** Commas of the scripts Readability.js counts (Latin, Arabic, CJK full-width and small forms). */
function commas(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c === 0x2c ||
      c === 0x60c ||
      c === 0xfe50 ||
      c === 0xfe10 ||
      c === 0xfe11 ||
      c === 0x2e41 ||
      c === 0x2e34 ||
      c === 0x2e32 ||
      c === 0xff0c
    )
      n++;
  }
  return n;
}

/** What an element passes to what is inside it. */
interface Frame {
  /** The element (the document for the stack's root). */
  readonly node: PageParent;
  readonly tag: string;
  /** Its number among the page's elements, in document order (-1 for the root). */
  readonly serial: number;
  /** Hint bits of its own class and id. */
  readonly ownHints: number;
  /** Content score so far (NaN until a paragraph gives it some), and the characters and link characters inside it. */
  score: number;
  chars: number;
  linkChars: number;
  readonly block: boolean;
  readonly inArticle: boolean;
  readonly container: number;
  readonly containerIsArticle: boolean;
  /** The numbers of the nearest list and table elements around it (HtmlBlock.list, HtmlBlock.table), or -1. */
  readonly list: number;
  readonly table: number;
  /** The number of its innermost `<figure>`, and of the figure whose `<figcaption>` it is in, or -1. */
  readonly figure: number;
  readonly caption: number;
  /** FIGURE_MEDIA / FIGURE_QUOTE: what its subtree holds so far, for the figure it is or is in. */
  holds: number;
  readonly regions: number;
  readonly hidden: boolean;
  readonly hints: number;
  /** Inside an element the content score passes over (UNSCORED_HINT_KINDS): its paragraphs score nothing. */
  readonly unscored: boolean;
  readonly link: boolean;
  /** Inside a `<time>` element (HtmlBlock.timeChars). */
  readonly time: boolean;
  readonly pre: boolean;
  /** Child index to visit next. */
  next: number;
  /** Its tag path from `<body>` (HtmlBlock.path), once a block asked for it, when it is at most PATH_TAGS deep. */
  path: string | null;
}

/** The block being filled: text pieces, and what is known about them. */
interface Pending {
  parts: string[];
  /** The owner frame's index on the stack, and whether the block started at its start (nothing before it). */
  owner: number;
  wholeOwner: boolean;
  space: boolean;
  separator: string;
  chars: number;
  linkChars: number;
  htmlStart: number;
  htmlEnd: number;
  /** A `<time>` element started inside it (HtmlBlock.dated), and its characters inside one (timeChars). */
  dated: boolean;
  timeChars: number;
}

/**
 * What the text view reads of an element's tag and attributes, with the values hast gives them (the tree
 * rehype-parse returns, as the text view was first written on): class (and `classname`) split on white space,
 * `hidden` present as `hidden=""` or `hidden="hidden"` (any case), `aria-hidden` (and `ariahidden`) exactly "true".
 */
interface ElementFacts {
  readonly tag: string;
  readonly role: string | undefined;
  readonly hidden: boolean;
  readonly style: string | undefined;
  /** Class names as hast gives them (hastFacts), or undefined when classValues holds them. */
  readonly classNames: readonly string[] | undefined;
  /** The `class` and `classname` attributes' values as written (factsOf): hast's className is their words. */
  readonly classValues: readonly string[] | undefined;
  readonly id: string | undefined;
  readonly href: boolean;
}

/**
 * Whether a tag name holds a character hast reads as a selector (`<p.note>` is a `p` of class "note" in hast):
 * `#` or `.`. A loop, not a regex: it runs twice for every element of the page.
 */
function hasSelectorChar(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x23 || c === 0x2e) return true;
  }
  return false;
}

/**
 * Whether hast would read this element differently from its parse5 name and attributes: a foreign (SVG,
 * MathML) element, which only the depth cap can bring into the view, or a tag name with `#` or `.`. Those few
 * are read through hast itself (hastFacts).
 */
function isUnusual(element: PageElement): boolean {
  return element.namespaceURI !== htmlSpec.NS.HTML || hasSelectorChar(element.tagName);
}

function stringProperty(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An element's facts from hast-util-from-parse5's conversion of it (the element alone, no children). */
function hastFacts(element: PageElement): ElementFacts {
  const shallow = { ...element, childNodes: [], parentNode: null };
  const node = fromParse5(shallow as unknown as DefaultTreeAdapterMap['element']) as Element;
  const props = node.properties;
  const className = props.className;
  return {
    tag: node.tagName,
    role: stringProperty(props.role),
    hidden:
      props.hidden === true ||
      props.hidden === '' ||
      props.ariaHidden === 'true' ||
      props.ariaHidden === true,
    style: stringProperty(props.style),
    classNames: Array.isArray(className) ? (className as string[]) : undefined,
    classValues: undefined,
    id: stringProperty(props.id),
    href: props.href !== undefined,
  };
}

/** HTML's white space runs, where hast splits a space-separated attribute (space-separated-tokens). */
const SPACE_SEPARATED = /[ \t\n\r\f]+/g;

function spaceSeparated(value: string): string[] {
  const trimmed = value.trim();
  return trimmed ? trimmed.split(SPACE_SEPARATED) : [];
}

/** The tag hast gives an element. */
function hastTag(element: PageElement): string {
  return isUnusual(element) ? hastFacts(element).tag : element.tagName;
}

/**
 * An HTML element's facts read from its attributes as hast reads them (property-information's HTML schema:
 * `class` and `classname` both name className, whose lists are joined; `aria-hidden` and `ariahidden` both
 * name ariaHidden, the last one written wins; `hidden` is a boolean when empty or "hidden").
 */
function factsOf(element: PageElement): ElementFacts {
  if (isUnusual(element)) return hastFacts(element);
  let role: string | undefined;
  let hiddenValue: string | undefined;
  let ariaHidden: string | undefined;
  let style: string | undefined;
  let classValues: string[] | undefined;
  let id: string | undefined;
  let href = false;
  for (const attr of element.attrs) {
    if (attr.prefix) continue; // xlink:, xml:, xmlns: (foreign elements only): none of the names read here
    switch (attr.name) {
      case 'class':
      case 'classname':
        if (classValues === undefined) classValues = [attr.value];
        else classValues.push(attr.value);
        break;
      case 'aria-hidden':
      case 'ariahidden':
        ariaHidden = attr.value;
        break;
      case 'role':
        role = attr.value;
        break;
      case 'hidden':
        hiddenValue = attr.value;
        break;
      case 'style':
        style = attr.value;
        break;
      case 'id':
        id = attr.value;
        break;
      case 'href':
        href = true;
        break;
    }
  }
  return {
    tag: element.tagName,
    role,
    hidden: hiddenValue === '' || hiddenValue?.toLowerCase() === 'hidden' || ariaHidden === 'true',
    style,
    classNames: undefined,
    classValues,
    id,
    href,
  };
}

/** Hint bits by class attribute value and by id, for one textView call. */
interface HintCache {
  readonly classes: Map<string, number>;
  readonly ids: Map<string, number>;
}

/**
 * The hint bits of an element's own class and id: hintBits(its class names, its id), which is the union of each
 * name's bits, read per attribute value through `cache` (a page repeats the same few class values on many
 * elements). The cache lives for one textView call.
 */
function ownHintBits(facts: ElementFacts, cache: HintCache): number {
  let bits = facts.classNames === undefined ? 0 : hintBits(facts.classNames, undefined);
  if (facts.classValues !== undefined)
    for (const value of facts.classValues) {
      let valueBits = cache.classes.get(value);
      if (valueBits === undefined) {
        valueBits = hintBits(spaceSeparated(value), undefined);
        cache.classes.set(value, valueBits);
      }
      bits |= valueBits;
    }
  const id = facts.id;
  if (id) {
    let idBits = cache.ids.get(id);
    if (idBits === undefined) {
      idBits = hintBits(undefined, id);
      cache.ids.set(id, idBits);
    }
    bits |= idBits;
  }
  return bits;
}

/** The text view and block table of a parsed page (see the file comment). */
export function textView(
  document: PageDocument,
  flattened = 0,
  params: ContentParams = CONTENT_PARAMS,
): HtmlView {
  const out: string[] = [];
  let viewLength = 0;
  const blocks: HtmlBlock[] = [];
  const captions: { block: number; figure: number }[] = [];
  const mediaFigures = new Set<number>();
  const root: Frame = {
    node: document,
    tag: '#root',
    serial: -1,
    ownHints: 0,
    score: Number.NaN,
    chars: 0,
    linkChars: 0,
    block: true,
    inArticle: false,
    container: -1,
    containerIsArticle: false,
    list: -1,
    table: -1,
    figure: -1,
    caption: -1,
    holds: 0,
    regions: 0,
    hidden: false,
    hints: 0,
    unscored: false,
    link: false,
    time: false,
    pre: false,
    next: 0,
    path: '',
  };
  const stack: Frame[] = [root];
  // Per call (never across pages): hint bits per class value and id, and the lists of hints and regions per bit
  // set, shared by the blocks that have the same (frozen: blocks are plain data).
  const hintCache: HintCache = { classes: new Map(), ids: new Map() };
  const hintLists = new Map<number, readonly MarkupHint[]>();
  const regionLists = new Map<number, readonly MarkupRegion[]>();
  let containers = 0;
  let serials = 0;
  // Every element that scored: its number, last number inside it, parent's number and final score.
  const scored: { serial: number; last: number; parent: number; score: number; tag: string }[] = [];
  const parentOf: number[] = [];
  // Every element's tag and last element number inside it (for the content element's siblings).
  const tagOf: string[] = [];
  const lastOf: number[] = [];
  const fresh = (owner: number, wholeOwner: boolean): Pending => ({
    parts: [],
    owner,
    wholeOwner,
    space: false,
    separator: '',
    chars: 0,
    linkChars: 0,
    htmlStart: -1,
    htmlEnd: -1,
    dated: false,
    timeChars: 0,
  });
  let pending = fresh(0, false);
  /**
   * The tag path of the frame at `index` on the stack: its last PATH_TAGS tags from `<body>` down (`html` left
   * out), `…` first when cut. Within PATH_TAGS of the root it is its parent's path and its own tag, kept on the frame.
   */
  const pathOf = (index: number): string => {
    if (index > PATH_TAGS) {
      const path: string[] = ['…'];
      for (let i = index - PATH_TAGS + 1; i <= index; i++) {
        const tag = stack[i]!.tag;
        if (tag !== 'html') path.push(tag);
      }
      return path.join('>');
    }
    const frame = stack[index]!;
    if (frame.path !== null) return frame.path;
    const above = pathOf(index - 1);
    const path = frame.tag === 'html' ? above : above === '' ? frame.tag : `${above}>${frame.tag}`;
    frame.path = path;
    return path;
  };
  const hintList = (bits: number): readonly MarkupHint[] => {
    let list = hintLists.get(bits);
    if (list === undefined) {
      list = Object.freeze(hintsOf(bits));
      hintLists.set(bits, list);
    }
    return list;
  };
  const regionList = (bits: number): readonly MarkupRegion[] => {
    let list = regionLists.get(bits);
    if (list === undefined) {
      list = Object.freeze(REGIONS.filter((_r, bit) => bits & (1 << bit)));
      regionLists.set(bits, list);
    }
    return list;
  };

  /** Ends the pending block; `ownerEnds`: its owner element ends here too. */
  const flush = (ownerEnds: boolean) => {
    const text = trimEnd(pending.parts.join(''), isHtmlSpace).replace(LEADING_BREAKS, '');
    if (pending.chars > 0 && text.length > 0) {
      const owner = stack[pending.owner]!;
      const node = owner.node;
      // The root (the document) never owns a block whole: text is never its child.
      const whole = pending.wholeOwner && ownerEnds && node.start >= 0 && node.nodeName !== '#document';
      if (out.length > 0) {
        out.push('\n\n');
        viewLength += 2;
      }
      // The path's last PATH_TAGS tags: a page nested hundreds deep would otherwise spend memory per block
      // in proportion to its depth (100,000 blocks at depth 512: 200 MB of paths).
      const path = pathOf(pending.owner);
      blocks.push({
        viewStart: viewLength,
        viewEnd: viewLength + text.length,
        htmlStart: whole ? node.start : pending.htmlStart,
        htmlEnd: whole ? endOf(node as PageElement) : pending.htmlEnd,
        tag: owner.tag,
        path,
        chars: pending.chars,
        linkChars: pending.linkChars,
        inArticle: owner.inArticle,
        container: owner.container,
        regions: owner.regions === 0 ? NO_REGIONS : regionList(owner.regions),
        hidden: owner.hidden,
        hints: owner.hints === 0 ? NO_HINTS : hintList(owner.hints),
        element: owner.serial,
        list: owner.list,
        table: owner.table,
        mediaCaption: false,
        dated: pending.dated,
        timeChars: pending.timeChars,
        boxEnd: -1,
      });
      if (owner.caption >= 0) captions.push({ block: blocks.length - 1, figure: owner.caption });
      owner.chars += pending.chars;
      owner.linkChars += pending.linkChars;
      if (pending.chars >= params.minChars && !owner.hidden && !owner.unscored && SCORED.has(owner.tag)) {
        const points =
          1 + commas(text) + Math.min(Math.floor(pending.chars / params.charsStep), params.maxLengthPoints);
        // A paragraph that is its element gives to the element's parent first; text beside nested blocks to its own.
        let level = 0;
        for (
          let i = pending.wholeOwner && ownerEnds ? pending.owner - 1 : pending.owner;
          i > 0 && level < params.levels;
          i--
        ) {
          const ancestor = stack[i]!;
          if (ancestor.tag === 'body' || ancestor.tag === 'html') break;
          if (Number.isNaN(ancestor.score))
            ancestor.score =
              (TAG_WEIGHT.get(ancestor.tag) ?? 0) -
              (ancestor.ownHints & FURNITURE_HINTS ? params.hintPenalty : 0);
          ancestor.score += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
          level++;
        }
      }
      out.push(text);
      viewLength += text.length;
    }
    pending = fresh(pending.owner, false);
  };

  const addText = (node: PageText, frame: Frame) => {
    const value = node.value;
    let piece: string;
    if (frame.pre) {
      piece = value;
      if (pending.space && pending.parts.length > 0) pending.parts.push(' ');
      pending.space = false;
    } else {
      // White space alone (most text nodes of a page: the indentation between tags) collapses to one space.
      if (value.length > 0 && isAllHtmlSpace(value)) {
        pending.space = true;
        return;
      }
      const collapsed = value.replace(HTML_SPACE_RUN, ' ');
      const leading = collapsed.charCodeAt(0) === 0x20;
      const trailing = collapsed.charCodeAt(collapsed.length - 1) === 0x20;
      piece = collapsed.slice(leading ? 1 : 0, trailing ? collapsed.length - 1 : collapsed.length);
      if (pending.separator && pending.chars > 0) pending.parts.push(pending.separator);
      else if ((pending.space || leading) && pending.parts.length > 0) {
        const last = pending.parts[pending.parts.length - 1]!;
        if (!last.endsWith('\n')) pending.parts.push(' ');
      }
      pending.space = trailing;
    }
    pending.separator = '';
    const chars = visibleChars(piece);
    if (piece.length === 0) return;
    pending.parts.push(piece);
    pending.chars += chars;
    if (frame.link) pending.linkChars += chars;
    if (frame.time) pending.timeChars += chars;
    if (node.start >= 0) {
      if (pending.htmlStart < 0 || node.start < pending.htmlStart) pending.htmlStart = node.start;
      if (node.end > pending.htmlEnd) pending.htmlEnd = node.end;
    }
  };

  const enter = (element: PageElement, tag: string, parent: Frame): Frame | null => {
    if (SKIPPED.has(tag)) return null;
    const facts = factsOf(element);
    const role = facts.role;
    const isArticle = tag === 'article' || role === 'article';
    const isMain = tag === 'main' || role === 'main';
    const article = isArticle || isMain;
    let container = parent.container;
    let containerIsArticle = parent.containerIsArticle;
    if ((isArticle && !parent.containerIsArticle) || (isMain && parent.container < 0)) {
      container = containers++;
      containerIsArticle = isArticle;
    }
    let regions = parent.regions;
    const region = REGION_OF.get(tag) ?? (role ? ROLE_REGION.get(role) : undefined);
    if (region) regions |= 1 << REGIONS.indexOf(region);
    const style = facts.style;
    const hidden = parent.hidden || facts.hidden || (style !== undefined && HIDING_STYLE.test(style));
    const own = tag === 'body' || tag === 'html' ? 0 : ownHintBits(facts, hintCache);
    const serial = serials++;
    parentOf.push(parent.serial);
    tagOf.push(tag);
    lastOf.push(serial);
    // An article or main element starts afresh: a page wrapper's "sidebar-layout" class says nothing of it.
    const hints = article ? own : parent.hints | own;
    return {
      node: element,
      tag,
      serial,
      ownHints: own,
      score: Number.NaN,
      chars: 0,
      linkChars: 0,
      block: BLOCKS.has(tag),
      inArticle: parent.inArticle || article,
      container,
      containerIsArticle,
      // A new article container starts afresh: a list or table around an article element is not one of its own.
      // A list inside a list is part of the outer one (a table of contents and its sections' sublists).
      list: container === parent.container && parent.list >= 0 ? parent.list : LISTS.has(tag) ? serial : -1,
      table: tag === 'table' ? serial : container !== parent.container ? -1 : parent.table,
      figure: tag === 'figure' ? serial : parent.figure,
      caption: tag === 'figcaption' ? parent.figure : parent.caption,
      holds: 0,
      regions,
      hidden,
      hints,
      unscored:
        (!article && parent.unscored) || ((own & UNSCORED_BIT) !== 0 && (own & CONTENT_NAME_BIT) === 0),
      link: parent.link || (tag === 'a' && facts.href),
      time: parent.time || tag === 'time',
      pre: parent.pre || tag === 'pre' || tag === 'textarea' || tag === 'listing',
      next: 0,
      path: null,
    };
  };

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const children = frame.node.childNodes;
    if (frame.next >= children.length) {
      if (frame.block) flush(true);
      stack.pop();
      if (frame.serial >= 0) lastOf[frame.serial] = serials - 1;
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.chars += frame.chars;
        parent.linkChars += frame.linkChars;
        parent.holds |= frame.holds;
      }
      if (frame.tag === 'figure' && frame.holds === FIGURE_MEDIA) mediaFigures.add(frame.serial);
      if (!Number.isNaN(frame.score)) {
        const share = frame.chars > 0 ? 1 - frame.linkChars / frame.chars : 1;
        scored.push({
          serial: frame.serial,
          last: serials - 1,
          parent: parent?.serial ?? -1,
          score: frame.score * share,
          tag: frame.tag,
        });
      }
      if (frame.block) {
        // The text after a nested block belongs to the enclosing block element again.
        let owner = stack.length - 1;
        while (owner > 0 && !stack[owner]!.block) owner--;
        pending = fresh(Math.max(owner, 0), false);
      }
      continue;
    }
    const child = children[frame.next++]!;
    if (child.nodeName === '#text') {
      addText(child as PageText, frame);
      continue;
    }
    if (!('tagName' in child)) continue; // comments, doctype
    const tag = hastTag(child);
    // Read before enter(): media elements are skipped (no text), but they make their figure a media figure;
    // so does a lazy-loading page's picture, which sits only in the figure's <noscript>.
    if (frame.figure >= 0) {
      frame.holds |= FIGURE_HOLDS.get(tag) ?? 0;
      if (tag === 'noscript') frame.holds |= holdsBelow(child);
    }
    if (tag === 'time') pending.dated = true;
    if (tag === 'br') {
      const parts = pending.parts;
      if (parts.length > 0) {
        const last = parts[parts.length - 1]!;
        if (last.endsWith(' ')) parts[parts.length - 1] = trimEnd(last, isSpace);
        parts.push('\n');
      }
      pending.space = false;
      continue;
    }
    const next = enter(child, tag, frame);
    if (next === null) continue;
    if (next.block) {
      flush(false);
      stack.push(next);
      pending = fresh(stack.length - 1, true);
      continue;
    }
    if (CELLS.has(next.tag) && pending.chars > 0) pending.separator = '\t';
    stack.push(next);
  }
  // A heading's box (its parent element) is known to end only at that element's end, after the heading's block.
  blocks.forEach((block, i) => {
    if (!HEADING_TAGS.has(block.tag) || block.element < 0) return;
    const parent = parentOf[block.element]!;
    if (parent >= 0) blocks[i] = { ...block, boxEnd: lastOf[parent]! };
  });
  // A caption's figure is known to be a media figure only at the figure's end, which may come after it.
  for (const { block, figure } of captions)
    if (mediaFigures.has(figure)) blocks[block] = { ...blocks[block]!, mediaCaption: true };
  const text = out.join('');
  const cards = teaserCards(text, blocks, parentOf, tagOf, params);
  const best = contentElement(scored, parentOf, tagOf, lastOf, params, { blocks, cards });
  const content =
    best === null
      ? null
      : {
          ...best,
          siblings: contentSiblings(best, text, blocks, scored, { parentOf, tagOf, lastOf }, params),
        };
  return { text, blocks, flattened, content };
}

/** White-space-separated words of at least `min` in text[start, end) (a script written without spaces counts one). */
function hasWords(text: string, start: number, end: number, min: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const space = isHtmlSpace(text.charCodeAt(i));
    if (!space && !inWord && ++words >= min) return true;
    inWord = !space;
  }
  return false;
}

/**
 * Each element's nearest element for which `is` holds, itself or an ancestor (-1 if none), by element number.
 * One pass in document order, as an element is numbered after its parent: walking each block's ancestors
 * instead costs the depth per block, which on a hostile page of thousands of nested elements is 512 steps
 * (MAX_DEPTH) for each of thousands of blocks.
 */
function nearest(parentOf: readonly number[], is: (element: number) => boolean): number[] {
  const out: number[] = [];
  for (let element = 0; element < parentOf.length; element++)
    out.push(is(element) ? element : (out[parentOf[element] ?? -1] ?? -1));
  return out;
}

/**
 * The page's teaser cards, by element number in document order (CONTENT_PARAMS.cardMaxChars, cardHeadingWords,
 * cardLinkShare): `<article>` elements shorter than an article that hold a linked headline, as a list of stories
 * marks up each story: its headline linked to the story, a summary, a "Read more" link. An article's own
 * `<article>` holds more text, and a FAQ's entries or a thread's posts set in `<article>` elements have no linked
 * headline (a post's linked user name is a word or two). A headline in a script written without spaces reads as
 * one word: on such a page no card is found, and the content element is chosen as before.
 */
function teaserCards(
  text: string,
  blocks: readonly HtmlBlock[],
  parentOf: readonly number[],
  tagOf: readonly string[],
  params: ContentParams,
): number[] {
  const articleOf = nearest(parentOf, (element) => tagOf[element] === 'article');
  const headed = new Set<number>();
  for (const block of blocks) {
    if (!HEADING_TAGS.has(block.tag) || block.chars === 0) continue;
    if (block.linkChars < block.chars * params.cardLinkShare) continue;
    if (!hasWords(text, block.viewStart, block.viewEnd, params.cardHeadingWords)) continue;
    const article = articleOf[block.element] ?? -1;
    if (article >= 0) headed.add(article);
  }
  if (headed.size < params.listingCards) return [];
  const cardOf = nearest(parentOf, (element) => headed.has(element));
  const chars = new Map<number, number>();
  for (const block of blocks) {
    const card = cardOf[block.element] ?? -1;
    if (card >= 0) chars.set(card, (chars.get(card) ?? 0) + block.chars);
  }
  return [...headed].filter((card) => (chars.get(card) ?? 0) < params.cardMaxChars).sort((a, b) => a - b);
}

/**
 * The teaser cards (teaserCards) by element number: each element's innermost card (itself or an ancestor, -1 if
 * none); and, over the elements numbered up to each, how many are cards, the characters of their blocks, and
 * those of blocks whose innermost card they are. An element's descendants are the numbers after it up to its
 * last, so what it holds is a difference of two of these sums.
 */
interface CardIndex {
  readonly cardOf: readonly number[];
  readonly cardsTo: readonly number[];
  readonly charsTo: readonly number[];
  readonly cardCharsTo: readonly number[];
}

/**
 * The cards indexed in a pass over the elements and one over the blocks, so that whether an element is in a card
 * and whether it is a list of stories take a step or two each: scanning the cards for each scored element, and
 * the blocks for each element holding cards, instead costs cards or blocks times elements on a page of
 * thousands of cards.
 */
function cardIndex(
  cards: readonly number[],
  blocks: readonly HtmlBlock[],
  parentOf: readonly number[],
): CardIndex {
  const isCard = new Set(cards);
  const cardOf = nearest(parentOf, (element) => isCard.has(element));
  const charsAt = parentOf.map(() => 0);
  const cardCharsAt = parentOf.map(() => 0);
  for (const { element, chars } of blocks) {
    if (element < 0) continue;
    charsAt[element] = (charsAt[element] ?? 0) + chars;
    const card = cardOf[element] ?? -1;
    if (card >= 0) cardCharsAt[card] = (cardCharsAt[card] ?? 0) + chars;
  }
  const sums = (at: (element: number) => number) => {
    let sum = 0;
    return parentOf.map((_, element) => (sum += at(element)));
  };
  return {
    cardOf,
    cardsTo: sums((element) => (isCard.has(element) ? 1 : 0)),
    charsTo: sums((element) => charsAt[element] ?? 0),
    cardCharsTo: sums((element) => cardCharsAt[element] ?? 0),
  };
}

/**
 * Whether the element numbered `serial` (its last element `last`) is a list of stories: it holds
 * params.listingCards or more of the cards (teaserCards, `index`), and their blocks hold more than
 * params.listingShare of the text of its descendants. A block is in one of the cards it holds when the block's
 * innermost card is numbered after `serial` (the cards holding `serial` are numbered at or before it).
 */
function isListing(index: CardIndex, serial: number, last: number, params: ContentParams): boolean {
  const held = (to: readonly number[]) => (to[last] ?? 0) - (to[serial] ?? 0);
  if (held(index.cardsTo) < params.listingCards) return false;
  return held(index.cardCharsTo) > held(index.charsTo) * params.listingShare;
}

/**
 * The page's content element from the scored elements (see CONTENT_PARAMS): the highest score (the first
 * in document order of equals), or the nearest ancestor of it holding `alternatives` elements that score
 * nearly as high (the article in several boxes); then up its ancestors, skipping those that did not score, stopping at one that
 * scores under a third of the last, and taking one that scores more than it.
 *
 * A list of stories (isListing: teaser cards, `listing.cards`, holding most of an element's text) and the
 * cards themselves are passed over, as is an ancestor holding the list, when another element scores at least
 * params.listingFallbackShare of the best: a card's summary scores as a paragraph does, and a list of a dozen
 * outscores the one long text of an institute's or a club's page above or beside it (Readability.js picks
 * the list there). A page that is only a list of stories (a section's front) keeps the list as its content.
 */
function contentElement(
  allScored: readonly { serial: number; last: number; parent: number; score: number; tag: string }[],
  parentOf: readonly number[],
  tagOf: readonly string[],
  lastOf: readonly number[],
  params: ContentParams,
  listing: { blocks: readonly HtmlBlock[]; cards: readonly number[] } = { blocks: [], cards: [] },
): ElementSpan | null {
  const { cards } = listing;
  const index = cards.length >= params.listingCards ? cardIndex(cards, listing.blocks, parentOf) : null;
  const isList = (serial: number, last: number) => index !== null && isListing(index, serial, last, params);
  let scored = allScored;
  if (index !== null) {
    const inCard = (serial: number) => (index.cardOf[serial] ?? -1) >= 0;
    const unlisted = allScored.filter((e) => !inCard(e.serial) && !isList(e.serial, e.last));
    const top = (elements: typeof allScored) => elements.reduce((max, e) => Math.max(max, e.score), 0);
    if (unlisted.length > 0 && top(unlisted) >= top(allScored) * params.listingFallbackShare)
      scored = unlisted;
  }
  const passOver = scored !== allScored;
  let best: (typeof scored)[number] | undefined;
  const bySerial = new Map<number, (typeof scored)[number]>();
  for (const element of scored) {
    bySerial.set(element.serial, element);
    if (
      best === undefined ||
      element.score > best.score ||
      (element.score === best.score && element.serial < best.serial)
    )
      best = element;
  }
  if (best === undefined || !(best.score > 0)) return null;
  {
    // The article split in boxes that score alike (see ContentParams.alternatives): the nearest ancestor of the best
    // that holds that many of them is the content element instead.
    const top = [...scored]
      .sort((a, b) => b.score - a.score || a.serial - b.serial)
      .slice(0, params.topCandidates);
    const first = best;
    const alternatives = top.filter((e) => e !== first && e.score / first.score >= params.alternativeShare);
    if (alternatives.length >= params.alternatives) {
      for (let ancestor = first.parent; ancestor >= 0; ancestor = parentOf[ancestor] ?? -1) {
        if (tagOf[ancestor] === 'body' || tagOf[ancestor] === 'html') break;
        const last = lastOf[ancestor] ?? ancestor;
        if (passOver && isList(ancestor, last)) break;
        const holds = alternatives.filter((e) => e.serial > ancestor && e.serial <= last).length;
        if (holds >= params.alternatives) {
          // An ancestor no paragraph reached starts from its tag's weight, as Readability.js initialises it.
          const tag = tagOf[ancestor] ?? '';
          best = bySerial.get(ancestor) ?? {
            serial: ancestor,
            last,
            parent: parentOf[ancestor] ?? -1,
            score: TAG_WEIGHT.get(tag) ?? 0,
            tag,
          };
          break;
        }
      }
    }
  }
  let lastScore = best.score;
  const threshold = lastScore / 3;
  for (let parent = best.parent; parent >= 0; parent = parentOf[parent] ?? -1) {
    const element = bySerial.get(parent);
    if (element === undefined) continue;
    if (element.score < threshold) break;
    if (element.score > lastScore) {
      best = element;
      break;
    }
    lastScore = element.score;
  }
  return { first: best.serial, last: best.last, tag: best.tag };
}

/**
 * The siblings of the content element (children of its parent) that Readability.js appends to it: an
 * element that scores at least `siblingShare` of the content element's score and `siblingMinScore`, or a
 * `<p>` of more than `siblingParagraphChars` characters with less than `siblingLinkShare` link text, or a shorter `<p>` with no link text and a sentence end. (Readability
 * also adds a fifth of the score to a sibling of the same class name; the text view keeps no class names.)
 */
function contentSiblings(
  best: ElementSpan,
  text: string,
  blocks: readonly HtmlBlock[],
  scored: readonly { serial: number; score: number }[],
  tree: { parentOf: readonly number[]; tagOf: readonly string[]; lastOf: readonly number[] },
  params: ContentParams,
): ElementSpan[] {
  const { parentOf, tagOf, lastOf } = tree;
  const parent = parentOf[best.first] ?? -1;
  if (parent < 0 || tagOf[parent] === 'html') return [];
  const scores = new Map<number, number>();
  let bestScore = 0;
  for (const element of scored) {
    scores.set(element.serial, element.score);
    if (element.serial === best.first) bestScore = element.score;
  }
  const threshold = Math.max(params.siblingMinScore, bestScore * params.siblingShare);
  // The paragraphs' characters, link characters and text, from their blocks.
  const paragraphs = new Map<number, { chars: number; linkChars: number; text: string }>();
  for (const block of blocks) {
    if (block.tag !== 'p' || parentOf[block.element] !== parent) continue;
    const seen = paragraphs.get(block.element) ?? { chars: 0, linkChars: 0, text: '' };
    paragraphs.set(block.element, {
      chars: seen.chars + block.chars,
      linkChars: seen.linkChars + block.linkChars,
      text: `${seen.text} ${text.slice(block.viewStart, block.viewEnd)}`,
    });
  }
  const out: ElementSpan[] = [];
  for (let child = parent + 1; child <= (lastOf[parent] ?? parent); child = (lastOf[child] ?? child) + 1) {
    if (child === best.first) continue;
    const score = scores.get(child);
    let join = score !== undefined && score >= threshold;
    const paragraph = paragraphs.get(child);
    if (!join && paragraph !== undefined && paragraph.chars > 0) {
      const linkShare = paragraph.linkChars / paragraph.chars;
      join =
        paragraph.chars > params.siblingParagraphChars
          ? linkShare < params.siblingLinkShare
          : paragraph.linkChars === 0 && SIBLING_SENTENCE_END.test(paragraph.text.trim());
    }
    if (join) out.push({ first: child, last: lastOf[child] ?? child, tag: tagOf[child] ?? '' });
  }
  return out;
}

/**
 * The text view of an HTML page, and its block table: what newsclean cleans when the input is HTML, and
 * what rawStart/rawEnd of an HTML document's records count in. Deterministic: the same HTML gives the same view.
 */
export function htmlTextView(html: string, params: ContentParams = CONTENT_PARAMS): HtmlView {
  const { document, flattened } = parseHtml(html);
  return textView(document, flattened, params);
}
