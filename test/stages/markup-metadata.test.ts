import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { MARKUP_LIMITS, markupMetadata } from '../../stages/markup-metadata.js';

const parser = unified().use(rehypeParse);
const meta = (html: string) => markupMetadata(parser.parse(html));
const page = (head: string, body = '<p>Text.</p>') =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

const ARTICLE = {
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  headline: 'Council approves the new bridge',
  author: { '@type': 'Person', name: 'Jane Doe' },
  datePublished: '2021-03-04T09:15:00+01:00',
  dateModified: '2021-03-05T10:00:00+01:00',
  articleSection: 'Local',
  inLanguage: 'en-GB',
  publisher: { '@type': 'Organization', name: 'The Town Courier' },
};

describe('markup-metadata: JSON-LD', () => {
  it('reads a NewsArticle: every field, each with json-ld as its source', () => {
    const m = meta(page(ld(ARTICLE)));
    expect(m.title).toEqual({ value: 'Council approves the new bridge', source: 'json-ld' });
    expect(m.byline).toEqual({ value: 'Jane Doe', source: 'json-ld' });
    expect(m.published).toEqual({ value: '2021-03-04T09:15:00+01:00', source: 'json-ld' });
    expect(m.modified).toEqual({ value: '2021-03-05T10:00:00+01:00', source: 'json-ld' });
    expect(m.section).toEqual({ value: 'Local', source: 'json-ld' });
    expect(m.language).toEqual({ value: 'en', source: 'json-ld' });
    expect(m.siteName).toEqual({ value: 'The Town Courier', source: 'json-ld' });
  });

  it('finds the article inside @graph, resolving an author given by @id (the Yoast shape)', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': 'https://example.org/#website', name: 'Example' },
        { '@type': 'BreadcrumbList', itemListElement: [{ '@type': 'ListItem', name: 'Home' }] },
        {
          '@type': ['Article', 'BlogPosting'],
          headline: 'Why the river rose',
          author: { '@id': 'https://example.org/#/person/1' },
          datePublished: '2020-06-01',
        },
        { '@type': 'Person', '@id': 'https://example.org/#/person/1', name: 'Ann Lee' },
      ],
    };
    const m = meta(page(ld(graph)));
    expect(m.title?.value).toBe('Why the river rose');
    expect(m.byline?.value).toBe('Ann Lee');
    expect(m.published?.value).toBe('2020-06-01');
  });

  it('takes the article from a top-level array and a WebPage mainEntity; full type URLs count', () => {
    const inArray = meta(
      page(
        ld([
          { '@type': 'Organization', name: 'Org' },
          { ...ARTICLE, '@type': 'BlogPosting' },
        ]),
      ),
    );
    expect(inArray.title?.value).toBe('Council approves the new bridge');
    const inPage = meta(
      page(
        ld({
          '@type': 'WebPage',
          name: 'Page',
          mainEntity: { ...ARTICLE, '@type': 'http://schema.org/ReportageNewsArticle' },
        }),
      ),
    );
    expect(inPage.title?.value).toBe('Council approves the new bridge');
  });

  it('reads authors given as a string, an object and an array, without repeats', () => {
    expect(meta(page(ld({ ...ARTICLE, author: 'Jane Doe' }))).byline?.value).toBe('Jane Doe');
    const several = meta(
      page(
        ld({
          ...ARTICLE,
          author: [{ '@type': 'Person', name: 'Jane Doe' }, 'John Roe', { name: 'jane doe' }],
        }),
      ),
    );
    expect(several.authors?.value).toEqual(['Jane Doe', 'John Roe']);
    expect(several.byline?.value).toBe('Jane Doe, John Roe');
  });

  it('does not take an Organization, BreadcrumbList or WebSite for the article', () => {
    const m = meta(
      page(
        ld({ '@type': 'Organization', name: 'Big News Group', url: 'https://news.example/' }) +
          ld({
            '@type': 'BreadcrumbList',
            itemListElement: [{ '@type': 'ListItem', position: 1, name: 'World' }],
          }) +
          ld({ '@type': 'WebSite', name: 'Big News', datePublished: '2001-01-01' }),
        '<h1>Headline</h1>',
      ),
    );
    expect(m).toMatchObject({
      title: null,
      byline: null,
      published: null,
      section: null,
      canonicalUrl: null,
    });
  });

  it('ignores malformed JSON-LD and still reads the other blocks and the meta tags', () => {
    const html = page(
      '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken</script>' +
        '<script type="application/ld+json">[1, 2,, }</script>' +
        '<script type="application/ld+json"></script>' +
        '<script type="application/ld+json">"just a string"</script>' +
        '<script type="application/ld+json">null</script>' +
        '<meta property="og:title" content="The real headline">',
    );
    expect(() => meta(html)).not.toThrow();
    expect(meta(html).title).toEqual({ value: 'The real headline', source: 'og' });
  });

  it('reads JSON-LD wrapped in an HTML comment', () => {
    const html = page(`<script type="application/ld+json"><!--${JSON.stringify(ARTICLE)}--></script>`);
    expect(meta(html).title?.value).toBe('Council approves the new bridge');
  });

  it('ignores values of the wrong kind (a number headline, an object date)', () => {
    const m = meta(
      page(ld({ '@type': 'Article', headline: 42, datePublished: { when: 'today' }, author: [7, null] })),
    );
    expect(m).toMatchObject({ title: null, published: null, byline: null });
  });
});

describe('markup-metadata: Open Graph, meta tags and <title>', () => {
  it('reads og:*, article:* and meta author, each with its source', () => {
    const m = meta(
      page(
        '<title>Bridge vote | Town Courier</title>' +
          '<meta property="og:title" content="Council approves the new bridge">' +
          '<meta property="og:site_name" content="Town Courier">' +
          '<meta property="article:published_time" content="2021-03-04T09:15:00Z">' +
          '<meta property="article:section" content="Local">' +
          '<meta name="author" content="Jane Doe">' +
          '<link rel="canonical" href="https://courier.example/bridge">',
      ),
    );
    expect(m.title).toEqual({ value: 'Council approves the new bridge', source: 'og' });
    expect(m.published).toEqual({ value: '2021-03-04T09:15:00Z', source: 'og' });
    expect(m.section).toEqual({ value: 'Local', source: 'og' });
    expect(m.byline).toEqual({ value: 'Jane Doe', source: 'meta' });
    expect(m.canonicalUrl).toEqual({ value: 'https://courier.example/bridge', source: 'link' });
    expect(m.siteName).toEqual({ value: 'Town Courier', source: 'og' });
  });

  it('prefers JSON-LD over Open Graph over <title>', () => {
    const head =
      '<title>Title element</title><meta property="og:title" content="OG title">' +
      ld({ '@type': 'NewsArticle', headline: 'JSON-LD headline' });
    expect(meta(page(head)).title).toEqual({ value: 'JSON-LD headline', source: 'json-ld' });
    expect(
      meta(page('<title>Title element</title><meta property="og:title" content="OG title">')).title?.source,
    ).toBe('og');
  });

  it('does not take an og:title that is only the site name; falls back to <title>', () => {
    const m = meta(
      page(
        '<title>Council approves the new bridge | Town Courier</title>' +
          '<meta property="og:title" content="Town Courier"><meta property="og:site_name" content="Town Courier">',
      ),
    );
    expect(m.title).toEqual({ value: 'Council approves the new bridge', source: 'title' });
  });

  it('cuts a <title> at its last " | " by the text stage rule, and nothing else', () => {
    expect(meta(page('<title>A | B | Site</title>')).title?.value).toBe('A | B');
    // A dash is part of many headlines: the text stage keeps it, so does this.
    expect(meta(page('<title>Storm - what we know</title>')).title?.value).toBe('Storm - what we know');
  });

  it('reads space-separated properties and name= Open Graph keys', () => {
    const m = meta(page('<meta property="og:title twitter:title" content="Shared headline">'));
    expect(m.title).toEqual({ value: 'Shared headline', source: 'og' });
    expect(meta(page('<meta name="og:title" content="By name">')).title?.value).toBe('By name');
  });

  it('does not take an svg <title> for the page title', () => {
    const html = '<html><body><svg><title>Close icon</title></svg><p>Text</p></body></html>';
    expect(meta(html).title).toBe(null);
  });

  it('collapses white space and entities as the parser decodes them', () => {
    expect(meta(page('<title>\n  Fish &amp;\n chips  </title>')).title?.value).toBe('Fish & chips');
  });
});

describe('markup-metadata: the site name around a title', () => {
  it('cuts the declared site name after the last separator or before the first, from any source', () => {
    const site = '<meta property="og:site_name" content="Town Courier">';
    const title = (t: string) => meta(page(`${site}<meta property="og:title" content="${t}">`)).title?.value;
    expect(title('Bridge approved - Town Courier')).toBe('Bridge approved');
    expect(title('Bridge approved › Town Courier')).toBe('Bridge approved');
    expect(title('Town Courier | Bridge approved')).toBe('Bridge approved');
    expect(title('Bridge - what we know | TOWN COURIER')).toBe('Bridge - what we know');
  });

  it("cuts the canonical URL's host name when the page declares no site name", () => {
    const head =
      '<link rel="canonical" href="https://www.tierheim-berlin.example/news/1">' +
      '<title>Shelter asks for quiet New Year – Tierheim Berlin</title>';
    expect(meta(page(head)).title).toEqual({ value: 'Shelter asks for quiet New Year', source: 'title' });
  });

  it('keeps a dash or bar whose other side is not the site', () => {
    const site = '<meta property="og:site_name" content="Town Courier">';
    const og = '<meta property="og:title" content="Storm - what we know so far">';
    expect(meta(page(site + og)).title?.value).toBe('Storm - what we know so far');
    expect(meta(page('<meta property="og:title" content="Storm - Town Courier">')).title?.value).toBe(
      'Storm - Town Courier',
    );
  });

  it('prefers the JSON-LD name to its headline when only the name is in <title> (a description as headline)', () => {
    const html = page(
      '<title>Mozilla - Wikipedia</title>' +
        ld({ '@type': 'Article', name: 'Mozilla', headline: 'free software community' }),
    );
    expect(meta(html).title).toEqual({ value: 'Mozilla', source: 'json-ld' });
    const both = page(ld({ '@type': 'Article', name: 'Short name', headline: 'The headline' }));
    expect(meta(both).title?.value).toBe('The headline');
  });

  it('decodes HTML character references left in JSON-LD strings', () => {
    const html = page(
      ld({
        '@type': 'NewsArticle',
        headline: 'Record: &#8216;Blue&#8217; &amp; more',
        author: 'Redacci&oacute;n',
      }),
    );
    expect(meta(html).title?.value).toBe('Record: ‘Blue’ & more');
    expect(meta(html).byline?.value).toBe('Redacción');
    // Text that only looks like markup stays text.
    expect(meta(page(ld({ '@type': 'NewsArticle', headline: 'Use <b> & </b>' }))).title?.value).toBe(
      'Use <b> & </b>',
    );
  });
});

describe('markup-metadata: authors', () => {
  it('reads "By ..." with the byline rule of the text stage', () => {
    expect(meta(page('<meta name="byl" content="By Jane Doe and John Roe">')).byline?.value).toBe(
      'Jane Doe and John Roe',
    );
  });

  it('does not take a URL, a handle or the site itself for an author', () => {
    const head =
      '<meta property="article:author" content="https://www.facebook.com/janedoe">' +
      '<meta name="twitter:creator" content="@janedoe">' +
      '<meta name="author" content="Town Courier"><meta property="og:site_name" content="Town Courier">';
    expect(meta(page(head)).byline).toBe(null);
  });

  it('collects repeated article:author names', () => {
    const m = meta(
      page(
        '<meta property="article:author" content="Jane Doe"><meta property="article:author" content="John Roe">',
      ),
    );
    expect(m.authors).toEqual({ value: ['Jane Doe', 'John Roe'], source: 'og' });
  });
});

describe('markup-metadata: dates', () => {
  it('keeps a date without a time zone without one', () => {
    expect(
      meta(page('<meta property="article:published_time" content="2021-03-04T09:15">')).published?.value,
    ).toBe('2021-03-04T09:15');
    expect(meta(page(ld({ ...ARTICLE, datePublished: '2021-03-04 09:15:30' }))).published?.value).toBe(
      '2021-03-04T09:15:30',
    );
    expect(meta(page(ld({ ...ARTICLE, datePublished: '2021-03-04' }))).published?.value).toBe('2021-03-04');
  });

  it('keeps the zone and fraction of seconds the page states', () => {
    expect(meta(page(ld({ ...ARTICLE, datePublished: '2021-03-04T09:15:00.000Z' }))).published?.value).toBe(
      '2021-03-04T09:15:00.000Z',
    );
    expect(meta(page(ld({ ...ARTICLE, datePublished: '2021-03-04T09:15:00-0500' }))).published?.value).toBe(
      '2021-03-04T09:15:00-0500',
    );
  });

  it('reads the date forms the text stage reads, and no impossible or unknown ones', () => {
    expect(meta(page('<meta name="date" content="March 4, 2021">')).published?.value).toBe('2021-03-04');
    expect(meta(page('<meta name="date" content="2021-13-04">')).published).toBe(null);
    expect(meta(page('<meta name="date" content="yesterday">')).published).toBe(null);
    expect(meta(page('<meta name="date" content="1614849300">')).published).toBe(null);
  });

  it('falls back to the next source when the first has no readable date', () => {
    const m = meta(
      page(
        ld({ ...ARTICLE, datePublished: 'soon' }) +
          '<meta property="article:published_time" content="2021-03-04">',
      ),
    );
    expect(m.published).toEqual({ value: '2021-03-04', source: 'og' });
  });
});

describe('markup-metadata: language and canonical URL', () => {
  it('reads <html lang> first, as its primary subtag', () => {
    const html = `<html lang="de-DE"><head>${ld(ARTICLE)}<meta property="og:locale" content="fr_FR"></head><body></body></html>`;
    expect(meta(html).language).toEqual({ value: 'de', source: 'html-lang' });
    expect(meta(page('<meta property="og:locale" content="pt_BR">')).language).toEqual({
      value: 'pt',
      source: 'og',
    });
    expect(meta(page('<meta http-equiv="content-language" content="es, en">')).language).toEqual({
      value: 'es',
      source: 'meta',
    });
  });

  it('does not take "und", "mul" or a malformed tag for a language', () => {
    for (const lang of ['und', 'mul', 'x-klingon', 'english language', '']) {
      expect(meta(`<html lang="${lang}"><head></head><body></body></html>`).language).toBe(null);
    }
  });

  it('takes only absolute http(s) canonical URLs', () => {
    expect(meta(page('<link rel="canonical" href="/relative/path">')).canonicalUrl).toBe(null);
    expect(meta(page('<link rel="canonical" href="javascript:alert(1)">')).canonicalUrl).toBe(null);
    const m = meta(
      page('<link rel="canonical" href="/rel"><meta property="og:url" content="https://a.example/x">'),
    );
    expect(m.canonicalUrl).toEqual({ value: 'https://a.example/x', source: 'og' });
  });
});

describe('markup-metadata: hostile input', () => {
  it('is empty for a page without metadata, and for an empty document', () => {
    for (const html of ['', '<p>just text</p>', '<html><head></head><body></body></html>']) {
      expect(Object.values(meta(html)).every((v) => v === null)).toBe(true);
    }
  });

  it('skips a 5 MB JSON-LD block without parsing it, and a 5 MB meta value', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const html = page(
      ld({ '@type': 'NewsArticle', headline: huge, articleBody: huge }) +
        `<meta property="og:title" content="${huge}">` +
        '<title>Small title</title>',
    );
    expect(html.length).toBeGreaterThan(MARKUP_LIMITS.jsonLdChars);
    expect(meta(html).title).toEqual({ value: 'Small title', source: 'title' });
  });

  it('survives JSON-LD nested far deeper than it reads', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(() => meta(page(`<script type="application/ld+json">${deep}</script>`))).not.toThrow();
    const article = { ...ARTICLE, headline: 'Deep headline' };
    let nested: unknown = article;
    for (let i = 0; i < 50; i++) nested = { '@type': 'WebPage', mainEntity: nested };
    // Past the walk's depth bound, the article is not looked for (and nothing throws).
    expect(meta(page(ld(nested))).title).toBe(null);
  });

  it('walks a tree 100,000 elements deep without overflowing the stack', () => {
    // Built by hand: the HTML parser's own tree builder is the front end's concern, not this function's.
    const metaElement: Element = {
      type: 'element',
      tagName: 'meta',
      properties: { name: 'author', content: 'Deep Author' },
      children: [],
    };
    let node: Element = metaElement;
    for (let i = 0; i < 100_000; i++)
      node = { type: 'element', tagName: 'div', properties: {}, children: [node] };
    const tree: Root = { type: 'root', children: [node] };
    expect(markupMetadata(tree).byline).toEqual({ value: 'Deep Author', source: 'meta' });
  });

  it('reads no script but JSON-LD: a JavaScript object literal is not metadata', () => {
    const html = page('<script>var data = {"@type": "NewsArticle", "headline": "From JS"};</script>');
    expect(meta(html).title).toBe(null);
  });
});
