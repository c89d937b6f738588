import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../pipeline/clean.js';
import { parseConfig } from '../../pipeline/config.js';
import {
  classify,
  DENSITY_RULES,
  density,
  densityStopWords,
  features,
  isCallToSubscribe,
  isSiteNotice,
  isTimestamp,
  NOT_A_MENU_ENTRY,
  UNSPACED_SCRIPT,
  UNSPACED_SCRIPT_RANGES,
} from '../../stages/density.js';
import { bodyText, newDocState, SENTENCE_END } from '../../stages/document.js';
import { ANY_LANGUAGE, SITE_NOTICES } from '../../stages/lexicon.js';
import { segment } from '../../stages/segment.js';
import { FC_SEED } from '../helpers.js';

const cleaning = parseConfig({}).cleaning;
const para = (...lines: string[]) => lines.join('\n\n');

const ARTICLE = [
  'The city council voted on Tuesday to close the old bridge to traffic for at least two years, citing a report that found its steel frame had corroded.',
  'Engineers told the council that the bridge could no longer carry heavy trucks and that repairs would cost more than building a new crossing.',
  'Repair plans',
  'The mayor said the city would apply for state funds, and that a temporary ferry service would start in the spring to carry commuters across the river.',
  'Residents who spoke at the meeting said they were worried about longer trips to work and to the hospital on the other side of the water.',
  'The closures will affect these routes:',
  'Route 9 (north bank)',
  'Route 12 (old town)',
  'Route 40 express',
];

const PAGE = para(
  'River town council closes old bridge',
  'Home',
  'News',
  'Sport',
  'Weather',
  'Business',
  'Opinion',
  'Log in',
  'Breaking: Storm warning for the coast tonight',
  '12 March 2024, 09:30',
  'UPDATED: 11:05, Tue, Mar 12, 2024',
  ...ARTICLE,
  'Most popular',
  'Storm warning for the coast tonight',
  'Local team wins the cup after extra time',
  'Comments',
  'I think this is a terrible decision and the council should have fixed the bridge years ago when it was cheaper.',
  'Totally agree with you. They never listen to the people who actually use the bridge every single day.',
  'Contact us',
  'About us',
  'Advertise',
  'Careers',
  'Privacy',
  '© 2024 River Town News. All rights reserved.',
);

describe('density on a whole page', () => {
  const doc = cleanText(PAGE, cleaning);
  const body = bodyText(doc);

  it('keeps every article paragraph, the subheading between paragraphs and the list the article introduces', () => {
    expect(body.split('\n\n')).toEqual(ARTICLE);
  });

  it('removes the menu above the article, the comments and the footer, each logged with stage and rule', () => {
    const removed = doc.removed.filter((r) => r.stage === 'density');
    const rules = new Map(removed.map((r) => [r.text, r.rule]));
    expect(rules.get('Sport')).toBe('outside-article');
    expect(rules.get('Breaking: Storm warning for the coast tonight')).toBe('outside-article');
    expect(
      rules.get(
        'Totally agree with you. They never listen to the people who actually use the bridge every single day.',
      ),
    ).toBe('outside-article');
    expect(rules.get('© 2024 River Town News. All rights reserved.')).toBe('outside-article');
    expect(rules.get('UPDATED: 11:05, Tue, Mar 12, 2024')).toBe('timestamp');
    for (const r of removed) expect(PAGE.slice(r.rawStart, r.rawEnd)).toBe(r.text);
  });

  it('logs nothing twice and removes nothing an earlier stage already took', () => {
    const spans = doc.removed.map((r) => `${r.rawStart}:${r.rawEnd}`);
    expect(new Set(spans).size).toBe(spans.length);
  });

  it('can be switched off rule by rule', () => {
    const kept = cleanText(PAGE, {
      ...cleaning,
      density: { ...cleaning.density, disable: ['outside-article'] },
    });
    expect(kept.removed.some((r) => r.rule === 'outside-article')).toBe(false);
    expect(bodyText(kept)).toContain('Careers');
  });
});

describe('density: the article under the dateline beats a denser teaser panel', () => {
  const teaser = (n: number) =>
    `Teaser story number ${n} tells you about something that happened somewhere else in the region this week, with more to read inside.`;
  const menu = ['Weather', 'Radar', 'Closings', 'Traffic', 'Video', 'Photos'];
  const text = para(
    'Station name',
    ...menu,
    ...[1, 2, 3, 4, 5, 6].map(teaser),
    ...menu.map((m) => `${m} stories`),
    ...[7, 8, 9, 10, 11, 12].map(teaser),
    'Officials: new case of the virus reported',
    '19 November 2019, 09:45',
    ARTICLE[0]!,
    ARTICLE[1]!,
    ARTICLE[3]!,
    'Comments',
    'You must log in to post a comment.',
  );
  it('keeps the article and drops every teaser', () => {
    expect(bodyText(cleanText(text, cleaning)).split('\n\n')).toEqual([ARTICLE[0], ARTICLE[1], ARTICLE[3]]);
  });
});

describe('density must not touch', () => {
  it('a page of clean prose (no furniture anywhere): nothing is removed', () => {
    const text = para(
      'GIRLS BASKETBALL',
      'Palm Bay d. Rockledge 70-44',
      'Palm Bay (1-0): Tolivert 25 points. Davis 17 points.',
      ...ARTICLE,
    );
    const before = segment(newDocState(text));
    expect(density(before, { disable: [] })).toBe(before);
  });

  it('a sentence about a privacy policy inside an article', () => {
    const text = para(
      'Menu',
      'Home',
      'World',
      'Tech',
      'Science',
      'Share this article',
      'Regulators opened an inquiry into the company on Monday after users complained about how their data was handled.',
      'The company changed its privacy policy in May.',
      'Officials said the inquiry could take several months and might lead to a fine of up to four percent of turnover.',
    );
    expect(bodyText(cleanText(text, cleaning))).toContain('The company changed its privacy policy in May.');
  });

  it('a short quoted line between paragraphs', () => {
    const text = para(
      'Home',
      'News',
      'Sport',
      'Weather',
      'Travel',
      'Follow us',
      ARTICLE[0]!,
      '“No.”',
      ARTICLE[1]!,
    );
    expect(bodyText(cleanText(text, cleaning))).toBe(para(ARTICLE[0]!, '“No.”', ARTICLE[1]!));
  });
});

describe("density: a document's own lists are not a site menu (zero harm on technical pages)", () => {
  const unchanged = (text: string) => {
    const before = segment(newDocState(text));
    expect(density(before, { disable: [] })).toBe(before);
  };
  const SECTIONS = [
    'Getting started',
    'Installing it',
    'Reading the data',
    'Writing results',
    'Known limits',
  ];
  const LEAD = ARTICLE[0]!;
  /** A paragraph of its own for each section (a paragraph said twice is dedupe-headlines' business). */
  const prose = (heading: string, n: number) =>
    `In the part on ${heading.toLowerCase()}, ${ARTICLE[n]!.charAt(0).toLowerCase()}${ARTICLE[n]!.slice(1)}`;

  /** What density removes when the whole pipeline cleans the text. */
  const densityRemovals = (text: string) =>
    cleanText(text, cleaning)
      .removed.filter((r) => r.stage === 'density')
      .map((r) => r.text);
  const sections = (headings: readonly string[]) =>
    headings.flatMap((heading, i) => [heading, prose(SECTIONS[i]!, 1), prose(SECTIONS[i]!, 3)]);

  it("a table of contents whose entries come back as section headings is the document's, not furniture", () => {
    expect(densityRemovals(para('A guide to the bridge data', ...SECTIONS, ...sections(SECTIONS)))).toEqual(
      [],
    );
  });

  it('a table of contents with dot leaders and page numbers', () => {
    const contents = SECTIONS.map(
      (heading, i) => `${i + 1}. ${heading}${'.'.repeat(40 - heading.length)}${i + 2}`,
    );
    const headings = SECTIONS.map((heading, i) => `${i + 1}.  ${heading}`);
    const text = para('A guide to the bridge data', 'Table of Contents', ...contents, ...sections(headings));
    expect(densityRemovals(text)).toEqual([]);
  });

  it('header lines of a protocol example, a list of sources, console tables and plain-text list items', () => {
    const http = [
      'HTTP/1.1 200 OK',
      'Host: example.org',
      'Content-Type: application/json',
      'Content-Length: 171',
      'ETag: "1382694048000"',
      'Expires: 0',
    ];
    const sources = [
      'Sources',
      'https://nodejs.org/api/inspector.html',
      'https://example.org/a',
      'www.example.com/b',
      'https://example.net/c',
    ];
    const table = ['n │ z', '2 │ f', '3 │ f', '5 │ t', '12 │ t'];
    const items = ['* item name', '* item type', '* current version', '- content type', '- content length'];
    unchanged(
      para(LEAD, ARTICLE[1]!, ...http, ARTICLE[3]!, ...table, ARTICLE[4]!, ...items, ARTICLE[1]!, ...sources),
    );
  });

  it('NOT_A_MENU_ENTRY leaves the entries of real menus alone', () => {
    for (const entry of [
      'Home',
      'News',
      'Log in',
      'Creative Commons: BY-NC-SA',
      'Datenschutz',
      'Search for:',
      '© 2024',
      'Über uns',
      '• Sport',
    ]) {
      expect(NOT_A_MENU_ENTRY.test(entry), entry).toBe(false);
    }
    for (const entry of [
      'https://example.org',
      'www.example.com',
      'Host: example.org',
      '1. Intro.........2',
      '2 │ f',
      '* item',
      '- item',
    ]) {
      expect(NOT_A_MENU_ENTRY.test(entry), entry).toBe(true);
    }
  });

  it('still removes a site menu printed at the top and again in the footer (the copies are not a table of contents)', () => {
    const menu = ['Home', 'News', 'Sport', 'Weather', 'Business', 'Opinion'];
    const text = para('Bridge to close', ...menu, ...ARTICLE.slice(0, 2), ARTICLE[3]!, ARTICLE[4]!, ...menu);
    const doc = cleanText(text, cleaning);
    const removed = doc.removed.filter((r) => r.stage === 'density').map((r) => r.text);
    expect(removed).toEqual([...menu, ...menu]);
  });

  it('still removes a menu above an article that has a table of contents of its own', () => {
    const menu = ['Home', 'News', 'Sport', 'Weather', 'Business', 'Opinion'];
    const text = para(
      'Bridge to close',
      ...menu,
      LEAD,
      ...SECTIONS,
      ...SECTIONS.flatMap((heading) => [heading, prose(heading, 1), prose(heading, 3)]),
    );
    const doc = cleanText(text, cleaning);
    const removed = doc.removed.filter((r) => r.stage === 'density').map((r) => r.text);
    expect(removed).toEqual(expect.arrayContaining(menu));
    expect(bodyText(doc)).toContain(
      para(prose(SECTIONS[0]!, 1), prose(SECTIONS[0]!, 3), SECTIONS[1]!, prose(SECTIONS[1]!, 1)),
    );
  });
});

describe('isTimestamp', () => {
  it.each([
    'PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019',
    'Published 11:34 PM EST Nov 19, 2019',
    'By Matthew Digby, Minh Do on Monday, November 18th, 2019 at 11:08 a.m.',
    'Updated Nov. 20, 2019',
  ])('%j is a publication stamp', (text) => {
    expect(isTimestamp(text)).toBe(true);
  });

  it('runs on pages in every language: its words are English, a template language (left untranslated by sites)', () => {
    for (const language of ['en', 'de', 'fr', 'sv', 'und']) {
      expect(isTimestamp('PUBLISHED: 10:48, Tue, Nov 19, 2019', language)).toBe(true);
    }
  });

  it.each([
    'By the time the polls closed on Tuesday at 8:00, turnout was high.',
    'Published in 1998, the book sold well.',
    'Updated figures from March 2019 show a rise',
    'By Jane Doe',
    'Posted at the border since 2015 are 300 soldiers, the ministry said.',
  ])('%j is not', (text) => {
    expect(isTimestamp(text)).toBe(false);
  });

  it.each([
    ['de', 'Aktualisiert: 11.04.2020, 10:27'],
    ['de', 'Publiziert: 03.04.2020, 12:35'],
    ['de', 'Veröffentlicht am 22. August 2012'],
    ['de', 'Stand: 20. April 2020, 14:57 Uhr'],
    ['de', 'Zuletzt aktualisiert am 3. März 2021 um 10.27 Uhr'],
    ['fr', 'Mis à jour le 12 mars 2021 à 14h30'],
    ['es', 'Publicado el 21 de abril de 2022 a las 22:04h'],
    ['es', 'Actualizado: jueves, 21 abril 2022 04:45'],
    ['pt', 'Atualizado em 2020-04-11'],
    ['it', 'Pubblicato il: 30 settembre 2020'],
    ['nl', 'Gepubliceerd op 3 maart 2021'],
    ['pl', 'Opublikowano 11 kwietnia 2020'],
    ['und', 'Aktualisiert: 11.04.2020, 10:27'],
  ])('on a page in %s, %j (a label of the language and a date) is a publication stamp', (language, text) => {
    expect(isTimestamp(text, language)).toBe(true);
  });

  it.each([
    ['de', 'Veröffentlicht wurde das Buch 1998 im Rowohlt Verlag.'],
    [
      'es',
      'Actualizado el protocolo, los hospitales de la región abren el 11/04/2020 a las 10:00 de la mañana.',
    ],
    ['fr', 'Publié le 3 février 2022, le rapport a suscité de vives réactions.'],
    ['de', 'Aktualisiert'],
    ['de', 'Veröffentlicht in: Aktuell, Rezension, Sachbuch'],
    ['de', 'Stand der Dinge 2020'],
    ['es', 'Publicado el 11 de mayo'],
    [
      'de',
      'Aktualisiert: 11.04.2020 die Liste der Regeln, die in allen Ländern gelten, mit den Öffnungszeiten der Geschäfte und Schulen und den neuen Regeln für Besuche in den Heimen',
    ],
    ['de', 'Die Zahlen wurden am 11.04.2020 um 10:27 Uhr aktualisiert'],
    // A label of another language than the page's: the German word on an English page is no stamp of it.
    ['en', 'Aktualisiert: 11.04.2020, 10:27'],
  ])('on a page in %s, %j is not (prose, no date, too long, a date inside a sentence)', (language, text) => {
    expect(isTimestamp(text, language)).toBe(false);
  });

  it.each([
    ['de', 'Aktualisiert: vor 20 Stunden'],
    ['de', 'Veröffentlicht/Aktualisiert: vor 51 Minuten'],
    ['de', 'Veröffentlicht vor 3 Tagen | Lesezeit: 4 Minuten'],
    ['fr', 'Publié il y a 3 heures'],
    ['fr', 'Mis à jour : il y a 12 min'],
    ['es', 'Actualizado hace 2 horas'],
    ['pt', 'Atualizado há 5 minutos'],
    ['it', 'Aggiornato 3 ore fa'],
    ['nl', 'Bijgewerkt: 3 uur geleden'],
    ['pl', 'Aktualizacja: 3 godziny temu'],
    ['en', 'Updated 3 hours ago'],
    ['de', 'Last updated: 2 days ago'],
    ['und', 'Aktualisiert: vor 20 Stunden'],
  ])('on a page in %s, %j (a label and a relative time) is a publication stamp', (language, text) => {
    expect(isTimestamp(text, language)).toBe(true);
  });

  it.each([
    // A relative time without a label is prose, whatever the page's language.
    ['de', 'vor 20 Jahren'],
    ['de', 'Vor 20 Jahren begann alles in einer Garage'],
    ['fr', 'il y a 3 ans'],
    ['fr', 'Il y a 3 ans, la ville a fermé son dernier cinéma.'],
    ['es', 'hace 2 horas'],
    ['it', '3 ore fa'],
    ['nl', '3 uur geleden'],
    ['pl', '3 godziny temu'],
    ['en', '3 hours ago'],
    // A label with no time.
    ['de', 'Aktualisiert: vor kurzem'],
    ['fr', 'Publié il y a'],
    // Words after the relative time: a sentence or a title, not a stamp.
    ['de', 'Veröffentlicht vor 20 Jahren, ist das Buch heute ein Klassiker.'],
    ['es', 'Publicado hace 3 años en la revista Nature'],
    ['es', 'Publicado hace 3 años, el libro sigue entre los más vendidos'],
    ['en', 'Updated 3 hours ago, the forecast now calls for snow.'],
    [
      'de',
      'Aktualisiert: vor 20 Stunden, als die Regierung die neuen Regeln für Schulen, Geschäfte, Heime und die Gastronomie in allen Ländern des Bundes mit sofortiger Wirkung bekannt gab',
    ],
    // The label of one language, the relative time of another: neither's stamp.
    ['de', 'Aktualisiert: 3 hours ago'],
    // Another language's label and time on a page in a third language.
    ['fr', 'Aktualisiert: vor 20 Stunden'],
  ])('on a page in %s, %j is not (no label, no time, a sentence, too long)', (language, text) => {
    expect(isTimestamp(text, language)).toBe(false);
  });
});

describe('classify', () => {
  it.each([
    [ARTICLE[0]!, 'good'],
    ['A spokeswoman for Neumann declined to comment.', 'near'],
    ['Sign In', 'short'],
    ['Long spaceflights found to lead to blood flowing in the wrong direction in some cases', 'bad'],
    ['Get breaking news alerts and special reports delivered to your inbox every morning.', 'bad'],
    ['Copyright © 2019 The Example Times. All rights reserved.', 'bad'],
  ])('%j is %s', (text, kind) => {
    expect(classify(text, 'en')).toBe(kind);
  });

  it.each([
    'COOKIE SETTINGS',
    'COO\u212AIES', // Kelvin sign: lower-cases to k
    'Sign up for our NEWSLETTER',
    'Read our Privacy Policy',
    'Terms of Use',
    'Alle Rechte vorbehalten',
    'TOUS DROITS RÉSERVÉS',
    'Política de Privacidad',
    'Datenschutz',
    'No spam, ever',
    'Unsubscribe at any time',
    'Email alerts',
    'TUTTI I DIRITTI RISERVATİ', // İ lower-cases to two characters
    'Delivered to your door',
    'Personal data',
    'Get it in your inbox',
  ])('%j is a site notice in any case, on an undetermined page', (text) => {
    expect(classify(text, 'und')).toBe('bad');
  });

  it("tries a page language's notices and English's (a template language), and © everywhere", () => {
    for (const [text, language] of [
      ['Alle Rechte vorbehalten', 'de'],
      ['TOUS DROITS RÉSERVÉS', 'fr'],
      ['Política de Privacidad', 'es'],
      ['Read our Privacy Policy', 'de'],
      ['Read our Privacy Policy', 'ja'],
      ['© Example', 'ja'],
    ] as const) {
      expect(isSiteNotice(text, language), `${text} (${language})`).toBe(true);
      expect(classify(text, language), `${text} (${language})`).toBe('bad');
    }
    // Another language's notices are not tried, as with the phrase rules; all of them on an undetermined page.
    expect(isSiteNotice('Alle Rechte vorbehalten', 'fr')).toBe(false);
    expect(isSiteNotice('Datenschutz', 'en')).toBe(false);
    expect(isSiteNotice('Datenschutz', 'und')).toBe(true);
  });

  it('isCallToSubscribe: the site notices that call to subscribe, not the legal, privacy or copyright ones', () => {
    for (const [text, language] of [
      ['Sign up for our newsletter', 'en'],
      ['Subscribe now to our edition for the full story.', 'en'],
      ['Jetzt den Newsletter abonnieren', 'de'],
      ['Get news alerts on your phone', 'und'],
    ] as const)
      expect(isCallToSubscribe(text, language), `${text} (${language})`).toBe(true);
    for (const [text, language] of [
      ['Read our Privacy Policy', 'en'],
      ['© Example', 'en'],
      ['Datenschutz', 'de'],
      ['Alle Rechte vorbehalten', 'und'],
      ['Tous droits réservés', 'fr'],
    ] as const) {
      expect(isSiteNotice(text, language), `${text} (${language})`).toBe(true);
      expect(isCallToSubscribe(text, language), `${text} (${language})`).toBe(false);
    }
  });

  it('every rule is data with a kebab-case id, a reason and an example', () => {
    for (const rule of Object.values(DENSITY_RULES)) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.example.length).toBeGreaterThan(0);
    }
  });
});

/**
 * Site notices of the phrase languages as sites write them (footer links, newsletter boxes, affiliate
 * disclaimers): [language, line, a call to subscribe]. Every notice of SITE_NOTICES but © is matched by one.
 */
const NOTICE_EXAMPLES: readonly (readonly [string, string, boolean])[] = [
  ['en', 'Copyright 2024 The Example Times. All rights reserved.', false],
  ['en', 'Privacy Policy', false],
  ['en', 'Manage cookie preferences', false],
  ['en', 'Terms of Service', false],
  ['en', 'How we use your personal data', false],
  ['en', 'This post contains affiliate links.', false],
  ['en', 'If you buy something through a link in this article, we may earn a commission.', false],
  ['en', 'At no extra cost to you, we receive a small commission.', false],
  ['en', 'We may receive compensation when you click on links to those products.', false],
  ['en', 'Advertiser Disclosure', false],
  ['en', 'As an Amazon Associate I earn from qualifying purchases.', false],
  ['en', 'Sign up to our daily newsletter', true],
  ['en', 'The best stories, straight to your inbox', true],
  ['en', 'Unsubscribe at any time', true],
  ['en', 'Sign up now', true],
  ['en', 'No spam, ever', true],
  ['en', 'Get email alerts', true],
  ['en', 'Delivered to your door every Sunday', true],
  ['de', 'Alle Rechte vorbehalten', false],
  ['de', 'Datenschutzerklärung', false],
  ['de', 'Impressum', false],
  ['de', 'Allgemeine Geschäftsbedingungen', false],
  ['de', 'Nutzungsbedingungen', false],
  ['de', 'Hinweise zur Verarbeitung personenbezogener Daten', false],
  ['de', 'Cookie-Einstellungen', false],
  ['de', 'Bei den mit * gekennzeichneten Links handelt es sich um Werbelinks.', false],
  ['de', 'Mit einem Stern markierte Links sind Provisions-Links.', false],
  ['de', 'Kaufst du über diese Links ein, erhalten wir eine kleine Provision.', false],
  ['de', 'Wir erhalten ggf. eine Provision.', false],
  ['de', 'Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.', false],
  ['de', 'Zur Newsletteranmeldung', true],
  ['de', 'Newsletter abonnieren', true],
  ['de', 'Jetzt anmelden', true],
  ['de', 'Sie können den Newsletter jederzeit abbestellen.', true],
  ['de', 'Die wichtigsten Nachrichten direkt in Ihr Postfach', true],
  ['de', 'Kein Spam, versprochen', true],
  ['fr', 'Tous droits réservés', false],
  ['fr', 'Politique de confidentialité', false],
  ['fr', 'Mentions légales', false],
  ['fr', "Conditions générales d'utilisation", false],
  ['fr', 'Conditions générales de vente', false],
  ['fr', 'Protection des données personnelles', false],
  ['fr', 'Cet article contient des liens affiliés.', false],
  ['fr', 'Si vous achetez via ces liens, nous percevons une petite commission.', false],
  [
    'fr',
    'En tant que Partenaire Amazon, je réalise un bénéfice sur les achats remplissant les conditions requises.',
    false,
  ],
  ['fr', 'Recevez notre lettre d’information', true],
  ['fr', 'Abonnez-vous à notre newsletter', true],
  ['fr', "S'abonner", true],
  ['fr', 'Vous pouvez vous désabonner à tout moment.', true],
  ['fr', "L'essentiel de l'actualité dans votre boîte mail", true],
  ['fr', 'Pas de spam, promis', true],
  ['es', 'Todos los derechos reservados', false],
  ['es', 'Política de privacidad', false],
  ['es', 'Aviso legal', false],
  ['es', 'Términos y condiciones', false],
  ['es', 'Condiciones de uso', false],
  ['es', 'Protección de datos personales', false],
  ['es', 'Este artículo contiene enlaces de afiliados.', false],
  ['es', 'Si compras a través de estos enlaces, recibimos una pequeña comisión.', false],
  [
    'es',
    'En calidad de Afiliado de Amazon, obtengo ingresos por las compras adscritas que cumplen los requisitos aplicables.',
    false,
  ],
  ['es', 'Suscríbete a nuestra newsletter', true],
  ['es', 'Puedes darte de baja en cualquier momento.', true],
  ['es', 'Recibe nuestro boletín de noticias', true],
  ['es', 'Las noticias más importantes, cada mañana en tu correo', true],
  ['es', 'Sin spam', true],
  ['pt', 'Todos os direitos reservados', false],
  ['pt', 'Política de privacidade', false],
  ['pt', 'Aviso legal', false],
  ['pt', 'Termos de uso', false],
  ['pt', 'Proteção de dados pessoais', false],
  ['pt', 'Este post contém links de afiliados.', false],
  ['pt', 'Se você comprar por estes links, recebemos uma pequena comissão.', false],
  ['pt', 'Como Associado da Amazon, eu ganho com compras qualificadas.', false],
  ['pt', 'Inscreva-se na nossa newsletter', true],
  ['pt', 'Cadastre-se', true],
  ['pt', 'Assine já', true],
  ['pt', 'Receba o nosso boletim informativo', true],
  ['pt', 'As principais notícias na sua caixa de entrada', true],
  ['pt', 'Sem spam', true],
  ['it', 'Tutti i diritti riservati', false],
  ['it', 'Informativa sulla privacy', false],
  ['it', 'Termini e condizioni', false],
  ['it', "Condizioni d'uso", false],
  ['it', 'Note legali', false],
  ['it', 'Trattamento dei dati personali', false],
  ['it', 'Questo articolo contiene link affiliati.', false],
  ['it', 'Se acquisti tramite questi link, riceviamo una piccola commissione.', false],
  ['it', 'In qualità di Affiliato Amazon io ricevo un guadagno dagli acquisti idonei.', false],
  ['it', 'Iscriviti alla newsletter', true],
  ['it', 'Abbonati ora', true],
  ['it', 'Le notizie del giorno nella tua casella di posta', true],
  ['it', 'Niente spam', true],
  ['pl', 'Wszelkie prawa zastrzeżone', false],
  ['pl', 'Polityka prywatności', false],
  ['pl', 'Regulamin serwisu', false],
  ['pl', 'Ochrona danych osobowych', false],
  ['pl', 'Artykuł zawiera linki afiliacyjne.', false],
  ['pl', 'Jeśli kupisz przez te linki, otrzymujemy niewielką prowizję.', false],
  ['pl', 'Jako Partner Amazon zarabiam na kwalifikujących się zakupach.', false],
  ['pl', 'Zapisz się do newslettera', true],
  ['pl', 'Subskrybuj', true],
  ['pl', 'Najważniejsze wiadomości prosto na Twoją skrzynkę', true],
  ['pl', 'Bez spamu', true],
  ['nl', 'Alle rechten voorbehouden', false],
  ['nl', 'Privacyverklaring', false],
  ['nl', 'Cookiebeleid', false],
  ['nl', 'Algemene voorwaarden', false],
  ['nl', 'Hoe wij omgaan met persoonsgegevens', false],
  ['nl', 'Colofon', false],
  ['nl', 'Koop je via deze links, dan ontvangen we een kleine commissie.', false],
  ['nl', 'Wij ontvangen een kleine commissie.', false],
  ['nl', 'Als Amazon-partner verdien ik aan in aanmerking komende aankopen.', false],
  ['nl', 'Schrijf je in voor onze nieuwsbrief', true],
  ['nl', 'Abonneer nu', true],
  ['nl', 'Je kunt je altijd uitschrijven.', true],
  ['nl', 'Meld je aan', true],
  ['nl', 'Het laatste nieuws in je inbox', true],
  ['nl', 'Geen spam', true],
];

describe('site notices of the phrase languages', () => {
  it.each(NOTICE_EXAMPLES)(
    'on a %s page, %j is a site notice (a call to subscribe: %s)',
    (language, text, call) => {
      expect(isSiteNotice(text, language)).toBe(true);
      expect(isSiteNotice(text.toUpperCase(), 'und')).toBe(true);
      expect(classify(text, language)).toBe('bad');
      expect(isCallToSubscribe(text, language)).toBe(call);
    },
  );

  it('every notice is matched by an example, and every match holds its literal (the gate reads only that)', () => {
    for (const [language, notices] of SITE_NOTICES) {
      if (language === ANY_LANGUAGE) continue;
      for (const notice of notices) {
        const pattern = new RegExp(notice.pattern, '');
        const matches = NOTICE_EXAMPLES.filter(([code]) => code === language)
          .map(([, text]) => pattern.exec(text.toLowerCase())?.[0])
          .filter((m) => m !== undefined);
        expect(matches.length, `${language} ${notice.pattern}`).toBeGreaterThan(0);
        for (const m of matches) expect(m, notice.pattern).toContain(notice.literal);
      }
    }
  });

  it('a notice that only names an offer (SiteNotice.names) is a call, and every language with calls has one that asks', () => {
    for (const [language, notices] of SITE_NOTICES) {
      for (const notice of notices) if (notice.names) expect(notice.call, notice.pattern).toBe(true);
      const calls = notices.filter((notice) => notice.call);
      if (calls.length > 0)
        expect(
          calls.some((notice) => !notice.names),
          language,
        ).toBe(true);
    }
  });

  it("a page language's notices are not tried on a page in another one (but English's, a template language, are)", () => {
    expect(isSiteNotice('Impressum', 'fr')).toBe(false);
    expect(isSiteNotice('Mentions légales', 'de')).toBe(false);
    expect(isSiteNotice('Meld je aan', 'pl')).toBe(false);
    expect(isSiteNotice('Este artículo contiene enlaces de afiliados.', 'it')).toBe(false);
    expect(isSiteNotice('Dieser Artikel enthält Affiliate-Links.', 'de')).toBe(true);
    expect(isSiteNotice('Dieser Artikel enthält Affiliate Links.', 'fr')).toBe(true);
  });

  it.each([
    // Words prose uses as often as a notice: the terms a consumer story cites, subscribers, signing a contract.
    ['de', 'Die Bank hat ihre AGB geändert.'],
    ['de', 'Die Impressumspflicht gilt auch für Blogs.'],
    ['de', 'Der Händler erhielt eine Provision von drei Prozent.'],
    ['de', 'Wer teilnehmen möchte, kann sich bis Freitag beim Verein anmelden.'],
    ['it', 'Gli abbonati della squadra entrano gratis allo stadio.'],
    ['pt', 'O ministro vai assinar o contrato na segunda-feira.'],
    ['es', 'Los suscriptores del diario recibieron la noticia por la mañana.'],
    ['fr', 'Les candidats doivent s’inscrire avant le 15 mai.'],
    ['nl', 'De gemeente heeft de voorwaarden voor de subsidie aangepast.'],
    ['pl', 'Sejm przyjął nowy regulamin obrad.'],
    ['en', 'The company said it would stop paying commissions to affiliates next year.'],
    ['en', '“We receive a commission on every sale,” the broker said.'],
    ['de', '„Wir erhalten eine Provision für jeden Vertrag“, sagte der Makler.'],
    ['fr', '« Nous touchons une commission sur chaque vente », a expliqué le courtier.'],
    // A card's cashback on qualifying purchases: the Amazon disclosure is read with its verb of earning.
    ['nl', 'De kaart geeft cashback op in aanmerking komende aankopen.'],
  ])('on a %s page, %j is not a site notice', (language, text) => {
    expect(isSiteNotice(text, language)).toBe(false);
  });

  it('a long line of prose about a newsletter, a privacy law or affiliate links is not a notice, but prose', () => {
    for (const [language, text] of [
      [
        'de',
        'Nach Angaben der Verbraucherzentrale enthalten viele Ratgeberseiten im Netz Affiliate-Links, über die die Betreiber an jedem Kauf mitverdienen, ohne dass die Leser das auf den ersten Blick erkennen können, weshalb die Behörde nun strengere Regeln für die Kennzeichnung solcher Links fordert und Verstöße künftig mit Bußgeldern ahnden will.',
      ],
      [
        'fr',
        "Selon la Commission nationale de l'informatique et des libertés, les données personnelles de plus de deux millions de clients ont été exposées pendant plusieurs mois sur un serveur mal protégé, et l'entreprise n'a prévenu ses clients qu'après la publication d'un article de presse qui a révélé la fuite au grand public.",
      ],
    ] as const) {
      expect(isSiteNotice(text, language)).toBe(true);
      expect(classify(text, language)).not.toBe('bad');
    }
  });
});

/** features as first written: lower-case, split on white space, trim each word's punctuation. */
function referenceFeatures(text: string, language: string) {
  const list = densityStopWords(language)!;
  const words = text.toLowerCase().replace(/[’‘]/gu, "'").split(/\s+/u).filter(Boolean);
  const trim = (word: string) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const stops = words.filter((word) => list.has(word) || list.has(trim(word))).length;
  return {
    words: words.length,
    stopDensity: words.length ? stops / words.length : 0,
    terminal: SENTENCE_END.test(text),
  };
}

describe('features', () => {
  it('counts words, stop words and a sentence end as splitting the lower-cased line would', () => {
    const piece = fc.constantFrom(
      ...['the', 'The', 'THE', "it's", 'IT’S', 'it‘s', '“the', 'the,”', '(of)', 'für', 'FÜR', 'è', 'não'],
      ...["'ll", '’tis', 'i.e.', 'I.E.', 'no-one', 'co.', '(inc.)', 'kira-kira', 'die', 'van', 'był', 'это'],
      ...['İ', 'İ.', 'Σ', 'K', 'ﬁ', '😀', '\ud800', '—', '…', '.', '!', '?', '"', '’', '»', ')', ']', ':'],
      ...[' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', 'x', 'word', '42'],
      ...['“', '›', '」', '。', '！', '？', '।'],
    );
    const line = fc
      .array(fc.oneof(piece, piece, fc.string({ maxLength: 4 })), { maxLength: 12 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(line, fc.constantFrom('en', 'de', 'fr', 'id', 'pl', 'ru'), (text, language) => {
        expect(features(text, language)).toEqual(referenceFeatures(text, language));
      }),
      { numRuns: 3000, seed: FC_SEED },
    );
  });

  it('a case-insensitive regex without the u flag finds what lower-casing finds, but for İ ẞ K Å', () => {
    // What the site-notice gate relies on: a character whose lower case is one Latin-1 character matches
    // that character under /i, except four from outside Latin-1.
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if ([0x130, 0x1e9e, 0x212a, 0x212b].includes(c)) continue; // the gate lets lines holding them through
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length !== 1 || lower.charCodeAt(0) >= 0x100 || /[\\^$.*+?()[\]{}|/]/u.test(lower)) continue;
      if (!new RegExp(lower, 'i').test(String.fromCharCode(c))) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('function words per language', () => {
  it('"die", "van" and "den" are German and Dutch function words, not English ones', () => {
    expect(features('die van den', 'en').stopDensity).toBe(0);
    expect(features('die van den', 'de').stopDensity).toBeGreaterThan(0.5);
    expect(features('die van den', 'nl').stopDensity).toBeGreaterThan(0.5);
  });

  it('a German sentence is as dense in German function words as English prose is in English ones', () => {
    const de = features(
      'Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für mindestens zwei Jahre zu sperren, weil ihr Stahlrahmen stark verrostet ist.',
      'de',
    );
    const en = features(ARTICLE[0]!, 'en');
    expect(de.stopDensity).toBeGreaterThan(0.3);
    expect(en.stopDensity).toBeGreaterThan(0.3);
  });

  it('a language without a list has no density: length and sentence ends decide alone', () => {
    expect(features('Some words here.', 'und').stopDensity).toBeNull();
    expect(
      classify(
        'Kifungu hiki kinaeleza jinsi halmashauri ya mji ilivyoamua kufunga daraja la zamani kwa miaka miwili.',
        'und',
      ),
    ).toBe('good');
  });
});

describe('scripts without spaces between words', () => {
  // Invented: "The city government said on Tuesday that the old bridge will be closed for two years for repairs, and residents can take the ferry across the river."
  const zh = '市政府星期二表示，旧桥将关闭两年进行维修，居民可以乘坐渡船过河。';
  const ja = '市は火曜日、古い橋を修理のために二年間閉鎖すると発表しました。';

  it('the regex that finds an unspaced script matches exactly the code units of its ranges', () => {
    const inRanges = (c: number) => UNSPACED_SCRIPT_RANGES.some(([from, to]) => c >= from && c <= to);
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (UNSPACED_SCRIPT.test(String.fromCharCode(c)) !== inRanges(c)) disagree.push(c);
    }
    expect(disagree).toEqual([]);
    // Thai, Myanmar, Khmer, kana and Han are in; Latin, Cyrillic, Hangul and full-width Latin are not.
    for (const c of 'กကកあア㐀中豈ｦ') expect(UNSPACED_SCRIPT.test(c), c).toBe(true);
    for (const c of 'aéЖ한Ａ') expect(UNSPACED_SCRIPT.test(c), c).toBe(false);
    // Anywhere in a line, not only at its start.
    expect(UNSPACED_SCRIPT.test('Tokyo (東京) is large')).toBe(true);
  });

  it('counts Chinese and Japanese words, not one word per line, and 。 ends a sentence', () => {
    const f = features(zh, 'zh');
    expect(f.words).toBeGreaterThanOrEqual(12);
    expect(f.terminal).toBe(true);
    expect(f.stopDensity).toBeGreaterThan(0);
    expect(features(ja, 'ja').words).toBeGreaterThanOrEqual(10);
    expect(features(ja, 'ja').terminal).toBe(true);
  });

  it('a Chinese sentence is prose and a two-word Chinese menu entry is short', () => {
    expect(classify(zh, 'zh')).toBe('good');
    expect(classify('首页', 'zh')).toBe('short');
  });

  it('「…」 and “…” after a sentence end still end the sentence', () => {
    expect(features('他说：「明天见。」', 'zh').terminal).toBe(true);
    expect(features('Er sagte: „Wir kommen morgen.“', 'de').terminal).toBe(true);
  });

  it('on a Chinese page the menu goes and every article paragraph stays', () => {
    const article = [
      zh,
      '维修工程预计明年春天开始，工程师说大桥的钢结构已经严重生锈，不能再承受重型卡车的重量。',
      '许多居民在会议上表示担心，因为他们每天都要过桥去上班或者去医院看病，绕路要多花一个小时。',
      '市长说政府会申请国家资金，并且在维修期间增加公共汽车的班次，让大家出行更加方便。',
    ];
    const page = para(
      '首页',
      '新闻',
      '体育',
      '财经',
      '娱乐',
      '科技',
      '登录',
      ...article,
      '关于我们',
      '联系我们',
      '广告服务',
      '隐私政策',
      '网站地图',
    );
    const doc = cleanText(page, cleaning);
    expect(doc.metadata.language).toBe('zh');
    expect(bodyText(doc).split('\n\n')).toEqual(article);
  });
});

describe('density: lines the markup places in the article (HTML input, stages/markup.ts)', () => {
  it('are never removed as outside-article; the others are, as before', () => {
    const base = segment(newDocState(PAGE));
    const comment = base.blocks.find((b) => b.text.startsWith('Totally agree'))!;
    const plain = density(base, cleaning.density);
    expect(plain.removed.find((r) => r.text === comment.text)?.rule).toBe('outside-article');
    const marked = density({ ...base, articleLines: new Set([comment.index]) }, cleaning.density);
    expect(marked.blocks[comment.index]!.role).toBe('body');
    expect(marked.removed.map((r) => r.text)).toEqual(
      plain.removed.map((r) => r.text).filter((t) => t !== comment.text),
    );
  });
});

describe('density: article lines in a teaser shape (HTML input, stages/markup.ts)', () => {
  // A programme of the day: short headings, each followed by one paragraph, as a list of other stories looks.
  const items = [
    [
      'Opening speeches on the market square',
      'The mayor and two members of the council open the day with a short address to the crowd.',
    ],
    [
      'Music for the march through the town',
      'A brass band from the north bank leads the walk from the square to the river, where the boats wait.',
    ],
    [
      'Closing words beside the old bridge',
      'The organisers thank the volunteers and ask everyone to take their litter home before the evening.',
    ],
  ];
  const text = para(
    ...['Home', 'News', 'Sport', 'Weather', 'Business'],
    ...ARTICLE_TEASER_PROSE,
    ...items.flat(),
    ...['Contact us', 'About us', 'Advertise', 'Careers', 'Privacy'],
  );

  it('are never removed as teaser-list; without the markup they are, and the furniture goes as before', () => {
    const base = segment(newDocState(text));
    const plain = density(base, cleaning.density);
    const teasers = plain.removed.filter((r) => r.rule === 'teaser-list').map((r) => r.text);
    expect(teasers).toEqual(items.flat());
    const lines = base.blocks.filter((b) => teasers.includes(b.text)).map((b) => b.index);
    const marked = density({ ...base, articleLines: new Set(lines) }, cleaning.density);
    expect(lines.map((i) => marked.blocks[i]!.role)).toEqual(teasers.map(() => 'body'));
    expect(marked.removed.map((r) => r.text)).toEqual(
      plain.removed.map((r) => r.text).filter((t) => !teasers.includes(t)),
    );
    expect(marked.removed.map((r) => r.text)).toEqual(expect.arrayContaining(['Sport', 'Privacy']));
  });
});

const ARTICLE_TEASER_PROSE = [
  'Several thousand people are expected in the town on Saturday for a march in support of a basic income, the organisers said on Thursday.',
  'The police asked drivers to avoid the centre between noon and five in the afternoon, when the streets around the square will be closed.',
  'The march follows a vote in parliament last month, in which a proposal for a trial of the scheme in three regions failed by a few votes.',
];

describe('density: article lines inside the run (HTML input, stages/markup.ts)', () => {
  const ARTICLE_PROSE = [
    'The city council voted on Tuesday to close the old bridge to traffic for at least two years, citing a report that found its steel frame had corroded.',
    'Engineers told the council that the bridge could no longer carry heavy trucks and that repairs would cost more than building a new crossing.',
    'The mayor said the city would apply for state funds, and that a temporary ferry service would start in the spring to carry commuters across the river.',
    'Residents who spoke at the meeting said they were worried about longer trips to work and to the hospital on the other side of the water.',
  ];
  const pageWith = (inner: readonly string[]) =>
    para(
      ...['Home', 'News', 'Sport', 'Weather', 'Business'],
      ...ARTICLE_PROSE.slice(0, 2),
      ...inner,
      ...ARTICLE_PROSE.slice(2),
      'Bridge office at Market Street 14',
      ...['Contact us', 'About us', 'Advertise', 'Careers', 'Privacy'],
    );

  it('are not removed as not-prose or link-list; the menu, the footer and the other lines go as before', () => {
    const cases: ReadonlyArray<readonly [readonly string[], string, readonly string[]]> = [
      [
        ['North bank ferry pier', 'Old town bus station', 'Ring road park and ride'],
        'not-prose',
        ['North bank ferry pier', 'Old town bus station'],
      ],
      [['Ferries', 'Buses', 'Trams'], 'link-list', ['Ferries', 'Buses', 'Trams']],
    ];
    for (const [inner, rule, hit] of cases) {
      const base = segment(newDocState(pageWith(inner)));
      const plain = density(base, cleaning.density);
      expect(plain.removed.filter((r) => r.rule === rule).map((r) => r.text)).toEqual(hit);
      const lines = base.blocks.filter((b) => hit.includes(b.text)).map((b) => b.index);
      const marked = density({ ...base, articleLines: new Set(lines) }, cleaning.density);
      expect(lines.map((i) => marked.blocks[i]!.role)).toEqual(hit.map(() => 'body'));
      expect(marked.removed.map((r) => r.text)).toEqual(
        plain.removed.map((r) => r.text).filter((t) => !hit.includes(t)),
      );
      expect(marked.removed.map((r) => r.text)).toEqual(expect.arrayContaining(['Sport', 'Privacy']));
    }
  });
});
