import { describe, expect, it } from 'vitest';
import { creditOf } from '../../stages/boilerplate.js';
import { type DocState, newDocState } from '../../stages/document.js';
import {
  LOCAL_DATE_LANGUAGES,
  localMonthNumber,
  metadata,
  parseByline,
  parseDateline,
  siteKey,
  splitSection,
  stripSiteName,
} from '../../stages/metadata.js';
import { segment } from '../../stages/segment.js';
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

  it('reads a date line in the page language: month names, day-first numbers, label and clock', () => {
    expect(LOCAL_DATE_LANGUAGES).toEqual(['de', 'fr', 'es', 'pt', 'it', 'nl', 'pl']);
    expect(parseDateline('11. April 2020', 'de')).toBe('2020-04-11');
    expect(parseDateline('Montag, 12.12.2022 | 12:48:15', 'de')).toBe('2022-12-12T12:48:15');
    expect(parseDateline('Aktualisiert am 11.04.2020 um 10.27 Uhr', 'de')).toBe('2020-04-11T10:27');
    expect(parseDateline('Aktualisiert: 11.04.2020, 10:27', 'de')).toBe('2020-04-11T10:27');
    expect(parseDateline('VERÖFFENTLICHT AM 07.06.2019', 'de')).toBe('2019-06-07');
    expect(parseDateline('7. Jun 2017, 11:19', 'de')).toBe('2017-06-07T11:19');
    expect(parseDateline('Stand: 2020-04-11, 10:27 Uhr', 'de')).toBe('2020-04-11T10:27');
    expect(parseDateline('3 mai 2021', 'fr')).toBe('2021-05-03');
    expect(parseDateline('1er mai 2021', 'fr')).toBe('2021-05-01');
    expect(parseDateline('Publié le 3 mai 2021 à 22h04', 'fr')).toBe('2021-05-03T22:04');
    expect(parseDateline('14/01/2020', 'fr')).toBe('2020-01-14');
    expect(parseDateline('5 de marzo de 2022', 'es')).toBe('2022-03-05');
    expect(parseDateline('Publicado el 21 de abril de 2022 a las 22:04h', 'es')).toBe('2022-04-21T22:04');
    expect(parseDateline('Publicado em 5 de março de 2022 às 10h27', 'pt')).toBe('2022-03-05T10:27');
    expect(parseDateline('Pubblicato il 3 maggio 2021 alle 10:27', 'it')).toBe('2021-05-03T10:27');
    expect(parseDateline('Bijgewerkt op 11 april 2020 om 10.27 uur', 'nl')).toBe('2020-04-11T10:27');
    expect(parseDateline('11-04-2020', 'nl')).toBe('2020-04-11');
    // Polish writes the month in the genitive.
    expect(parseDateline('11 kwietnia 2020', 'pl')).toBe('2020-04-11');
    expect(parseDateline('Opublikowano: 11.04.2020, 10:27', 'pl')).toBe('2020-04-11T10:27');
    // A zone only when the page states one, as in English; a zone we do not read is no date line at all.
    expect(parseDateline('11. April 2020, 10:27 UTC', 'de')).toBe('2020-04-11T10:27Z');
    expect(parseDateline('11. April 2020, 10:27 MEZ', 'de')).toBe(null);
  });

  it('reads month names by the one month they can be', () => {
    expect(localMonthNumber('juil', 'fr')).toBe(7);
    expect(localMonthNumber('juin', 'fr')).toBe(6);
    expect(localMonthNumber('jui', 'fr')).toBe(0); // juin or juillet
    expect(localMonthNumber('października', 'pl')).toBe(10);
    expect(localMonthNumber('Mrz', 'de')).toBe(0);
  });

  it('takes no ambiguous, impossible or prose date in another language', () => {
    expect(parseDateline('32.13.2020', 'de')).toBe(null);
    expect(parseDateline('31.02.2020', 'de')).toBe(null);
    expect(parseDateline('11.04.2020, 25:10', 'de')).toBe(null);
    expect(parseDateline('3 jui 2021', 'fr')).toBe(null);
    expect(parseDateline('Stand der Dinge 2020', 'de')).toBe(null);
    expect(parseDateline('2020', 'de')).toBe(null);
    expect(parseDateline('Bis 2025', 'de')).toBe(null);
    expect(parseDateline('Am 11. April 2020 kam es zum Streit.', 'de')).toBe(null);
    expect(parseDateline('Glyphosat bis 15.12.2023 verlängert', 'de')).toBe(null);
    expect(parseDateline('Le 3 mai 2021, la ville a voté.', 'fr')).toBe(null);
    // "10.27" is a clock only before an hour word; "11.04.2020, 10.27" is no form we read.
    expect(parseDateline('11.04.2020, 10.27', 'de')).toBe(null);
    // On an English page (or with no language given) a numeric date may be month first: never read.
    expect(parseDateline('11/04/2020', 'en')).toBe(null);
    expect(parseDateline('11.04.2020')).toBe(null);
    expect(parseDateline('11/04/2020', 'und')).toBe(null);
    // Another language's month names are not read on a page in a third language.
    expect(parseDateline('3 mai 2021', 'it')).toBe(null);
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

/** The metadata stage on `text` split into lines, as on a page the language stage found in `language`. */
function metadataIn(text: string, language: string): DocState {
  const doc = segment(newDocState(text));
  return metadata({ ...doc, metadata: { ...doc.metadata, language } });
}

describe('metadata: datelines in the page language', () => {
  const prose =
    'Die Stadt hat am Dienstag beschlossen, die Bibliothek am 11. April 2020 wieder zu öffnen, sagte der Bürgermeister.';

  it('takes the line into published, out of the body, logged as a dateline', () => {
    const doc = metadataIn(
      `Bibliothek öffnet wieder\n\nAktualisiert am 11.04.2020 um 10.27 Uhr\n\n${prose}`,
      'de',
    );
    expect(doc.metadata.published).toBe('2020-04-11T10:27');
    expect(doc.removed.map((r) => `${r.stage} ${r.rule}: ${r.text}`)).toEqual([
      'metadata title: Bibliothek öffnet wieder',
      'metadata dateline: Aktualisiert am 11.04.2020 um 10.27 Uhr',
    ]);
    expect(doc.blocks.filter((b) => b.role === 'body').map((b) => b.text)).toEqual([prose]);
  });

  it('leaves prose with dates, "Stand der Dinge 2020" and a bare year in the body', () => {
    const lines = ['Stand der Dinge 2020', '2020', prose];
    const doc = metadataIn(`Bibliothek öffnet wieder\n\n${lines.join('\n\n')}`, 'de');
    expect(doc.metadata.published).toBe(null);
    expect(doc.removed.map((r) => r.rule)).toEqual(['title']);
    expect(doc.blocks.filter((b) => b.role === 'body').map((b) => b.text)).toEqual(lines);
  });

  it('reads a day-first date only on a page in a language that writes it so', () => {
    const text = `Library reopens\n\n11/04/2020\n\n${prose}`;
    expect(metadataIn(text, 'en').metadata.published).toBe(null);
    expect(metadataIn(text, 'fr').metadata.published).toBe('2020-04-11');
  });
});
