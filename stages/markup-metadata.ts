/**
 * markup-metadata: what a page's markup says about its article (title, byline, dates, section, language,
 * canonical URL, site name), read from the few elements that say it (MarkupElement): taken from a hast tree
 * (rehype-parse), or by the HTML front end straight from the page it parsed (stages/html.ts markupElements). A
 * pure function: no I/O, no clock, and it never throws on page data (malformed JSON-LD, odd attributes, hostile
 * sizes are skipped, not fatal).
 *
 * Every value records where it came from. Sources, in the order a field's candidates are usually tried:
 * - `json-ld`: the first article object (NewsArticle, Article, BlogPosting, ...) of the
 *   `<script type="application/ld+json">` blocks, `@graph` arrays and `@id` references included;
 * - `og`: Open Graph `<meta property="og:*">` and its `article:*` extension;
 * - `twitter`: `<meta name="twitter:*">`;
 * - `dc`: Dublin Core `<meta name="dc.*">` / `dcterms.*`;
 * - `meta`: plain `<meta name=...>` (author, date, content-language);
 * - `link`: `<link rel="canonical">`; `html-lang`: `<html lang>`; `title`: the `<title>` element.
 *
 * Precedence (FIELDS below, first valid candidate wins): JSON-LD first, because it describes the article
 * object itself with typed fields (headline, author as a Person, datePublished) and sites fill it for search
 * engines, which check it; Open Graph next, written for link previews, so its title is sometimes a teaser or
 * the site's name; then Twitter cards and Dublin Core, then plain meta tags, and `<title>` last, since it
 * usually carries the site's name. Language and canonical URL invert this: `<html lang>` and
 * `<link rel=canonical>` are the page-level statements browsers and crawlers act on, so they come first.
 *
 * Values are cleaned only by rules the text metadata stage owns (stages/metadata.ts): dates through
 * parseDateline (ISO 8601, no invented time zone), "By ..." bylines through parseByline, and the `<title>`'s
 * trailing " | ..." through splitSection. A title equal to the site's name is no article title.
 */
import type { Element, Root, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { MARKUP_SOURCES } from './lexicon.js';
import { parseByline, parseDateline, siteKey, splitSection, stripSiteName } from './metadata.js';

// MARKUP_SOURCES lives in lexicon.ts so that the record schemas name it without loading the HTML parser.
export { MARKUP_SOURCES };
export type MarkupSource = (typeof MARKUP_SOURCES)[number];

export interface Sourced<T> {
  readonly value: T;
  readonly source: MarkupSource;
}

export interface MarkupMetadata {
  readonly title: Sourced<string> | null;
  /** The authors' names joined with ", " (see `authors`). */
  readonly byline: Sourced<string> | null;
  readonly authors: Sourced<readonly string[]> | null;
  /** ISO 8601, as precise as the page says, never with an invented time zone. */
  readonly published: Sourced<string> | null;
  readonly modified: Sourced<string> | null;
  readonly section: Sourced<string> | null;
  /** The primary language subtag, lower case ("de" for "de-DE", "de_DE"); 'und'-like values are left out. */
  readonly language: Sourced<string> | null;
  /** An absolute http(s) URL. */
  readonly canonicalUrl: Sourced<string> | null;
  readonly siteName: Sourced<string> | null;
}

/** Bounds that keep hostile pages cheap: larger inputs are skipped, never read partly. */
export const MARKUP_LIMITS = {
  /** A JSON-LD block longer than this (characters) is not parsed. Article JSON-LD with its body is ~100 KB. */
  jsonLdChars: 512 * 1024,
  /** JSON-LD characters parsed per page, all blocks together. */
  jsonLdTotalChars: 1024 * 1024,
  /** How deep the JSON-LD walk looks for article objects (@graph, mainEntity, arrays). */
  jsonLdDepth: 6,
  /** Article candidates collected per page. */
  jsonLdObjects: 256,
  /** Values kept per meta key (article:author may repeat). */
  valuesPerKey: 16,
  /** Authors kept. */
  authors: 16,
} as const;

/** The longest value taken for each kind of field; longer ones are not metadata (or are hostile). */
const MAX_CHARS = { text: 500, name: 100, date: 40, url: 2048, language: 35 } as const;

/** schema.org types whose object is the article (the last segment of the type, so "schema:NewsArticle" too). */
const ARTICLE_TYPES: ReadonlySet<string> = new Set([
  'Article',
  'NewsArticle',
  'AnalysisNewsArticle',
  'AskPublicNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReportageNewsArticle',
  'ReviewNewsArticle',
  'BlogPosting',
  'LiveBlogPosting',
  'SocialMediaPosting',
  'Report',
  'ScholarlyArticle',
  'TechArticle',
  'SatiricalArticle',
  'AdvertiserContentArticle',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What the walk over the tree collected, before the fields are chosen. */
interface Collected {
  /** Lower-cased meta name or property -> its values in document order. */
  readonly meta: Map<string, string[]>;
  canonical: string | null;
  htmlLang: string | null;
  title: string | null;
  readonly jsonLd: string[];
}

/** A candidate of a field: a source and the key it is read from there. */
interface Candidate {
  readonly source: MarkupSource;
  /** For meta sources: the lower-cased name/property; for json-ld: the article's property. */
  readonly key: string;
}

const candidates = (spec: string): readonly Candidate[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const at = item.indexOf('=');
      return { source: item.slice(0, at) as MarkupSource, key: item.slice(at + 1) };
    });

/** Each field's candidates, in order of precedence (see the module comment for why). */
export const FIELDS = {
  title: candidates(
    'json-ld=headline json-ld=name og=og:title twitter=twitter:title dc=dc.title dc=dcterms.title title=title',
  ),
  authors: candidates(
    'json-ld=author json-ld=creator og=article:author meta=author dc=dc.creator dc=dcterms.creator meta=byl',
  ),
  published: candidates(
    'json-ld=datePublished json-ld=dateCreated og=article:published_time og=og:published_time dc=dc.date dc=dcterms.created dc=dcterms.date meta=date meta=pubdate meta=publishdate meta=publish-date',
  ),
  modified: candidates(
    'json-ld=dateModified og=article:modified_time og=og:updated_time dc=dcterms.modified meta=last-modified',
  ),
  section: candidates('json-ld=articleSection og=article:section'),
  language: candidates(
    'html-lang=lang meta=content-language json-ld=inLanguage dc=dc.language dc=dcterms.language og=og:locale',
  ),
  canonicalUrl: candidates('link=canonical og=og:url json-ld=url json-ld=mainEntityOfPage'),
  siteName: candidates('og=og:site_name json-ld=publisher meta=application-name'),
} as const;

const SPACE = /\s+/g;
const collapse = (text: string): string => text.replace(SPACE, ' ').trim();

/** The properties of an element that markupMetadata reads, by hast's names. */
export const MARKUP_PROPERTIES = [
  'content',
  'property',
  'name',
  'httpEquiv',
  'rel',
  'href',
  'lang',
  'xmlLang',
  'type',
] as const;
export type MarkupProperty = (typeof MARKUP_PROPERTIES)[number];

/**
 * An element markupMetadata reads, as it reads it: a `<meta>`, `<link>`, `<html>`, `<script>`, or `<title>`
 * outside SVG and MathML (whose titles name icons), in document order; the properties it reads (MARKUP_PROPERTIES)
 * as hast gives them, lists joined with a space (absent: not given as a string, number or list); the text of its
 * text children. Made from hast here (markupElementsOf), or straight from the parsed page by stages/html.ts.
 */
export interface MarkupElement {
  readonly tag: string;
  readonly props: Readonly<Partial<Record<MarkupProperty, string>>>;
  readonly text: string;
}

/** An attribute (hast property) as a string: space-separated lists joined with a space. */
function prop(element: Element, name: string): string | null {
  const value = element.properties[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(' ');
  return null;
}

/** The text of an element's text children (for <title> and <script>: their content is one text node). */
function textOf(element: Element): string {
  let text = '';
  for (const child of element.children) if (child.type === 'text') text += child.value;
  return text;
}

/** A hast element as markupMetadata reads it (see MarkupElement). */
export function markupElementOf(element: Element): MarkupElement {
  const props: Partial<Record<MarkupProperty, string>> = {};
  for (const name of MARKUP_PROPERTIES) {
    const value = prop(element, name);
    if (value !== null) props[name] = value;
  }
  const tag = element.tagName;
  return { tag, props, text: tag === 'title' || tag === 'script' ? textOf(element) : '' };
}

/**
 * The elements of a hast tree markupMetadata reads, in document order. One pass with an explicit stack: a page
 * nested 100,000 deep must not overflow the call stack. A script's content is never markup.
 */
export function markupElementsOf(tree: Root): MarkupElement[] {
  const elements: MarkupElement[] = [];
  // [node, inside <svg> or <math>]: their <title> elements are no page title.
  const stack: Array<[RootContent, boolean]> = [];
  for (let i = tree.children.length - 1; i >= 0; i--) stack.push([tree.children[i]!, false]);
  while (stack.length > 0) {
    const [node, foreign] = stack.pop()!;
    if (node.type !== 'element') continue;
    const tag = node.tagName;
    if (READ_TAGS.has(tag) && !(tag === 'title' && foreign)) elements.push(markupElementOf(node));
    if (tag === 'script') continue;
    const inForeign = foreign || tag === 'svg' || tag === 'math';
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, inForeign]);
  }
  return elements;
}

/** The tags of the elements markupMetadata reads (see MarkupElement). */
export const READ_TAGS: ReadonlySet<string> = new Set(['meta', 'link', 'html', 'title', 'script']);

function addMeta(meta: Map<string, string[]>, key: string, value: string): void {
  const list = meta.get(key);
  if (list === undefined) meta.set(key, [value]);
  else if (list.length < MARKUP_LIMITS.valuesPerKey) list.push(value);
}

/** What the page's elements say, in document order (the first canonical link, `<html lang>`, `<title>` win). */
function collect(elements: readonly MarkupElement[]): Collected {
  const found: Collected = { meta: new Map(), canonical: null, htmlLang: null, title: null, jsonLd: [] };
  let jsonLdChars = 0;
  for (const { tag, props, text } of elements) {
    if (tag === 'meta') {
      const content = props.content;
      if (content !== undefined) {
        // `property` (RDFa, Open Graph) and `name` may each list several keys: "og:title twitter:title".
        const keys = `${props.property ?? ''} ${props.name ?? ''} ${props.httpEquiv ?? ''}`;
        for (const key of keys.split(SPACE)) if (key !== '') addMeta(found.meta, key.toLowerCase(), content);
      }
    } else if (tag === 'link') {
      const rel = (props.rel ?? '').toLowerCase().split(SPACE);
      const href = props.href;
      if (found.canonical === null && href !== undefined && rel.includes('canonical')) found.canonical = href;
    } else if (tag === 'html') {
      found.htmlLang ??= props.lang ?? props.xmlLang ?? null;
    } else if (tag === 'title') {
      found.title ??= text;
    } else if (tag === 'script') {
      const type = (props.type ?? '').trim().toLowerCase();
      if (
        type === 'application/ld+json' &&
        text.length <= MARKUP_LIMITS.jsonLdChars &&
        jsonLdChars + text.length <= MARKUP_LIMITS.jsonLdTotalChars
      ) {
        jsonLdChars += text.length;
        found.jsonLd.push(text);
      }
    }
  }
  return found;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema.org type's last segment: "http://schema.org/NewsArticle" and "schema:NewsArticle" -> "NewsArticle". */
function typeNames(node: JsonObject): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.slice(t.search(/[^/:#]*$/)));
}

const isArticle = (node: JsonObject): boolean => typeNames(node).some((t) => ARTICLE_TYPES.has(t));

/** The JSON-LD graph of a page: its article objects in document order and every node with an @id. */
interface Graph {
  readonly articles: JsonObject[];
  readonly byId: Map<string, JsonObject>;
}

function readJsonLd(blocks: readonly string[]): Graph {
  const graph: Graph = { articles: [], byId: new Map() };
  let seen = 0;
  const visit = (value: Json, depth: number): void => {
    if (depth > MARKUP_LIMITS.jsonLdDepth || seen >= MARKUP_LIMITS.jsonLdObjects) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    seen++;
    const id = value['@id'];
    if (typeof id === 'string' && Object.keys(value).length > 1 && !graph.byId.has(id))
      graph.byId.set(id, value);
    if (isArticle(value)) graph.articles.push(value);
    // Containers that hold the article: a @graph, a WebPage's mainEntity, an ItemList's items.
    for (const key of ['@graph', 'mainEntity', 'itemListElement', 'item']) {
      const inner = value[key];
      if (inner !== undefined) visit(inner, depth + 1);
    }
  };
  for (const block of blocks) {
    let parsed: Json;
    try {
      // Some sites wrap the JSON in an HTML comment or CDATA section; nothing else is repaired.
      parsed = JSON.parse(block.replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, '')) as Json;
    } catch {
      continue; // malformed JSON-LD: ignored, as if absent
    }
    visit(parsed, 0);
  }
  return graph;
}

/** A JSON-LD reference {"@id": ...} resolved to the node of that id, when the page has it. */
function resolve(value: Json | undefined, graph: Graph): Json | undefined {
  if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) {
    return graph.byId.get(value['@id']) ?? value;
  }
  return value;
}

const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/**
 * JSON-LD strings with HTML character references left in ("Redacci&oacute;n", "&#8216;"), decoded by the
 * HTML parser itself (its full table of named references), as the text of a fragment. Short values only:
 * callers pass metadata values, never bodies.
 */
function decodeReferences(text: string): string {
  if (!CHARACTER_REFERENCE.test(text) || text.length > MAX_CHARS.text * 4) return text;
  const fragment = unified().use(rehypeParse, { fragment: true }).parse(text);
  let out = '';
  const stack: RootContent[] = [...fragment.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') out += node.value;
    else if (node.type === 'element')
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Plain strings of a JSON-LD value: a string, an array of strings, or {"@value": ...}. */
function jsonStrings(value: Json | undefined): string[] {
  let list: string[] = [];
  if (typeof value === 'string') list = [value];
  else if (Array.isArray(value)) list = value.flatMap((item) => (typeof item === 'string' ? [item] : []));
  else if (isObject(value) && typeof value['@value'] === 'string') list = [value['@value']];
  return list.map(decodeReferences);
}

/** Names of a JSON-LD value that names people or organisations: a string, {name}, or an array of either. */
function jsonNames(value: Json | undefined, graph: Graph): string[] {
  const items = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of items) {
    const node = resolve(item, graph);
    if (typeof node === 'string' || Array.isArray(node)) names.push(...jsonStrings(node));
    else if (isObject(node)) names.push(...jsonStrings(node.name));
  }
  return names;
}

/** A URL value of JSON-LD: a string or an object with @id or url. */
function jsonUrls(value: Json | undefined): string[] {
  if (isObject(value)) return [...jsonStrings(value['@id']), ...jsonStrings(value.url)];
  return jsonStrings(value);
}

/** Raw candidate values of one field from one source, before cleaning. */
function rawValues(
  field: keyof typeof FIELDS,
  candidate: Candidate,
  found: Collected,
  graph: Graph,
): string[] {
  switch (candidate.source) {
    case 'json-ld': {
      const article = graph.articles[0];
      if (article === undefined) return [];
      let value = article[candidate.key];
      // Some sites (Wikipedia) give a description as the headline and the title as the name: when the two
      // differ, the one the <title> element contains comes first.
      if (field === 'title' && typeof article.headline === 'string' && typeof article.name === 'string') {
        const page = (found.title ?? '').toLowerCase();
        const nameFirst =
          page.includes(article.name.toLowerCase()) && !page.includes(article.headline.toLowerCase());
        if (nameFirst) value = article[candidate.key === 'headline' ? 'name' : 'headline'];
      }
      if (field === 'authors') return jsonNames(value, graph);
      if (field === 'siteName') return jsonNames(resolve(value, graph), graph).slice(0, 1);
      if (field === 'canonicalUrl') return jsonUrls(value);
      if (field === 'language') {
        const node = resolve(value, graph);
        return isObject(node) ? jsonStrings(node.alternateName ?? node.name) : jsonStrings(node);
      }
      return jsonStrings(value);
    }
    case 'link':
      return found.canonical === null ? [] : [found.canonical];
    case 'html-lang':
      return found.htmlLang === null ? [] : [found.htmlLang];
    case 'title':
      return found.title === null ? [] : [found.title];
    default:
      return found.meta.get(candidate.key) ?? [];
  }
}

const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|@)|\.(?:com|org|net)\b/i;
const LETTER = /\p{L}/u;

/** A short text value: white space collapsed, within the field's length, with a letter in it. */
function textValue(raw: string, max: number): string | null {
  if (raw.length > max * 4) return null; // hostile or not metadata: not even collapsed
  const text = collapse(raw);
  return text.length > 0 && text.length <= max && LETTER.test(text) ? text : null;
}

/** An author's name: not a URL or a handle; "By Jane Doe" read by the byline rule. */
function nameValue(raw: string): string | null {
  const text = textValue(raw, MAX_CHARS.name);
  if (text === null || URLISH.test(text)) return null;
  return parseByline(text) ?? text;
}

function dateValue(raw: string): string | null {
  if (raw.length > MAX_CHARS.date * 4) return null;
  return parseDateline(collapse(raw));
}

const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;

/** The primary subtag of a BCP 47 tag or POSIX locale, lower case; 'und', 'mul', 'zxx' and 'x-...' are no language. */
function languageValue(raw: string): string | null {
  if (raw.length > MAX_CHARS.language) return null;
  // content-language may list several: "de, en" -> the first.
  const m = LANGUAGE_TAG.exec(raw.split(',')[0]!.trim());
  if (!m) return null;
  const primary = m[1]!.toLowerCase();
  return primary === 'und' || primary === 'mul' || primary === 'zxx' ? null : primary;
}

function urlValue(raw: string): string | null {
  const text = raw.trim();
  if (text.length > MAX_CHARS.url || !/^https?:\/\//i.test(text)) return null;
  try {
    return new URL(text).href;
  } catch {
    return null;
  }
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function pick(
  field: keyof typeof FIELDS,
  found: Collected,
  graph: Graph,
  clean: (raw: string, source: MarkupSource) => string | null,
): Sourced<string> | null {
  for (const candidate of FIELDS[field]) {
    for (const raw of rawValues(field, candidate, found, graph)) {
      const value = clean(raw, candidate.source);
      if (value !== null) return { value, source: candidate.source };
    }
  }
  return null;
}

function pickAuthors(found: Collected, graph: Graph, siteName: string | null): Sourced<string[]> | null {
  for (const candidate of FIELDS.authors) {
    const names: string[] = [];
    for (const raw of rawValues('authors', candidate, found, graph)) {
      const name = nameValue(raw);
      // The site named as the author of its own page is no byline; repeats are one author.
      if (name === null || (siteName !== null && sameName(name, siteName))) continue;
      if (!names.some((other) => sameName(other, name)) && names.length < MARKUP_LIMITS.authors)
        names.push(name);
    }
    if (names.length > 0) return { value: names, source: candidate.source };
  }
  return null;
}

/**
 * The site's names as siteKey()s: every site name the page declares, and its host's words (for
 * "www.tierheim-berlin.de": "tierheimberlinde" and "tierheimberlin"), so "Title – Tierheim Berlin" loses
 * the site's name even where the page declares none.
 */
function siteKeys(found: Collected, graph: Graph, url: string | null): Set<string> {
  const keys = new Set<string>();
  for (const candidate of FIELDS.siteName) {
    for (const raw of rawValues('siteName', candidate, found, graph)) {
      const name = textValue(raw, MAX_CHARS.name);
      if (name !== null) keys.add(siteKey(name));
    }
  }
  if (url !== null) {
    const labels = new URL(url).hostname.replace(/^www\./u, '').split('.');
    keys.add(siteKey(labels.join('.')));
    // The longest label before the top-level domain: "japantimes" of "japantimes.co.jp".
    const name = labels.slice(0, -1).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (name.length >= 3) keys.add(siteKey(name));
  }
  keys.delete('');
  return keys;
}

/** Metadata of an HTML page from its markup (its hast tree). Never throws on page data. */
export function markupMetadata(tree: Root): MarkupMetadata {
  return markupMetadataOf(markupElementsOf(tree));
}

/** Metadata of an HTML page from the elements of it that say any (see MarkupElement). Never throws on page data. */
export function markupMetadataOf(elements: readonly MarkupElement[]): MarkupMetadata {
  const found = collect(elements);
  const graph = readJsonLd(found.jsonLd);
  const siteName = pick('siteName', found, graph, (raw) => textValue(raw, MAX_CHARS.name));
  const canonicalUrl = pick('canonicalUrl', found, graph, urlValue);
  const sites = siteKeys(found, graph, canonicalUrl?.value ?? null);
  const title = pick('title', found, graph, (raw, source) => {
    const text = textValue(raw, MAX_CHARS.text);
    if (text === null) return null;
    // The site's name around the title goes (by the text stage's rule); the <title> element's trailing
    // " | ..." is a section or the site, as in a text dump's first line.
    const stripped = stripSiteName(text, sites);
    const value = source === 'title' ? splitSection(stripped).title : stripped;
    // A title that is only the site's name is no article title.
    return sites.has(siteKey(value)) ? null : value;
  });
  const authors = pickAuthors(found, graph, siteName?.value ?? null);
  return {
    title,
    byline: authors === null ? null : { value: authors.value.join(', '), source: authors.source },
    authors,
    published: pick('published', found, graph, dateValue),
    modified: pick('modified', found, graph, dateValue),
    section: pick('section', found, graph, (raw) => textValue(raw, MAX_CHARS.name)),
    language: pick('language', found, graph, languageValue),
    canonicalUrl,
    siteName,
  };
}
