/**
 * Issue 14 item 4: comment headings, related-story headings, calls to action and author boxes in en, de, fr,
 * es, pt, it, pl, nl and ru, built from the phrase lists in stages/lexicon.ts. Each kind has lines it
 * must remove in every language and prose that looks similar that it must not touch.
 */
import { describe, expect, it } from 'vitest';
import { boilerplate, DEFAULT_RULES } from '../../stages/boilerplate.js';
import { bodyText, newDocState } from '../../stages/document.js';
import { PAGE_PHRASES, PHRASE_LANGUAGES } from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';

const options = { disable: [], extraRules: [] };
const run = (...paragraphs: string[]) => boilerplate(segment(newDocState(paragraphs.join('\n\n'))), options);
const ruleOf = (text: string) => {
  const doc = run('Some title line here', text);
  return doc.removed.find((r) => r.text === text)?.rule ?? null;
};
const BIO =
  'Jane Doe has covered city politics for the paper since 2015 and lives in the old town with her two cats.';
const LONG =
  'The council said on Monday that it would review the plan again in the spring, after residents had asked for more time to study the figures and the engineers had finished their report on the state of the old bridge, which is now more than a hundred years old and carries twice the traffic it was built for.';

describe('phrase lists', () => {
  it('cover the nine languages, each with every kind of phrase (comment prompts and section words: English)', () => {
    expect([...PHRASE_LANGUAGES].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'ru']);
    // Other languages list their comment prompts with their comment headings.
    const englishOnly = new Set(['commentPrompts', 'commentSectionWords']);
    for (const language of PHRASE_LANGUAGES) {
      for (const [kind, phrases] of Object.entries(PAGE_PHRASES[language])) {
        if (language !== 'en' && englishOnly.has(kind)) continue;
        expect(phrases.length, `${language} ${kind}`).toBeGreaterThan(0);
        for (const phrase of phrases) expect(() => new RegExp(`^(?:${phrase})$`, 'iu')).not.toThrow();
      }
    }
  });

  it('rules built from them declare their languages', () => {
    for (const id of ['comment-heading', 'related-heading', 'call-to-action', 'author-box']) {
      const rule = DEFAULT_RULES.find((r) => r.id === id);
      expect(rule?.languages).toEqual(PHRASE_LANGUAGES);
    }
  });
});

describe('comment-heading', () => {
  it.each([
    '34 responses to “Why the bridge must close”',
    'Kommentare (12)',
    '5 Kommentare',
    'Commentaires',
    'Laisser un commentaire',
    'Comentarios (3)',
    'Deixe um comentário',
    'Lascia un commento',
    'Komentarze (7)',
    'Plaats een reactie',
    'Комментарии (4)',
  ])('%j is a comment heading (or an earlier English comment rule)', (text) => {
    expect(['comment-heading', 'comment-prompt']).toContain(ruleOf(text));
  });

  it.each([
    'Die Kommentare des Ministers sorgten für Aufregung.',
    'Les commentaires du ministre ont été critiqués.',
    'Three responses to the crisis were discussed at the summit on Monday.',
    'Reacties van bewoners waren overwegend positief.',
  ])('must not touch %j', (text) => {
    expect(ruleOf(text)).toBeNull();
  });
});

describe('related-heading: a heading over other stories, and the list after it', () => {
  it.each([
    "Editors' Picks",
    'Mehr zum Thema',
    'Mehr zum Thema Mac OS X',
    'À lire aussi',
    'Lee también',
    'Leia também',
    'Leggi anche',
    'Czytaj też',
    'Lees ook',
    'Читайте также',
  ])('%j starts a related list', (text) => {
    const doc = run('Title of the story', text, 'Another story about something else', LONG);
    const rules = new Map(doc.removed.map((r) => [r.text, r.rule]));
    expect(rules.get(text)).toBe('related-heading');
    expect(rules.get('Another story about something else')).toBe('related-heading');
    expect(bodyText(doc)).toContain(LONG);
  });

  it.each([
    'Lesen Sie auch den Kommentar unseres Korrespondenten in Berlin, der die Lage anders einschätzt.',
    'Il faut lire aussi le rapport de la commission, publié la semaine dernière.',
    'Czytaj też, co o tym sądzą eksperci z Krakowa, którzy badali sprawę od lat.',
  ])('must not touch %j (a sentence, not a heading)', (text) => {
    expect(ruleOf(text)).toBeNull();
  });
});

describe('call-to-action', () => {
  it.each([
    'Subscribe to our newsletter',
    'Follow us on Instagram',
    'Newsletter abonnieren',
    'Folgen Sie uns auf Twitter',
    'Abonnez-vous à notre newsletter',
    'Suivez-nous sur Facebook',
    'Síguenos en Twitter',
    'Compartir en Facebook',
    'Siga-nos no Instagram',
    'Iscriviti alla newsletter',
    'Seguici su Facebook',
    'Obserwuj nas na Facebooku',
    'Czytaj dalej',
    'Volg ons op Twitter',
    'Lees verder',
    'Подписывайтесь на наш канал',
    'Поделиться',
  ])('%j is a call to action (or an earlier share rule)', (text) => {
    expect(['call-to-action', 'share-prompt']).toContain(ruleOf(text));
  });

  it.each([
    'Thousands of readers subscribe to the print edition every year, the publisher said.',
    'Wir teilen die Sorgen der Anwohner, sagte der Bürgermeister.',
    'Les abonnés pourront suivre le match en direct sur la chaîne.',
    'Volg ons niet blind, zei de trainer na afloop.',
    'Подписаться на рассылку можно на сайте министерства, сообщили в ведомстве.',
  ])('must not touch %j', (text) => {
    expect(ruleOf(text)).toBeNull();
  });
});

describe('author-box: the heading and the short biography under it', () => {
  it.each([
    'About the author',
    'Über den Autor',
    "À propos de l'auteur",
    'Sobre el autor',
    'Sobre a autora',
    "Sull'autore",
    'O autorze',
    'Over de auteur',
    'Об авторе',
  ])('%j removes itself and the next paragraph', (text) => {
    const doc = run('Title of the story', LONG, text, BIO, 'Another paragraph after the box, kept as it is.');
    const rules = new Map(doc.removed.map((r) => [r.text, r.rule]));
    expect(rules.get(text)).toBe('author-box');
    expect(rules.get(BIO)).toBe('author-box');
    expect(bodyText(doc)).toContain(LONG);
    expect(bodyText(doc)).toContain('Another paragraph after the box, kept as it is.');
  });

  it('must not touch: a long paragraph under the heading (an article about an author, not a bio box)', () => {
    const doc = run('Title of the story', 'About the author', LONG);
    expect(bodyText(doc)).toContain(LONG);
  });

  it.each([
    'About the author of the report, little is known.',
    'Über den Autor des Buches wurde viel geschrieben, doch wenig ist bekannt.',
  ])('must not touch %j', (text) => {
    expect(ruleOf(text)).toBeNull();
  });
});

describe('phrase rules by the document language', () => {
  const inLanguage = (language: string, ...paragraphs: string[]) => {
    const doc = segment(newDocState(paragraphs.join('\n\n')));
    return boilerplate({ ...doc, metadata: { ...doc.metadata, language } }, options);
  };
  const ruleIn = (language: string, text: string) =>
    inLanguage(language, 'Some title line here', text, LONG).removed.find((r) => r.text === text)?.rule ??
    null;

  it("a German page loses its German furniture, and not another language's phrases", () => {
    expect(ruleIn('de', 'Kommentare (12)')).toBe('comment-heading');
    expect(ruleIn('de', 'Mehr zum Thema')).toBe('related-heading');
    expect(ruleIn('de', 'Plaats een reactie')).toBeNull();
    expect(ruleIn('de', 'Lascia un commento')).toBeNull();
    expect(ruleIn('de', 'Читайте также')).toBeNull();
  });

  it('an English page is read with English phrases only', () => {
    expect(ruleIn('en', 'Read next')).toBe('related-heading');
    expect(ruleIn('en', 'Mehr zum Thema')).toBeNull();
    expect(ruleIn('en', 'Commentaires')).toBeNull();
  });

  it('English template furniture goes on a page in any language (TEMPLATE_LANGUAGES)', () => {
    expect(ruleIn('de', 'Follow us on Twitter')).toBe('share-prompt');
    expect(ruleIn('pl', 'Leave a Reply')).toBe('comment-prompt');
    expect(ruleIn('sv', 'Read next')).toBe('related-heading');
    // A language without phrases of its own: English furniture only.
    expect(ruleIn('sv', 'Mehr zum Thema')).toBeNull();
  });

  it("an undetermined page ('und') is read with every language's phrases", () => {
    for (const text of ['Kommentare (12)', 'Plaats een reactie', 'Читайте также', 'Read next'])
      expect(ruleIn('und', text), text).not.toBeNull();
  });

  it('agency credits are names: a caption credit goes on a page in any language', () => {
    expect(ruleIn('sv', 'Flygplatsen i Stockholm. Jane Doe | Getty Images')).toBe('photo-caption');
  });
});
