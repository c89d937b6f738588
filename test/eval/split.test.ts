import { describe, expect, it } from 'vitest';
import { placements, SETS } from '../../eval/data.js';
import {
  canonicalUrlOf,
  domainOfHost,
  halfOf,
  nameStem,
  readabilitySites,
  siteOfFileName,
  siteOfUrl,
} from '../../eval/split.js';

describe('halfOf: the first 32 bits of sha256(site key), even = tune', () => {
  it('gives the halves python3 hashlib gives for the same keys', () => {
    // int.from_bytes(hashlib.sha256(k.encode()).digest()[:4], 'big') % 2, computed with CPython:
    // nytimes.com 4059026308, quantamagazine.org 1301273270, wordpress.com 3574967439, example.org 3215704948
    expect(halfOf('nytimes.com')).toBe('tune');
    expect(halfOf('quantamagazine.org')).toBe('tune');
    expect(halfOf('wordpress.com')).toBe('holdout');
    expect(halfOf('example.org')).toBe('tune');
  });
});

describe('site keys', () => {
  it('a host is reduced to its registrable domain, so subdomains and hosted blogs stay together', () => {
    expect(domainOfHost('www.cbsnews.com')).toBe('cbsnews.com');
    expect(domainOfHost('WWW.Express.co.uk')).toBe('express.co.uk');
    expect(domainOfHost('www1.folha.uol.com.br')).toBe('uol.com.br');
    expect(domainOfHost('gnaur.wordpress.com')).toBe('wordpress.com');
    expect(domainOfHost('localhost')).toBeNull();
  });

  it('a URL counts as the last site it names: archive wrappers, stray prefixes and trailing spaces', () => {
    expect(siteOfUrl('https://www.zeit.de/2019/43/x')).toBe('zeit.de');
    expect(siteOfUrl('https://web.archive.org/web/20110106023242/http://dzs-clan.de/index.php?site=x')).toBe(
      'dzs-clan.de',
    );
    expect(siteOfUrl('xhttps://www.zoo-berlin.de/de/aktuelles')).toBe('zoo-berlin.de');
    expect(siteOfUrl('https://www.rtl.de/cms/bericht.html ')).toBe('rtl.de');
    expect(siteOfUrl('hard::blog.python.org.html')).toBeNull();
  });

  it('a file name that starts with a host gives the longest leading host with a public suffix', () => {
    expect(siteOfFileName('100noticias.com-millones.html')).toBe('100noticias.com');
    expect(siteOfFileName('diaadia.com.pa-ulpiano.html')).toBe('diaadia.com.pa');
    expect(siteOfFileName('gofeminin.de.abnehmen.html')).toBe('gofeminin.de');
    expect(siteOfFileName('mercurynews.com.2023.01.16.letters-1119.html')).toBe('mercurynews.com');
    expect(siteOfFileName('jamaica.gleaner.com-victims.html')).toBe('gleaner.com');
    expect(siteOfFileName('blog.python.org.html')).toBe('python.org');
    expect(siteOfFileName('no-host-here.html')).toBeNull();
  });

  it('a test page name loses only a trailing number', () => {
    expect(nameStem('nytimes-3')).toBe('nytimes');
    expect(nameStem('bug-1255978')).toBe('bug');
    expect(nameStem('lifehacker-working')).toBe('lifehacker-working');
    expect(nameStem('001')).toBe('001');
  });

  it('readability pages group by numbering and canonical domain, but a feature series across sites does not', () => {
    const sites = readabilitySites([
      { name: 'wikipedia', canonicalUrl: 'https://en.wikipedia.org/wiki/Mozilla' },
      { name: 'wikipedia-4', canonicalUrl: null },
      { name: 'nytimes-1', canonicalUrl: 'https://www.nytimes.com/a' },
      { name: 'nytimes-2', canonicalUrl: null },
      { name: 'lazy-image-1', canonicalUrl: 'https://medium.com/x' },
      { name: 'lazy-image-2', canonicalUrl: 'https://kotaku.com/y' },
      { name: 'medium-1', canonicalUrl: 'https://medium.com/z' },
      { name: 'lifehacker-working', canonicalUrl: null },
      { name: 'lifehacker-post-comment-load', canonicalUrl: null },
      { name: 'webmd-1', canonicalUrl: null },
      { name: 'webmd-2', canonicalUrl: null },
    ]);
    expect(Object.fromEntries(sites)).toEqual({
      wikipedia: 'wikipedia.org',
      'wikipedia-4': 'wikipedia.org',
      'nytimes-1': 'nytimes.com',
      'nytimes-2': 'nytimes.com',
      'lazy-image-1': 'medium.com',
      'lazy-image-2': 'kotaku.com',
      'medium-1': 'medium.com',
      // READABILITY_SAME_SITE: one lifehacker article saved twice, no canonical URL in either.
      'lifehacker-working': 'lifehacker-post-comment-load',
      'lifehacker-post-comment-load': 'lifehacker-post-comment-load',
      'webmd-1': 'webmd',
      'webmd-2': 'webmd',
    });
  });

  it('reads the canonical URL from link rel=canonical or og:url, in any attribute order', () => {
    expect(canonicalUrlOf('<head><link href="https://a.example.com/x" rel="canonical"></head>')).toBe(
      'https://a.example.com/x',
    );
    expect(canonicalUrlOf("<meta content='http://b.example.org/' property='og:url' />")).toBe(
      'http://b.example.org/',
    );
    expect(canonicalUrlOf('<link rel="stylesheet" href="https://c.example.net/s.css">')).toBeNull();
    expect(canonicalUrlOf('<link data-rel="canonical" href="https://d.example.net/">')).toBeNull();
    expect(canonicalUrlOf('<link rel="canonical" href="/relative/path">')).toBeNull();
  });
});

describe('the split of the three dev sets', () => {
  const all = SETS.map((set) => ({ set, pages: placements(set) }));

  it.each(SETS)('%s: every site on one side only, and each half holds 40-60%% of the pages', (set) => {
    const pages = all.find((s) => s.set === set)!.pages;
    const sides = new Map<string, Set<string>>();
    for (const p of pages) sides.set(p.site, (sides.get(p.site) ?? new Set()).add(p.half));
    expect([...sides].filter(([, halves]) => halves.size > 1)).toEqual([]);
    const tune = pages.filter((p) => p.half === 'tune').length / pages.length;
    expect(tune).toBeGreaterThan(0.4);
    expect(tune).toBeLessThan(0.6);
  });

  it('pages of one site are kept together, e.g. the five New York Times pages and the wordpress.com blogs', () => {
    const readability = all.find((s) => s.set === 'readability-pages')!.pages;
    const nytimes = readability.filter((p) => p.id.startsWith('rdb-nytimes-'));
    expect(nytimes).toHaveLength(5);
    expect(new Set(nytimes.map((p) => p.site))).toEqual(new Set(['nytimes.com']));
    const snippets = all.find((s) => s.set === 'snippets-dev')!.pages;
    expect(snippets.filter((p) => p.site === 'wordpress.com').length).toBeGreaterThan(10);
  });

  it('a site found in several sets is on the same side in all of them', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { pages } of all) {
      for (const p of pages) {
        const known = seen.get(p.site);
        if (known && known !== p.half) clashes.push(p.site);
        seen.set(p.site, p.half);
      }
    }
    expect(clashes).toEqual([]);
    // theguardian.com is in all three sets.
    const guardian = all.map(({ pages }) => pages.filter((p) => p.site === 'theguardian.com').length);
    expect(guardian.every((n) => n > 0)).toBe(true);
  });
});
