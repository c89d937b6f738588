import { describe, expect, it } from 'vitest';
import { creditOf } from '../../stages/boilerplate.js';
import { parseByline, parseDateline, siteKey, splitSection, stripSiteName } from '../../stages/metadata.js';
import { clean, paragraphs, removedBy, seed } from '../helpers.js';

describe('metadata: the seeds', () => {
  it('000: title is the first line; two standfirst lines', () => {
    const doc = clean(seed('000'));
    expect(doc.metadata.title).toBe(
      'Lukashenko invited the All-Belarusian People’s Assembly to discuss constitutional reforms',
    );
    expect(doc.metadata.standfirst).toEqual([
      'Belarus president, leader since 1994, says he has too much power',
      'Opposition sees in this event Lukashenka’s new attempt to stay in power',
    ]);
    expect(paragraphs(doc)[0]).toMatch(/^President Alexander Lukashenko on Thursday opened/);
  });

  it('004: a trailing " | European news" goes to section', () => {
    const doc = clean(seed('004'));
    expect(doc.metadata.title).toBe('Lukashenko asks for Putin’s help in trying to survive mass protests');
    expect(doc.metadata.section).toBe('European news');
  });

  it('004: "The Russian leader accepts..." is kept (as the first paragraph), never lost', () => {
    const doc = clean(seed('004'));
    const kept = [...doc.metadata.standfirst, ...paragraphs(doc)].join('\n');
    expect(kept).toContain('The Russian leader accepts a $1.5 billion loan with Minsk');
  });

  it('003: byline, dateline and picture credits', () => {
    const doc = clean(seed('003'));
    expect(doc.metadata.byline).toBe('Press Association');
    expect(doc.metadata.published).toBe('2020-11-27T17:44');
    expect(doc.metadata.credits).toEqual(['PA', 'AP']);
    const body = paragraphs(doc).join('\n');
    for (const gone of ['By Press Association', '27 November 2020', 'Picture: PA', '(AP)']) {
      expect(body).not.toContain(gone);
    }
    expect(doc.removed.filter((r) => r.stage === 'metadata').map((r) => `${r.rule}: ${r.text}`)).toEqual([
      'title: Belarus president says he will leave position if constitution changes',
      'dateline: 27 November 2020, 17:44',
      'byline: By Press Association',
    ]);
  });

  it('001 and 002 have no section, byline or date', () => {
    for (const name of ['001', '002']) {
      const { metadata } = clean(seed(name));
      expect(metadata).toMatchObject({ section: null, byline: null, published: null });
    }
  });
});

describe('metadata: the byline of a list of articles', () => {
  // A section front: each teaser is a headline, a one-sentence summary and its own byline.
  const teaser = (headline: string, summary: string, byline: string) =>
    `${headline}\n\n${summary}\n\n${byline}`;
  const front = [
    teaser(
      'The harbour reopens after the storm',
      'Ferries ran again on Tuesday after a week of repairs to the piers and the lighthouse on the point.',
      'By Ana Torres',
    ),
    teaser(
      'A new school year with fewer teachers',
      'Schools in the valley start the year with twelve posts still open and larger classes in the first grades.',
      'By Peter Lindqvist',
    ),
    teaser(
      'How the market stalls survived the winter',
      'The traders who stayed through the cold months say the new roof over the square made the difference.',
      'By Maria Keller',
    ),
  ].join('\n\n');

  it("takes none of three different names as the page's byline, and keeps every byline line as text", () => {
    const doc = clean(front);
    expect(doc.metadata.byline).toBe(null);
    expect(removedBy(doc, 'byline')).toEqual([]);
    const body = paragraphs(doc).join('\n');
    for (const name of ['By Ana Torres', 'By Peter Lindqvist', 'By Maria Keller'])
      expect(body).toContain(name);
  });

  it("still takes an article's byline when one other name (a related story's) follows", () => {
    const article = [
      'Harbour reopens after a week of storm repairs',
      'By Ana Torres',
      'Ferries ran again on Tuesday after a week of repairs to the piers. The harbour master said the work was done early.',
      'Traders on the quay said the week had cost them dearly, and asked the town for help with the lost takings.',
      'Related: the lighthouse on the point gets a new lamp',
      'By Peter Lindqvist',
    ].join('\n\n');
    const doc = clean(article);
    expect(doc.metadata.byline).toBe('Ana Torres');
    expect(removedBy(doc, 'byline')).toEqual(['By Ana Torres']);
  });

  it('still takes a byline that the page repeats under one name', () => {
    const article = [
      'Harbour reopens after a week of storm repairs',
      'By Ana Torres',
      'Ferries ran again on Tuesday after a week of repairs to the piers. The harbour master said the work was done early.',
      'By Ana Torres',
      'Traders on the quay said the week had cost them dearly, and asked the town for help with the lost takings.',
      'By Ana Torres',
    ].join('\n\n');
    const doc = clean(article);
    expect(doc.metadata.byline).toBe('Ana Torres');
    expect(removedBy(doc, 'byline')).toEqual(['By Ana Torres']);
  });
});

describe('metadata: the title', () => {
  it('is not taken from a first line that is a paragraph of prose', () => {
    const prose =
      'The president spoke on Monday. He said the reform would come next year and that talks would go on.';
    const doc = clean(`${prose}\n\nA second paragraph follows here, with more detail on the reform.`);
    expect(doc.metadata.title).toBe(null);
    expect(paragraphs(doc)[0]).toBe(prose);
  });

  it('is taken from a short first line even when it ends with a full stop (002)', () => {
    expect(clean(seed('002')).metadata.title).toBe(
      'The Belarussian president has sought Putin’s help to stay in power.',
    );
  });
});

describe('metadata: parsers', () => {
  it('reads common date lines without inventing a time zone', () => {
    expect(parseDateline('27 November 2020, 17:44')).toBe('2020-11-27T17:44');
    expect(parseDateline('November 27, 2020')).toBe('2020-11-27');
    expect(parseDateline('Published: Nov. 27, 2020 5:44 pm')).toBe('2020-11-27T17:44');
    expect(parseDateline('Friday 27th November 2020')).toBe('2020-11-27');
    expect(parseDateline('2020-11-27T17:44:05')).toBe('2020-11-27T17:44:05');
    expect(parseDateline('2020-11-27T17:44:05.250Z')).toBe('2020-11-27T17:44:05.250Z');
    expect(parseDateline('2020-11-27T17:44.250')).toBe(null); // a fraction needs seconds
    expect(parseDateline('2020-11-27 17:44 UTC')).toBe(null); // not a form we read: no guess either
    expect(parseDateline('27 November 2020, 17:44 GMT')).toBe('2020-11-27T17:44Z');
  });

  it('does not take sentences or impossible dates for a date line', () => {
    expect(parseDateline('On 27 November 2020 the president spoke.')).toBe(null);
    expect(parseDateline('32 November 2020')).toBe(null);
    expect(parseDateline('27 November 2020, 25:10')).toBe(null);
    expect(parseDateline('Since 1994')).toBe(null);
  });

  it('reads bylines, not sentences that start with "By"', () => {
    expect(parseByline('By Press Association')).toBe('Press Association');
    expect(parseByline('By Jane Doe and John Smith')).toBe('Jane Doe and John Smith');
    expect(parseByline('By Monday, the protests had grown.')).toBe(null);
    expect(parseByline('By the end of the day')).toBe(null);
  });

  it('reads picture credits at the end of a caption', () => {
    expect(creditOf('Belarus Lukashenko. Picture: PA')).toBe('PA');
    expect(creditOf('victory sparked widespread protests (AP)')).toBe('AP');
    expect(creditOf('in Washington. (AP Photo/Evan Vucci)')).toBe('AP Photo/Evan Vucci');
    expect(creditOf('Belarus Protests')).toBe(null);
  });
});

describe('metadata: title and site name', () => {
  it('splits a trailing " | ..." off a title, and nothing else', () => {
    expect(splitSection('Lukashenko asks for help | European news')).toEqual({
      title: 'Lukashenko asks for help',
      section: 'European news',
    });
    expect(splitSection('Storm - what we know')).toEqual({ title: 'Storm - what we know', section: null });
  });

  it('cuts only a site name the caller knows, and never the whole title', () => {
    const sites = new Set([siteKey('MDR.DE'), siteKey('Town Courier')]);
    expect(stripSiteName('Shops reopen | mdr.de', sites)).toBe('Shops reopen');
    expect(stripSiteName('Town Courier - Shops reopen', sites)).toBe('Shops reopen');
    expect(stripSiteName('Shops reopen - mdr.de', new Set())).toBe('Shops reopen - mdr.de');
    expect(stripSiteName('Shops - reopen', sites)).toBe('Shops - reopen');
    expect(stripSiteName('Town Courier', sites)).toBe('Town Courier');
    // A hyphen inside a word is no separator.
    expect(stripSiteName('Post-Town Courier', sites)).toBe('Post-Town Courier');
  });
});
