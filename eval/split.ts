/**
 * The site-disjoint split of the dev sets into a "tune" half and a "holdout" half.
 *
 * Why: a rule tuned on a page also fits that page's siblings on the same site (same menus, same footer, same
 * teaser blocks), so a split by page would let the tuning leak into the figure meant to show whether a rule
 * generalises. Every page is given a site key, and the half is a pure function of that key: all pages of one
 * site fall on the same side, in every set (quantamagazine.org is in extraction-dev and readability-pages and
 * lands on the same half in both), and on every machine.
 *
 * The site key is the registrable domain (the public-suffix list's "eTLD+1", ICANN section, via tldts), so
 * `www.`/`blog.`/`jamaica.` prefixes and the blogs of one hosting platform (`*.wordpress.com`) stay together:
 * they share the platform's furniture, and putting them together is the stricter choice. Over-merging only
 * makes the halves a little less even; under-merging would leak.
 *
 * The half: the first 32 bits of sha256(site key), even → tune, odd → holdout. Nothing is tuned on the split
 * itself (no salt was searched for to balance it); the halves hold about half of each set's pages.
 */
import { createHash } from 'node:crypto';
import { parse } from 'tldts';

export type Half = 'tune' | 'holdout';
export const HALVES: readonly Half[] = ['tune', 'holdout'];

/** The half of a site key: sha256 of the key's UTF-8 bytes, first 32 bits, even → tune. */
export function halfOf(site: string): Half {
  const first = createHash('sha256').update(site, 'utf8').digest().readUInt32BE(0);
  return first % 2 === 0 ? 'tune' : 'holdout';
}

/** Registrable domain of a host name ("www.cbsnews.com" → "cbsnews.com"), or null when it has none. */
export function domainOfHost(host: string): string | null {
  const parsed = parse(host.trim().toLowerCase());
  return parsed.isIcann && parsed.domain ? parsed.domain : null;
}

/**
 * Site of a page URL. The host of the LAST absolute URL in the string, so that an archive's wrapper
 * (`https://web.archive.org/web/2011…/http://example.de/…`) counts as the archived site, and stray bytes
 * before the scheme (`xhttps://…`) or after the URL (a trailing space) do not matter.
 */
export function siteOfUrl(url: string): string | null {
  const starts = [...url.matchAll(/https?:\/\//giu)];
  const last = starts.at(-1);
  if (!last) return null;
  const rest = url.slice(last.index).trim();
  let host: string;
  try {
    host = new URL(rest).hostname;
  } catch {
    return null;
  }
  return domainOfHost(host);
}

/**
 * Site of a file name that begins with a host: trafilatura's "hard" pages are keyed by names such as
 * `100noticias.com-millones.html`, `gofeminin.de.abnehmen.html` or `diaadia.com.pa-ulpiano.html` (a host,
 * then `-` or `.`, then a slug). The host is the longest run of leading dot-separated labels (before the
 * first `-`) that ends in a public suffix of the ICANN list: `diaadia.com.pa`, not `diaadia.com`; and
 * `gofeminin.de`, since `abnehmen` is no suffix.
 */
export function siteOfFileName(name: string): string | null {
  const stem = name.replace(/\.html?$/iu, '').split('-')[0]!;
  const labels = stem.split('.');
  for (let n = labels.length; n >= 2; n--) {
    const domain = domainOfHost(labels.slice(0, n).join('.'));
    if (domain) return domain;
  }
  return null;
}

/** A readability test page: its name, and the canonical URL its HTML declares (null when none). */
export interface NamedPage {
  readonly name: string;
  readonly canonicalUrl: string | null;
}

/**
 * Names of Readability.js test pages known to be copies of one site's page, for pages whose HTML declares
 * no canonical URL: both lifehacker pages are the same lifehacker.com article (same title).
 */
export const READABILITY_SAME_SITE: ReadonlyArray<readonly [string, string]> = [
  ['lifehacker-post-comment-load', 'lifehacker-working'],
];

/** A test page name with its numbering stripped: "nytimes-3" → "nytimes", "wikipedia" → "wikipedia". */
export function nameStem(name: string): string {
  return name.replace(/-\d+$/u, '');
}

/**
 * Site keys of the Readability.js test pages. Their names are features or sites, often numbered
 * ("nytimes-1" … "nytimes-5"); many pages' HTML names their canonical URL. Pages are grouped when their
 * canonical URLs have the same registrable domain, when READABILITY_SAME_SITE pairs them, and when their
 * name stems are equal, except that a numbered series whose pages name different domains is a feature
 * series ("lazy-image-1" is on medium.com, "lazy-image-2" on kotaku.com), not a site: there only the pages
 * without a canonical URL are grouped by stem. A group's key is its smallest domain (so a site has the same
 * key, and the same half, as in the other sets), else its smallest name stem.
 */
export function readabilitySites(pages: readonly NamedPage[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const [low, high] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(high, low); // the smaller key is the root: the same groups in any input order
  };
  const node = (kind: string, value: string) => {
    const key = `${kind}:${value}`;
    if (!parent.has(key)) parent.set(key, key);
    return key;
  };
  const domains = new Map<string, string | null>();
  const stemDomains = new Map<string, Set<string>>();
  for (const page of pages) {
    const domain = page.canonicalUrl ? siteOfUrl(page.canonicalUrl) : null;
    domains.set(page.name, domain);
    const stem = nameStem(page.name);
    if (!stemDomains.has(stem)) stemDomains.set(stem, new Set());
    if (domain) stemDomains.get(stem)!.add(domain);
  }
  for (const page of pages) {
    const self = node('page', page.name);
    const domain = domains.get(page.name);
    if (domain) union(self, node('domain', domain));
    const stem = nameStem(page.name);
    if (!domain || stemDomains.get(stem)!.size <= 1) union(self, node('stem', stem));
  }
  for (const [a, b] of READABILITY_SAME_SITE) {
    if (parent.has(`page:${a}`) && parent.has(`page:${b}`)) union(`page:${a}`, `page:${b}`);
  }
  const groupKey = new Map<string, string>();
  for (const page of pages) {
    const root = find(`page:${page.name}`);
    const domain = domains.get(page.name);
    const candidate = domain ?? `~${nameStem(page.name)}`; // '~' sorts after letters: a domain wins
    const known = groupKey.get(root);
    if (known === undefined || candidate < known) groupKey.set(root, candidate);
  }
  return new Map(
    pages.map((page) => [page.name, groupKey.get(find(`page:${page.name}`))!.replace(/^~/u, '')]),
  );
}

/**
 * The canonical URL an HTML page declares: `<link rel="canonical" href>` or `<meta property="og:url"
 * content>`, the first found. Attribute order and quoting vary, so each tag is read on its own.
 */
export function canonicalUrlOf(html: string): string | null {
  for (const tag of html.matchAll(/<(?:link|meta)\b[^>]*>/giu)) {
    const text = tag[0];
    const attr = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'iu')
        .exec(text)
        ?.slice(1)
        .find(Boolean);
    const rel = attr('rel');
    const property = attr('property') ?? attr('name');
    const url =
      rel && /(^|\s)canonical(\s|$)/iu.test(rel)
        ? attr('href')
        : property?.toLowerCase() === 'og:url'
          ? attr('content')
          : undefined;
    if (url && /^https?:\/\//iu.test(url.trim())) return url.trim();
  }
  return null;
}
