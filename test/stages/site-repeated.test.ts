import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../pipeline/clean.js';
import { newDocState } from '../../stages/document.js';
import { segment } from '../../stages/segment.js';
import type { SiteRepeatedOptions } from '../../stages/site-repeated.js';
import {
  isSiteFurniture,
  lineKey,
  mapDocument,
  pairKey,
  repeatedPairs,
  siteLinesInMemory,
  siteRepeated,
} from '../../stages/site-repeated.js';
import { DEFAULTS, FC_SEED, paragraphs, removedBy, unaccounted } from '../helpers.js';

const OPTIONS: SiteRepeatedOptions = DEFAULTS.siteRepeated;

const MENU = [
  'Home',
  'World',
  'Business',
  'Sign in | Subscribe',
  '© 2026 Example Media Ltd. All rights reserved',
];

/** Article i of a made-up site: the site's menu, an article of its own, the site's footer line. */
function page(i: number, extra: readonly string[] = []): string {
  return [
    MENU.slice(0, 4).join('\n'),
    `Council approves budget number ${i}`,
    `The council voted ${i + 3} to 2 on Tuesday to approve spending plan ${i} for the coming year.`,
    `Officials said the plan ${i} would be reviewed again in the spring, after ${i * 7} residents wrote in to ask for more money for parks, libraries and road repairs, and after the auditors have looked at how last year's money was spent.`,
    ...extra,
    MENU[4]!,
  ].join('\n\n');
}

/** Only segment, then the stage: what site-repeated does on its own, whatever the other stages would do. */
const apply = (text: string, lines: ReadonlySet<number>, options = OPTIONS) =>
  siteRepeated(segment(newDocState(text)), lines, options);

describe('site-repeated: keys', () => {
  it('ignores surrounding and repeated white space, nothing else', () => {
    expect(lineKey('  Sign in |\tSubscribe ')).toBe(lineKey('Sign in | Subscribe'));
    expect(lineKey('Sign in | Subscribe')).not.toBe(lineKey('Sign in | subscribe'));
    expect(lineKey('Home')).not.toBe(lineKey('Home.'));
    expect(Number.isSafeInteger(lineKey('anything at all'))).toBe(true);
  });

  it('maps a text to its distinct candidate lines, ascending, long lines left out', () => {
    const { keys, group } = mapDocument(`Home\n\nWorld\r\nHome\r  \n${'x'.repeat(201)}`, 200);
    expect(group).toBe(lineKey('x'.repeat(201)));
    expect(mapDocument('Home\nA short page', 200).group).toBeNull(); // no paragraph: a group of its own
    expect([...keys]).toEqual([lineKey('Home'), lineKey('World')].sort((a, b) => a - b));
  });

  it('has a key for every body line segment finds, whatever the line ends', () => {
    const line = fc.stringMatching(/^[ \tA-Za-z.é]{0,20}$/);
    const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n', ' \n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, eol), { maxLength: 8 }), (parts) => {
        const text = parts.map(([l, e]) => l + e).join('');
        const keys = new Set(mapDocument(text, 200).keys);
        for (const block of segment(newDocState(text)).blocks)
          expect(keys.has(lineKey(block.text))).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('counts a pair once per document and keeps pairs seen in at least minDocs documents', () => {
    const a = pairKey(0, lineKey('Home'));
    const b = pairKey(1, lineKey('Home'));
    expect(a).not.toBe(b); // the same line on two sites is two pairs
    const counts = repeatedPairs(Float64Array.from([a, b, a, a, b]), 3);
    expect([...counts]).toEqual([[a, 3]]);
  });

  it('needs minDocs documents, minShare of the site and a site of minSiteDocs', () => {
    expect(isSiteFurniture(3, 5, OPTIONS)).toBe(true);
    expect(isSiteFurniture(2, 5, OPTIONS)).toBe(false); // fewer than minDocs (3)
    expect(isSiteFurniture(3, 4, OPTIONS)).toBe(false); // site smaller than minSiteDocs (5)
    expect(isSiteFurniture(19, 100, OPTIONS)).toBe(false); // under minShare (0.2) of the site
    expect(isSiteFurniture(20, 100, OPTIONS)).toBe(true);
  });
});

describe('site-repeated: must remove', () => {
  const pages = Array.from({ length: 6 }, (_, i) => page(i));
  const index = siteLinesInMemory(
    pages.map((text) => ({ site: 'news.example', text })),
    OPTIONS,
  );

  it("learns the site's menu and footer lines, not its articles' lines", () => {
    expect([...index.get('news.example')!].sort()).toEqual(MENU.map(lineKey).sort());
  });

  it('removes them from every page, each logged with its raw span, nothing unaccounted', () => {
    for (const text of pages) {
      const doc = apply(text, index.get('news.example')!);
      expect(removedBy(doc, 'site-repeated')).toEqual(MENU);
      for (const r of doc.removed) expect(text.slice(r.rawStart, r.rawEnd)).toBe(r.text);
      expect(paragraphs(doc).join('\n')).not.toMatch(/Subscribe|All rights reserved|^Home$/mu);
      expect(unaccounted(doc)).toBe('');
    }
  });

  it('runs in the whole chain after the per-document stages, on lines they kept', () => {
    const doc = cleanText(pages[2]!, DEFAULTS, index.get('news.example')!);
    expect(doc.removed.some((r) => r.stage === 'site-repeated')).toBe(true);
    expect(paragraphs(doc).join('\n')).toContain('approve spending plan 2 for the coming year.');
    expect(paragraphs(doc).join('\n')).not.toContain('All rights reserved');
  });
});

describe('site-repeated: must not touch', () => {
  const signOff =
    'This report was produced with support from the Example Foundation, which had no say in its content.';
  const pages = Array.from({ length: 10 }, (_, i) =>
    page(i, [
      signOff,
      // A subheading two articles of ten share: a real line, not furniture (under minDocs and minShare).
      ...(i < 2 ? ['What happens next?'] : []),
    ]),
  );
  const index = siteLinesInMemory(
    pages.map((text) => ({ site: 'news.example', text })),
    OPTIONS,
  );
  const lines = index.get('news.example')!;

  it('keeps a repeated line that reads as prose, and logs it as a finding', () => {
    expect(lines.has(lineKey(signOff))).toBe(true);
    const doc = apply(pages[0]!, lines);
    expect(paragraphs(doc)).toContain(signOff);
    expect(doc.findings.map((f) => [f.rule, f.text])).toEqual([['site-repeated-prose', signOff]]);
    expect(removedBy(doc, 'site-repeated')).toEqual(MENU);
  });

  it("removes repeated prose too only when asked to (prose: 'remove')", () => {
    const doc = apply(pages[0]!, lines, { ...OPTIONS, prose: 'remove' });
    expect(removedBy(doc, 'site-repeated')).toContain(signOff);
    expect(doc.findings).toEqual([]);
  });

  it('keeps a short line only a few of the site’s articles share', () => {
    expect(lines.has(lineKey('What happens next?'))).toBe(false);
    expect(paragraphs(apply(pages[1]!, lines))).toContain('What happens next?');
  });

  it('counts versions of one article (same longest line) as one document', () => {
    // Page 0 crawled four times, each time with another timestamp line: its short subheading is in four
    // documents of the site, but they are one article.
    const versions = [0, 1, 2, 3].map((v) => page(0, ['Key facts', `Updated ${v} hours ago`]));
    const docs = [...versions, ...pages.slice(1, 6)].map((text) => ({ site: 'news.example', text }));
    const learned = siteLinesInMemory(docs, OPTIONS).get('news.example')!;
    expect(learned.has(lineKey('Key facts'))).toBe(false);
    expect(learned.has(lineKey('Home'))).toBe(true);
    expect(paragraphs(apply(versions[3]!, learned))).toContain('Key facts');
  });

  it('learns nothing from a site with fewer than minSiteDocs documents', () => {
    const small = siteLinesInMemory(
      pages.slice(0, 4).map((text) => ({ site: 'small.example', text })),
      OPTIONS,
    );
    expect(small.get('small.example')!.size).toBe(0);
  });

  it('keeps lines another site repeats: each site has its own furniture', () => {
    const docs = [
      ...pages.slice(0, 2).map((text) => ({ site: 'a.example', text })),
      ...pages.slice(2, 4).map((text) => ({ site: 'b.example', text })),
      ...pages.slice(4, 6).map((text) => ({ site: 'c.example', text })),
    ];
    const loose = { ...OPTIONS, minSiteDocs: 2, minDocs: 2 };
    const perSite = siteLinesInMemory(docs, loose);
    // Two documents each: the menu repeats within each site, the article lines never do.
    for (const site of ['a.example', 'b.example', 'c.example'])
      expect(perSite.get(site)!.has(lineKey('Home'))).toBe(true);
    const three = siteLinesInMemory(docs, { ...loose, minDocs: 3 });
    expect([...three.values()].every((set) => set.size === 0)).toBe(true);
  });

  it('changes nothing when disabled or when the site has no furniture', () => {
    const doc = segment(newDocState(pages[0]!));
    expect(siteRepeated(doc, lines, { ...OPTIONS, enabled: false })).toBe(doc);
    expect(siteRepeated(doc, new Set(), OPTIONS)).toBe(doc);
    expect(cleanText(pages[0]!, DEFAULTS)).toEqual(cleanText(pages[0]!, DEFAULTS, new Set()));
  });

  it('never touches lines that are not body any more (title, removed lines)', () => {
    const text = 'The title of this page\n\nA body line that stays here.\n\nRead More: Other story';
    const doc = cleanText(
      text,
      DEFAULTS,
      new Set(['The title of this page', 'Read More: Other story'].map(lineKey)),
    );
    expect(doc.metadata.title).toBe('The title of this page');
    expect(doc.removed.map((r) => r.stage)).not.toContain('site-repeated');
    expect(removedBy(doc, 'read-more')).toEqual(['Read More: Other story']);
  });
});
