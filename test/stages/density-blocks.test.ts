/**
 * density's block choice: the page is not bet on one run of prose. Comment threads are found by their
 * markers (which wall the article off), teaser lists by their shape, and every threshold is one parameters
 * object settable in config. Each rule has must-not-touch cases: prose that looks similar.
 */
import { describe, expect, it } from 'vitest';
import { cleanBytes, cleanText } from '../../pipeline/clean.js';
import '../../pipeline/clean-html.js'; // cleanBytes' HTML half (pipeline/html-cleaning.ts)
import { parseConfig } from '../../pipeline/config.js';
import { classify, DENSITY_PARAMS, isCommentMarker, isCommentsHeading } from '../../stages/density.js';
import { bodyText } from '../../stages/document.js';

const cleaning = parseConfig({}).cleaning;
const para = (...lines: string[]) => lines.join('\n\n');
const body = (text: string) => bodyText(cleanText(text, cleaning)).split('\n\n');
const removedBy = (text: string) =>
  new Map(
    cleanText(text, cleaning)
      .removed.filter((r) => r.stage === 'density')
      .map((r) => [r.text, r.rule]),
  );

/** Invented article paragraphs, each a full sentence of about 25-30 words. */
const P = [
  'The regional water board approved a plan on Wednesday to replace the oldest pipes under the town centre, after a winter in which three mains burst within a single week.',
  'Engineers said the work would start in the spring and take about eighteen months, with streets closed one at a time so that shops could stay open during the repairs.',
  'Residents who attended the meeting asked whether their bills would rise, and the board said that a grant from the national government would cover most of the cost.',
  'The chairwoman of the board said the town had put off the repairs for too long and that the burst mains had shown how fragile the old network had become.',
  'A local business group welcomed the decision but asked the board to publish a timetable, so that owners could plan deliveries around the closed streets in advance.',
  'The board promised to hold a second public meeting in the autumn, when the first streets will be chosen and the contractors will present their detailed plans.',
];
const MENU = ['Home', 'News', 'Sport', 'Weather', 'Travel', 'Contact'];
/** A German article of four sentences, for the notices of a page's own language. */
const DE = [
  'Der Gemeinderat hat am Mittwoch beschlossen, die ältesten Wasserleitungen unter der Innenstadt zu ersetzen, nachdem im Winter drei Leitungen gebrochen waren.',
  'Die Arbeiten sollen im Frühjahr beginnen und etwa achtzehn Monate dauern, wobei die Straßen nacheinander gesperrt werden, damit die Geschäfte geöffnet bleiben.',
  'Die Anwohner fragten, ob die Gebühren steigen würden, und der Rat sagte, dass ein Zuschuss des Landes den größten Teil der Kosten decken werde.',
  'Die Vorsitzende sagte, die Stadt habe die Reparaturen zu lange aufgeschoben, und die gebrochenen Leitungen hätten gezeigt, wie anfällig das alte Netz geworden sei.',
];

describe('comment threads are recognised by their markers', () => {
  const comment = (n: number) =>
    `I have lived in this town for ${n + 20} years and the pipes have always been a problem, so it is good to finally see someone doing something about it.`;
  const page = para(
    ...MENU,
    P[0]!,
    P[1]!,
    P[2]!,
    '12 responses to “Water board approves plan to replace old pipes”',
    'Jane Miller says:',
    comment(1),
    comment(2),
    'Reply',
    'Tom on 12 March 2024 at 10:15 said:',
    comment(3),
    comment(4),
    'Reply',
    'Kees Jansen zegt:',
    comment(5),
    'Reageer',
  );
  it('keeps the article and removes the thread, its markers logged as comment-marker', () => {
    expect(body(page)).toEqual([P[0], P[1], P[2]]);
    const rules = removedBy(page);
    expect(rules.get('Jane Miller says:')).toBe('comment-marker');
    expect(rules.get('Tom on 12 March 2024 at 10:15 said:')).toBe('comment-marker');
    expect(rules.get('Reply')).toBe('comment-marker');
    // A Dutch marker on an English page is not a comment marker (only the page language's and English phrases
    // are tried): the line still goes, with the thread around it.
    expect(rules.get('Kees Jansen zegt:')).toBe('outside-article');
    expect(rules.get(comment(3))).toBe('outside-article');
  });

  it.each([
    'Reply',
    'Antworten',
    'Répondre',
    'Responder',
    'Rispondi',
    'Odpowiedz',
    'Reageer',
    'Ответить',
    'Report abuse',
    'Anna Kowalska pisze:',
    'Jean Dupont a dit :',
    'Иван Петров пишет:',
    '14 likes',
  ])('%j is a comment marker', (text) => {
    expect(isCommentMarker(text)).toBe(true);
  });

  it.each([
    'He says:',
    'The minister says:',
    'She replied that the plan was too expensive.',
    'Reply to the council',
    'Reports',
  ])('%j is not a comment marker', (text) => {
    expect(isCommentMarker(text)).toBe(false);
  });

  it.each(['Antworten', 'Kommentar melden', 'Anna Müller schreibt:'])(
    'must not touch: the German marker %j on an English page; it marks a comment on a German or undetermined page',
    (text) => {
      expect(isCommentMarker(text, 'en')).toBe(false);
      expect(isCommentMarker(text, 'sv')).toBe(false);
      expect(isCommentMarker(text, 'de')).toBe(true);
      expect(isCommentMarker(text, 'und')).toBe(true);
      expect(isCommentMarker(text)).toBe(true);
    },
  );

  it.each(['Reply', 'Jane Doe says:', '14 likes'])(
    '%j (English, a template language) marks a comment on pages in every language',
    (text) => {
      for (const language of ['en', 'de', 'fr', 'sv', 'und']) {
        expect(isCommentMarker(text, language)).toBe(true);
      }
    },
  );

  it('must not touch: a French marker on a German page (only the page language and English are tried)', () => {
    expect(isCommentMarker('Jean Dupont a dit :', 'de')).toBe(false);
    expect(isCommentMarker('Jean Dupont a dit :', 'fr')).toBe(true);
  });

  it('must not touch: a lone "Reply" or a "<name> says:" line inside an article (a thread has several markers)', () => {
    const page = para(...MENU, P[0]!, 'The mayor says:', P[1]!, 'Reply', P[2]!, P[3]!);
    expect(body(page)).toEqual([P[0], 'The mayor says:', P[1], 'Reply', P[2], P[3]]);
  });

  it('comment headings, prompts and section words come from the lexicon lists boilerplate reads', () => {
    for (const line of [
      'Comments (3)',
      '[Comments]',
      'Top rated comments',
      'Leave a Reply',
      'Join the discussion',
      '34 responses to “Water board approves plan”',
      'Kommentare (12)',
      'Laisser un commentaire',
      'Discussion',
    ]) {
      expect(isCommentsHeading(line), line).toBe(true);
    }
    // In the page language's phrases and the template language's (English), as comment-marker.
    expect(isCommentsHeading('Kommentare (12)', 'de')).toBe(true);
    expect(isCommentsHeading('Kommentare (12)', 'fr')).toBe(false);
    expect(isCommentsHeading('Leave a Reply', 'de')).toBe(true);
    expect(isCommentsHeading('The comments were rude.', 'en')).toBe(false);
  });

  it('must not touch: "Discussion" heading a section between paragraphs is neither a wall nor boilerplate', () => {
    const page = para(...MENU, P[0]!, P[1]!, 'Discussion', P[2]!, P[3]!, P[4]!);
    expect(body(page)).toEqual([P[0], P[1], 'Discussion', P[2], P[3], P[4]]);
  });

  it('must not touch: a "Comments (3)" link between two paragraphs is not a wall', () => {
    const page = para(...MENU, P[0]!, P[1]!, 'Comments (3)', P[2]!, P[3]!, P[4]!);
    const kept = body(page);
    for (const p of [P[0], P[1], P[2], P[3], P[4]]) expect(kept).toContain(p);
  });
});

/** Three headline-and-summary teasers and a fourth headline: a related-stories list. */
const TEASERS = [
  'Council approves new cycle lanes along the river',
  'The lanes will link the station with the university campus and open next summer, the council said in a statement.',
  'Museum reopens its west wing after a long renovation',
  'Visitors can again see the collection of maps and globes, which had been kept in storage for almost four years.',
  'Police appeal for witnesses after a crash on the ring road',
  'Two cars collided near the northern junction on Sunday evening, and one driver was taken to hospital with injuries.',
  'School football team reaches the national final for the first time',
];

describe('teaser lists: "headline, then a one-paragraph summary", three or more in a row', () => {
  const page = para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, ...TEASERS, '© 2024 Town News');

  it('removes the list below the article as teaser-list and keeps the article', () => {
    expect(body(page)).toEqual([P[0], P[1], P[2], P[3]]);
    expect(removedBy(page).get(TEASERS[1]!)).toBe('teaser-list');
  });

  it('must not touch: an article whose short subheadings each head one paragraph', () => {
    const article = para(
      P[0]!,
      'What changes',
      P[1]!,
      'Who pays',
      P[2]!,
      'What comes next',
      P[3]!,
      'Open questions',
      P[4]!,
    );
    const page = para(...MENU, article);
    expect(body(page).join('\n\n')).toBe(article);
  });
});

describe('site notices', () => {
  it('must not touch: a long paragraph of prose that mentions a privacy policy and a newsletter', () => {
    const text =
      'When the company changed its privacy policy last spring, thousands of readers wrote in to ask what would happen to the addresses they had given when they signed up for the newsletter, and the company said it would delete them within a month unless they agreed to stay.';
    expect(classify(text, 'en')).toBe('good');
  });
});

describe('density parameters', () => {
  it('are one object of defaults, every key settable in config', () => {
    const config = parseConfig({ cleaning: { density: { params: { minArticle: 80, teaserMinItems: 4 } } } });
    expect(config.cleaning.density.params.minArticle).toBe(80);
    expect(config.cleaning.density.params.teaserMinItems).toBe(4);
    expect(config.cleaning.density.params.goodCap).toBe(DENSITY_PARAMS.goodCap);
    expect(Object.keys(parseConfig({}).cleaning.density.params).sort()).toEqual(
      Object.keys(DENSITY_PARAMS).sort(),
    );
  });

  it('reject an unknown key and a negative value', () => {
    expect(() => parseConfig({ cleaning: { density: { params: { minArtcle: 80 } } } })).toThrow(/minArtcle/);
    expect(() => parseConfig({ cleaning: { density: { params: { goodCap: -1 } } } })).toThrow(/goodCap/);
  });

  it('change what is kept: a teaser list needs teaserMinItems items', () => {
    // The first three headline-and-summary pairs of the shared list: three items, under a minimum of four.
    const teasers = TEASERS.slice(0, 6);
    const page = para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, ...teasers);
    const strict = parseConfig({ cleaning: { density: { params: { teaserMinItems: 4 } } } }).cleaning;
    const rules = cleanText(page, strict).removed.map((r) => r.rule);
    expect(rules).not.toContain('teaser-list');
    expect(cleanText(page, cleaning).removed.map((r) => r.rule)).toContain('teaser-list');
  });
});

describe('hard-wrapped text is classed a sentence at a time, not a line at a time', () => {
  // One paragraph of prose wrapped at about 60 characters, as plain-text pages and RFCs are.
  const wrapped = [
    'The regional water board approved a plan on Wednesday to',
    'replace the oldest pipes under the town centre, after a',
    'winter in which three mains burst within a single week.',
  ].join('\n');
  const wrapped2 = [
    'Engineers said the work would start in the spring and take',
    'about eighteen months, with streets closed one at a time so',
    'that shops could stay open during the repairs to the mains.',
  ].join('\n');
  const page = para(...MENU, wrapped, wrapped2, P[2]!, P[3]!);

  it('keeps every line of the wrapped paragraphs', () => {
    expect(bodyText(cleanText(page, cleaning))).toBe(para(wrapped, wrapped2, P[2]!, P[3]!));
  });

  it('must not touch: menu entries in lower case are not joined (fewer than wrapMinWords words)', () => {
    const lower = para('home', 'news', 'sport', 'weather', 'travel', 'contact', P[0]!, P[1]!, P[2]!);
    expect(bodyText(cleanText(lower, cleaning))).toBe(para(P[0]!, P[1]!, P[2]!));
  });
});

describe('an article in several runs: a box or a listing inside it does not cut it in two', () => {
  // Twelve invented headlines without sentence ends: together they outweigh the three paragraphs before them,
  // so the densest run alone holds only one half of the article.
  const box = [
    'Read more',
    'Council approves new cycle lanes along the river path',
    'Local bakery wins national award for its sourdough bread',
    'School choir to perform at the cathedral next month',
    'Police appeal for witnesses after late night break-in',
    'Football club names former player as new head coach',
    'Library extends opening hours during the exam season',
    'Farmers market returns to the square this weekend',
    'Hospital car park charges to rise from next April',
    'Bus company cuts evening services on three routes',
    'Museum reopens its Roman gallery after long repairs',
    'Town hall clock stops again after storm damage',
    'Charity shop raises record sum for the hospice',
  ];
  // The page's menu above and again as its footer: the page shows furniture on both sides.
  const page = para(...MENU, P[0]!, P[1]!, P[2]!, ...box, P[3]!, P[4]!, P[5]!, ...MENU);
  const config = (params: object) => parseConfig({ cleaning: { density: { params } } }).cleaning;

  it('keeps both halves of the article and removes the box between them', () => {
    expect(bodyText(cleanText(page, cleaning)).split('\n\n')).toEqual(P.slice(0, 6));
  });

  it('with extraRunMin 0 (off) the article is one run again, and loses a half', () => {
    const kept = bodyText(cleanText(page, config({ extraRunMin: 0 })));
    expect(P.slice(0, 6).every((p) => kept.includes(p))).toBe(false);
  });

  it('must not touch: a run farther than bridgeMaxLines lines from the article stays out', () => {
    const kept = bodyText(cleanText(page, config({ bridgeMaxLines: 5 })));
    expect(P.slice(0, 6).every((p) => kept.includes(p))).toBe(false);
  });

  it('a run of prose holding a site notice is the footer, not more article', () => {
    const footer = [
      'Example News is an independent local newspaper founded in 1921, owned by a trust and run by a small team of reporters and editors in the town.',
      '© 2024 Example News Ltd. All rights reserved. No part of this website may be copied, stored or sent on in any form without the written permission of the publisher, except for short quotations in reviews, as the law allows, and for personal use.',
      'We welcome letters from readers on any subject, but we may shorten them, and we never publish letters sent to us without a name and a full address.',
    ];
    const kept = body(para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, ...box, ...footer, ...MENU));
    expect(kept).toEqual(P.slice(0, 4));
  });

  it('must not touch: prose past a comment wall is not joined to the article', () => {
    const comment = (n: number) =>
      `I have lived in this town for ${n + 20} years and the pipes have always been a problem, so it is good to finally see someone doing something about it.`;
    const kept = body(
      para(
        ...MENU,
        P[0]!,
        P[1]!,
        P[2]!,
        'Comments',
        'Jane Doe says:',
        comment(1),
        'Reply',
        'John Roe says:',
        comment(2),
        comment(3),
        'Reply',
      ),
    );
    expect(kept).toEqual(P.slice(0, 3));
  });
});

describe("an article's lead above its picture is the article's, not the page's", () => {
  const lead = 'The town will replace its oldest water pipes next year, the board decided on Wednesday.';
  // A caption and its credit that outweigh the lead: the densest run starts below them.
  const caption = [
    'Workers repair a burst main in the town centre during the winter',
    'Photo: Example Agency',
  ];
  const config = (params: object) => parseConfig({ cleaning: { density: { params } } }).cleaning;

  it('keeps a lead paragraph set apart from the article by a picture caption and a credit', () => {
    const kept = body(para(...MENU, lead, ...caption, P[0]!, P[1]!, P[2]!, ...MENU));
    expect(kept).toEqual([lead, P[0], P[1], P[2]]);
  });

  it('with leadMin above the lead weight it stays out, as before', () => {
    const kept = bodyText(
      cleanText(para(...MENU, lead, ...caption, P[0]!, P[1]!, P[2]!, ...MENU), config({ leadMin: 60 })),
    );
    expect(kept.includes(lead)).toBe(false);
  });

  it('must not touch: a short prose line farther than leadMaxLines lines above the article stays out', () => {
    const far = ['Latest', 'Business', 'Sport', 'Weather', 'Travel', 'Contact', 'Login', 'Search', 'Menu'];
    const rules = removedBy(para(...MENU, lead, ...far, P[0]!, P[1]!, P[2]!, ...MENU));
    expect(rules.get(lead)).toBe('outside-article');
  });

  it('must not touch: a lead is looked for only above the article, never below it', () => {
    const note = 'The board will meet again in the autumn to choose the first streets, a spokesman said.';
    const rules = removedBy(para(...MENU, P[0]!, P[1]!, P[2]!, ...caption, note, ...MENU));
    expect(rules.get(note)).toBe('outside-article');
  });
});

describe("a menu between the article's runs is its own list, not evidence of page furniture", () => {
  // A table of contents: one-to-three-word lines in a row, as a site menu is.
  const contents = ['Contents', '1 Background', '2 Costs', '3 Timetable', '4 Reactions', '5 Next steps'];

  it('must not touch: an article whose only menu-like lines sit between its paragraphs', () => {
    const text = para(P[0]!, P[1]!, ...contents, P[2]!, P[3]!, P[4]!);
    expect([...removedBy(text).keys()]).toEqual([]);
  });

  it('the same lines above the article are the page menu: they go, and the page is cleaned', () => {
    const rules = removedBy(para(...contents, P[0]!, P[1]!, P[2]!, P[3]!));
    expect(rules.get('1 Background')).toBe('outside-article');
    expect(rules.get('5 Next steps')).toBe('outside-article');
  });
});

describe('code listings and labels inside an article are not page furniture', () => {
  const listing = ['<html>', '<head>', '<title>Test</title>', '</head>', '<body>', '</body>', '</html>'];

  it('must not touch: an article with a listing of short code lines, and nothing else around it', () => {
    const text = para(P[0]!, P[1]!, ...listing, P[2]!, P[3]!);
    expect([...removedBy(text).keys()]).toEqual([]);
  });

  it('one-to-three-word lines that are words still make a menu', () => {
    const rules = removedBy(para(...MENU, P[0]!, P[1]!, P[2]!));
    expect(rules.get('Sport')).toBe('outside-article');
  });

  const comment = (n: number) =>
    `I have lived in this town for ${n + 20} years and the pipes have always been a problem, so it is good to finally see someone doing something about it.`;

  it('must not touch: a bare "Comment" label (a table column) with no comment after it is no wall', () => {
    const table = ['Status', 'Comment', 'new', 'started', 'done'];
    const kept = body(para(...MENU, P[0]!, P[1]!, P[2]!, ...table, P[3]!, P[4]!, P[5]!));
    for (const p of P) expect(kept).toContain(p);
  });

  it('a bare "Comment" heading followed by a thread is still a wall', () => {
    const page = para(
      ...MENU,
      P[0]!,
      P[1]!,
      P[2]!,
      'Comment',
      'Jane Doe says:',
      comment(1),
      'Reply',
      'John Roe says:',
      comment(2),
      'Reply',
    );
    expect(body(page)).toEqual(P.slice(0, 3));
  });
});

describe('an article in short sections is not a teaser list', () => {
  it('must not touch: long subheadings each heading one paragraph, with the article going on after them', () => {
    const article = [
      P[0]!,
      'First reason: the old pipes under the centre are more than a century old',
      P[1]!,
      'Second reason: repairs after every burst cost more each winter',
      P[2]!,
      'Third reason: the national grant will only be paid this year',
      P[3]!,
      P[4]!,
    ];
    expect(body(para(...MENU, ...article, ...MENU))).toEqual(article);
  });
});

describe('a numbered article (a listicle, a how-to) is not a teaser list (issue 14, zero harm)', () => {
  const sections = [
    '1. The old pipes under the centre are more than a century old',
    P[1]!,
    '2. Repairs after every burst cost more each winter',
    P[2]!,
    '3. The national grant will only be paid this year',
    P[3]!,
    '4. Shops want a timetable before the streets close',
    P[4]!,
  ];
  it('must not touch: headings numbered one after another, each over one paragraph, ending the page', () => {
    expect(body(para(...MENU, P[0]!, ...sections))).toEqual([P[0], ...sections]);
  });

  it('still removes a teaser list whose headlines are not numbered in sequence', () => {
    const page = para(
      ...MENU,
      P[0]!,
      P[1]!,
      P[2]!,
      P[3]!,
      ...TEASERS.map((t, i) => (i % 2 === 0 ? `${i + 1}. ${t}` : t)),
    );
    expect(body(page)).toEqual([P[0], P[1], P[2], P[3]]);
    expect(removedBy(page).get(TEASERS[1]!)).toBe('teaser-list');
  });
});

describe('program listings inside an article (issue 14, zero harm)', () => {
  const listing = (n: number) =>
    [
      `SELECT status_code, count(*) AS entries_${n}`,
      'FROM server_log',
      `WHERE period > now() - interval '${n} hour'`,
      'GROUP BY status_code',
      'ORDER BY entries DESC',
      'LIMIT 10',
      'status_code │ entries',
      `500 │ ${n * 7}`,
      `404 │ ${n * 3}`,
    ].join('\n');
  const article = [P[0]!, listing(1), P[1]!, listing(2), P[2]!, listing(3), P[3]!, listing(4), P[4]!, P[5]!];

  it('must not touch: listings and their output between paragraphs stay, and do not cut the article in two', () => {
    expect(body(para(...MENU, ...article, ...MENU))).toEqual(article);
  });

  it('still removes the menus around the article', () => {
    const removed = removedBy(para(...MENU, ...article, ...MENU));
    for (const entry of MENU.slice(1)) expect(removed.get(entry)).toBe('outside-article');
  });
});

describe("a site notice among the article's last lines ends the article", () => {
  // Promotions after a newsletter or subscription prompt: short, in the page language, the site's voice.
  const promo = 'The latest news and analysis from our reporters, sent to you every weekday morning.';
  const optIn = 'You may also receive occasional offers from our partners.';
  const deNotice = 'Mit unserem Newsletter bleiben Sie informiert';
  const dePromo = 'Die wichtigsten Nachrichten des Tages, jeden Morgen direkt in Ihr Postfach geliefert.';
  const de = DE.slice(0, 3);

  it('removes a newsletter prompt and the little prose after it (English)', () => {
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, 'Newsletter', promo, 'Sign Me Up', optIn);
    expect(body(text)).toEqual(P.slice(0, 4));
    const rules = removedBy(text);
    expect(rules.get('Newsletter')).toBe('outside-article');
    expect(rules.get(promo)).toBe('outside-article');
    expect(rules.get(optIn)).toBe('outside-article');
  });

  it('removes a newsletter prompt and the little prose after it (German page)', () => {
    const text = para(...MENU, ...de, 'Teilen auf', deNotice, dePromo);
    expect(body(text)).toEqual(de);
  });

  it('with tailNoticeWeight 0 the promotion stays, as before', () => {
    const config = parseConfig({ cleaning: { density: { params: { tailNoticeWeight: 0 } } } }).cleaning;
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, 'Newsletter', promo, 'Sign Me Up', optIn);
    expect(bodyText(cleanText(text, config)).includes(optIn)).toBe(true);
  });

  it('must not touch: a sentence of the article about a newsletter, with its last paragraph after it', () => {
    const about = 'He said the newsletter, which he founded in 1998, would stop next month.';
    const end =
      'Its last issue will go out in June, and the readers who paid for a year will get their money back.';
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, about, end, ...MENU);
    expect(body(text)).toEqual([P[0], P[1], P[2], about, end]);
  });

  it('must not touch: a share prompt (furniture, but no notice) before the last paragraph', () => {
    const end = 'Its last issue will go out in June, the board said.';
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, 'Share this article', end);
    expect(body(text)).toEqual([P[0], P[1], P[2], end]);
  });

  it('must not touch: a notice with more prose after it than a promotion is inside the article', () => {
    const text = para(...MENU, P[0]!, P[1]!, 'Newsletter', P[2]!, P[3]!, ...MENU);
    expect(body(text)).toEqual([P[0], P[1], 'Newsletter', P[2], P[3]]);
  });
});

describe('subscribe-prompt: the rest of a call to subscribe whose first line boilerplate removed', () => {
  const heading = 'Sign up for our newsletter';
  const pitch = 'Never miss the latest news by signing up to our newsletter today!';
  const rules = (text: string, config = cleaning) =>
    new Map(cleanText(text, config).removed.map((r) => [r.text, `${r.stage}/${r.rule}`]));

  it("removes the pitch under a newsletter box's heading between the article's paragraphs", () => {
    const text = para(...MENU, P[0]!, P[1]!, heading, pitch, P[2]!, P[3]!, ...MENU);
    expect(body(text)).toEqual(P.slice(0, 4));
    const removed = rules(text);
    expect(removed.get(heading)).toBe('boilerplate/call-to-action');
    expect(removed.get(pitch)).toBe('density/subscribe-prompt');
  });

  it('removes a run of calls that ask under the heading, and stops at the first line that does not ask', () => {
    const inbox = 'Get our best stories delivered to your inbox.';
    const after = 'The board said the first streets would close in March.';
    const text = para(
      ...MENU,
      P[0]!,
      P[1]!,
      'Subscribe to our daily briefing',
      pitch,
      inbox,
      after,
      P[2]!,
      ...MENU,
    );
    expect(body(text)).toEqual([P[0], P[1], after, P[2]]);
    expect(rules(text).get(inbox)).toBe('density/subscribe-prompt');
  });

  it('works on a German page with its own call', () => {
    const de = DE.slice(0, 3);
    const dePitch = 'Die wichtigsten Nachrichten direkt in Ihr Postfach, jederzeit abbestellen.';
    const text = para(...MENU, de[0]!, de[1]!, 'Newsletter abonnieren', dePitch, de[2]!, ...MENU);
    expect(rules(text).get(dePitch)).toBe('density/subscribe-prompt');
    expect(body(text)).toEqual(de);
  });

  it('must not touch: an article paragraph right after a removed share or advertisement label', () => {
    const about = 'He said the newsletter, which he founded in 1998, would stop next month.';
    for (const label of ['Advertisement', 'Share', 'Subscribe']) {
      const text = para(...MENU, P[0]!, P[1]!, label, P[2]!, label, about, P[3]!, ...MENU);
      expect(rules(text).has(label)).toBe(true); // the label itself goes, as before
      expect(body(text)).toEqual([P[0], P[1], P[2], about, P[3]]);
    }
    // Even a short sign-up sentence under a "Subscribe" button that boilerplate took as a share label (not as a
    // call to action): a bare label between paragraphs heads no box.
    const signUp = 'Readers can sign up for the ferry timetable at the town hall.';
    for (const label of ['Share', 'Subscribe']) {
      const text = para(...MENU, P[0]!, P[1]!, label, signUp, P[2]!, ...MENU);
      expect(rules(text).get(label)).toBe('boilerplate/share-prompt');
      expect(body(text)).toEqual([P[0], P[1], signUp, P[2]]);
    }
  });

  it('must not touch: prose about a newsletter under a removed call to subscribe', () => {
    // A sentence that only names a newsletter asks nothing; a paragraph that asks is longer than promptMaxWords.
    const names = 'He said the newsletter, which he founded in 1998, would stop next month.';
    const long =
      'When the company changed its privacy policy last spring, thousands of readers who had signed up for the newsletter wrote in to ask whether they could unsubscribe and have their addresses deleted.';
    for (const line of [names, long]) {
      const text = para(...MENU, P[0]!, P[1]!, heading, line, P[2]!, ...MENU);
      expect(body(text)).toEqual([P[0], P[1], line, P[2]]);
    }
  });

  it("must not touch: a real article's closing paragraph under a removed call to subscribe", () => {
    const end =
      'Its last issue will go out in June, and the readers who paid for a year will get their money back.';
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, 'Subscribe to our newsletter', end, ...MENU);
    expect(body(text)).toEqual([P[0], P[1], P[2], end]);
  });

  it("from HTML: removes the pitch in a fact box under its call heading, and keeps the box's other lines", () => {
    const roundup =
      'Every day we send you a roundup email of the latest from the town, all in one handy email.';
    const box = `<div class="factbox"><span><h3>${heading}</h3></span><div><p>${pitch}</p><p>${roundup}</p></div></div>`;
    const page = `<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="story"><h1>Water board approves new pipes</h1><p>${P[0]}</p><p>${P[1]}</p>${box}<p>${P[2]}</p><p>${P[3]}</p></div></body></html>`;
    const cleaned = cleanBytes(new TextEncoder().encode(page), cleaning, undefined, true);
    if (!cleaned.ok) throw new Error(cleaned.reason);
    const removed = new Map(cleaned.state.removed.map((r) => [r.text, `${r.stage}/${r.rule}`]));
    expect(removed.get(heading)).toBe('boilerplate/call-to-action');
    expect(removed.get(pitch)).toBe('density/subscribe-prompt');
    const kept = bodyText(cleaned.state);
    for (const line of [P[0]!, P[1]!, P[2]!, P[3]!]) expect(kept).toContain(line);
    expect(kept).not.toContain(pitch);
  });

  it('with promptMaxWords 0 (off) the pitch stays, as before', () => {
    const config = parseConfig({ cleaning: { density: { params: { promptMaxWords: 0 } } } }).cleaning;
    const text = para(...MENU, P[0]!, P[1]!, heading, pitch, P[2]!, P[3]!, ...MENU);
    expect(bodyText(cleanText(text, config)).includes(pitch)).toBe(true);
  });
});

describe('below the article, a site notice soon after it marks the footer', () => {
  const promo = 'Get the best of our reporting in your inbox every weekday morning.';
  const copyright = '© 2024 Example News. All rights reserved.';
  // Lines that are neither prose nor furniture evidence (a fact box's labels), enough to end the run.
  const labels = [
    'Cost of the works in the first year',
    'Streets to be closed during the works',
    'Expected end of the works',
  ];

  it('removes a promotion and the notice just below the article, with no other furniture after it', () => {
    const text = para(...MENU, P[0]!, P[1]!, P[2]!, P[3]!, promo, 'Newsletter', copyright);
    expect(body(text)).toEqual(P.slice(0, 4));
  });

  it('must not touch: prose below the article that comes before a notice farther down is kept', () => {
    const more = [
      'Shops on the high street will stay open while their street is closed, and signs will show the way in.',
      'Deliveries will be allowed early in the morning before the crews arrive, the board said on Friday.',
    ];
    const kept = body(para(...MENU, P[0]!, P[1]!, P[2]!, ...labels, ...more, copyright));
    expect(kept).toEqual(expect.arrayContaining(more));
  });
});

describe("site notices of the page's language end the article and mark the footer, as English's do", () => {
  const de = DE;
  const es = [
    'El ayuntamiento aprobó el miércoles un plan para sustituir las tuberías más antiguas del centro, después de un invierno en el que se rompieron tres conducciones en una semana.',
    'Los ingenieros dijeron que las obras empezarán en primavera y durarán unos dieciocho meses, con las calles cerradas de una en una para que las tiendas sigan abiertas.',
    'Los vecinos preguntaron si subirán las facturas, y el consistorio respondió que una subvención del Gobierno cubrirá la mayor parte del coste de las obras.',
  ];

  it('removes a German call to subscribe and the promotion after it', () => {
    const promo = 'Jeden Morgen um sieben Uhr, kostenlos.';
    const text = para(
      ...MENU,
      ...de,
      'Die wichtigsten Nachrichten direkt in Ihr Postfach',
      promo,
      'Kein Spam, jederzeit abbestellen',
    );
    expect(body(text)).toEqual(de);
  });

  it('removes a Spanish subscription call and the promotion after it', () => {
    const promo = 'Las noticias más importantes del día, cada mañana.';
    // Not a whole-line call to action (boilerplate's, which would take it first): density's notice.
    const text = para(...MENU, ...es, 'Recibe cada mañana nuestro boletín de noticias', promo);
    expect(body(text)).toEqual(es);
  });

  it('below the article, an imprint and an affiliate disclosure mark the footer', () => {
    const labels = [
      'Kosten im ersten Jahr',
      'Gesperrte Straßen während der Arbeiten',
      'Voraussichtliches Ende',
    ];
    const text = para(
      ...MENU,
      ...de,
      ...labels,
      'Alle Links zu Amazon sind Affiliate-Links',
      'Impressum',
      'Cookie-Einstellungen',
    );
    expect(body(text)).toEqual(de);
  });

  it('must not touch: sentences of a German story about affiliate links, an imprint or a newsletter, prose after them', () => {
    const affiliate = 'Viele Ratgeberseiten verdienen mit Affiliate-Links an jedem Kauf ihrer Leser mit.';
    const imprint = 'Das Gericht entschied, dass auch private Blogs ein Impressum brauchen.';
    const newsletter = 'Der Verein will seinen Newsletter künftig nur noch per E-Mail verschicken.';
    for (const text of [
      para(...MENU, de[0]!, de[1]!, affiliate, de[2]!, de[3]!, ...MENU),
      para(...MENU, de[0]!, de[1]!, de[2]!, imprint, de[3]!),
      para(...MENU, de[0]!, de[1]!, de[2]!, newsletter, de[3]!),
    ]) {
      const kept = body(text);
      for (const line of [affiliate, imprint, newsletter])
        if (text.includes(line)) expect(kept, line).toContain(line);
      expect(kept).toEqual(expect.arrayContaining(de));
    }
  });
});

describe('reference marks after a sentence end it, as in encyclopedias and papers', () => {
  it('a sentence followed by reference marks is prose', () => {
    expect(
      classify('The film was released in 2007 and earned twice its budget in its first month.[26]', 'en'),
    ).toBe('good');
    expect(
      classify('Der Film kam 2007 in die Kinos und spielte im ersten Monat das Doppelte ein.[3][n 2]', 'de'),
    ).toBe('good');
    expect(classify('The line was closed in 1998.[citation needed]', 'en')).toBe('near');
  });

  it('must not touch: a label or heading with a bracketed tag is still no sentence', () => {
    expect(classify('See also[edit]', 'en')).toBe('short');
    expect(classify('Comments [3]', 'en')).toBe('short');
    expect(classify('The film was released in 2007 and earned twice its budget [26]', 'en')).not.toBe('good');
  });

  it("keeps an encyclopedia article's paragraphs whose sentences carry reference marks", () => {
    const cited = P.slice(0, 4).map((p, i) => `${p}[${i + 1}]`);
    expect(body(para(...MENU, ...cited, ...MENU))).toEqual(cited);
  });
});

describe('a table inside the article is the article, not furniture', () => {
  const caption = 'Average temperatures in the largest cities';
  const header = 'City January (°C) July (°C)';
  const rows = [
    'Auckland 23/16 14/7',
    'Wellington 20/13 11/6',
    'Christchurch 22/12 10/0',
    'Dunedin 19/11 10/3',
  ];

  it('keeps the caption, the header row and the data rows between two paragraphs', () => {
    const text = para(...MENU, P[0]!, P[1]!, caption, header, ...rows, P[2]!, P[3]!);
    expect(body(text)).toEqual([P[0], P[1], caption, header, ...rows, P[2], P[3]]);
  });

  it('with tableMinRows 0 the rows go as not-prose, as before', () => {
    const config = parseConfig({ cleaning: { density: { params: { tableMinRows: 0 } } } }).cleaning;
    const text = para(...MENU, P[0]!, P[1]!, caption, header, ...rows, P[2]!, P[3]!);
    const kept = bodyText(cleanText(text, config));
    expect(kept.includes(rows[1]!)).toBe(false);
  });

  it('must not touch: rows of numbers below the article (a results widget) still go', () => {
    const scores = ['Arsenal 2 Chelsea 1', 'Leeds 0 Everton 0', 'Fulham 3 Burnley 2', 'Spurs 1 Wolves 4'];
    const rules = removedBy(para(...MENU, P[0]!, P[1]!, P[2]!, 'Latest scores', ...scores, ...MENU));
    for (const score of scores) expect(rules.get(score)).toBe('outside-article');
  });
});

describe('a long paragraph set apart by widgets or subheadings is no teaser', () => {
  // Sections of one long paragraph each, separated by a subheading and per-section widget labels.
  const long = (k: number) => [0, 1, 2, 3].map((j) => P[(j + k) % P.length]).join(' ');
  const section = (k: number) => [`Part ${k + 1}`, long(k), `${k + 3} views`, 'Edit section'];
  const other = [
    'Our partners use cookies to measure how often each page is read and to show offers that may interest you.',
    'You can change your choice at any time on the settings page, where every partner and purpose is listed.',
  ];
  const page = para(...MENU, ...section(0), ...section(1), ...section(2), ...MENU, ...other);

  it('keeps every section of an article written in long isolated paragraphs', () => {
    const kept = body(page);
    for (const k of [0, 1, 2]) expect(kept).toContain(long(k));
  });

  it('with isolatedMaxWords above the paragraphs, they weigh as isolated teasers again and lose', () => {
    // minArticle 0: whatever is found is surely the article, so the search is not made again with isolated
    // prose at its whole weight (which would find the sections again).
    const params = { isolatedMaxWords: 1000, minArticle: 0 };
    const config = parseConfig({ cleaning: { density: { params } } }).cleaning;
    expect(bodyText(cleanText(page, config)).includes(long(1))).toBe(false);
  });
});

describe("a list between the article's runs whose items read as sentences is the article's (issue 14, zero harm)", () => {
  // Invented release notes: items that read as sentences (many function words, lower case) but end without a
  // full stop, so each weighs against the article and the list cuts it in two runs.
  const notes = [
    'What changed this week',
    'the download window now remembers the folder where you saved your last file and opens it again',
    'pages that play sound in a background tab can be muted from the tab itself without switching to it',
    'a crash that happened when you closed the window while a video was still loading has been fixed',
    'bookmarks can be moved between folders by dragging them with the mouse or with the keyboard',
    'Known problems',
    'some fonts on older systems look blurry when the page is zoomed in beyond two hundred per cent',
    'the spell checker does not yet know the words that were added to the dictionary this year',
    'printing a page with many pictures can take a long time and sometimes stops halfway through it',
    'Thanks to everyone who tested',
  ];
  const config = (params: object) => parseConfig({ cleaning: { density: { params } } }).cleaning;
  const page = (...gap: string[]) => para(...MENU, P[0]!, P[1]!, P[2]!, ...gap, P[3]!, P[4]!, P[5]!, ...MENU);

  it('must not touch: the list and its labels stay between the two halves of the article', () => {
    expect(body(page(...notes))).toEqual([...P.slice(0, 3), ...notes, ...P.slice(3)]);
  });

  it('with gapListMinItems 0 (off) the list goes as outside-article, as before', () => {
    const doc = cleanText(page(...notes), config({ gapListMinItems: 0 }));
    expect(bodyText(doc).split('\n\n')).toEqual(P);
    expect(doc.removed.find((r) => r.text === notes[1])?.rule).toBe('outside-article');
  });

  it('still removes a list of other stories: headlines in title case, however many function words they have', () => {
    const headlines = [
      'More from the Weekend Edition',
      'How to Turn Your Old Phone Into a Camera for the Garden',
      'Why the Town Council Wants to Close the Bridge for Two Years',
      'What We Know About the New Bus Routes in the City Centre',
      'The Best Places to Eat and Drink by the River This Summer',
      'Everything You Need to Know Before the Marathon on Sunday',
      'How the Old Mill Was Turned Into a Home for Local Artists',
      'Where to See the Northern Lights Without Leaving the Country',
      'Why So Many of Our Readers Are Moving Out of the City',
    ];
    const rules = removedBy(page(...headlines));
    for (const h of headlines) expect(rules.get(h)).toBe('outside-article');
    expect(body(page(...headlines))).toEqual(P);
  });

  it('still removes the gap when page furniture sits in it (a line an earlier stage removed)', () => {
    const gap = [...notes.slice(0, 5), 'Advertisement', ...notes.slice(5)];
    const doc = cleanText(page(...gap), cleaning);
    expect(doc.removed.find((r) => r.text === 'Advertisement')?.stage).toBe('boilerplate');
    expect(doc.removed.find((r) => r.text === notes[1])?.rule).toBe('outside-article');
    expect(body(page(...gap))).toEqual(P);
  });

  it('still removes a gap where two sentence-like lines are a small share of many headlines', () => {
    const gap = [
      'Around the region',
      'Council approves new cycle lanes along the river path',
      'Local bakery wins national award for its sourdough bread',
      'School choir to perform at the cathedral next month',
      'Police appeal for witnesses after late night break-in',
      'Football club names former player as new head coach',
      'Up next the council says it will fix the old bridge at last but not before the spring',
      'Library extends opening hours during the exam season',
      'Farmers market returns to the square this weekend',
      'Hospital car park charges to rise from next April',
      'Bus company cuts evening services on three routes',
      'Watch the mayor explain why the works will take so long and what they will cost the town',
      'Museum reopens its Roman gallery after long repairs',
      'Town hall clock stops again after storm damage',
      'Charity shop raises record sum for the hospice',
    ];
    expect(body(page(...gap))).toEqual(P);
    expect(bodyText(cleanText(page(...gap), config({ gapListShare: 0 })))).toContain(gap[6]);
  });

  it('still removes a gap with one sentence-like line among labels and headlines (a single teaser)', () => {
    const gap = [
      'Around the region',
      'Council approves new cycle lanes along the river path',
      'Local bakery wins national award for its sourdough bread',
      'Police appeal for witnesses after late night break-in',
      'Up next the council says it will fix the old bridge at last but not before the spring',
      'Bus company cuts evening services on three routes',
      'Town hall clock stops again after storm damage',
      'Charity shop raises record sum for the hospice',
      'Weekend edition',
    ];
    const rules = removedBy(page(...gap));
    expect(rules.get(gap[4]!)).toBe('outside-article');
    expect(body(page(...gap))).toEqual(P);
    // Even when the share of its words is not asked for: one item is no list.
    expect(bodyText(cleanText(page(...gap), config({ gapListShare: 0 }))).split('\n\n')).toEqual(P);
  });
});

describe('a numbered table of contents and the headings it names are the article (issue 14, zero harm)', () => {
  const contents = [
    'Contents',
    '1 Background',
    '2 Costs and funding',
    '3 Timetable',
    '4 Reactions from residents',
  ];
  const caption = 'The old pumping station seen from the river bank';
  const article = [
    P[0]!,
    P[1]!,
    ...contents,
    'Background',
    P[2]!,
    'Costs and funding',
    caption,
    P[3]!,
    'Timetable',
    P[4]!,
    'Reactions from residents',
    P[5]!,
  ];
  const config = (params: object) => parseConfig({ cleaning: { density: { params } } }).cleaning;

  it('must not touch: the contents, its title and every heading it names stay, the page furniture goes', () => {
    const kept = body(para(...MENU, ...article, ...MENU));
    for (const line of [...contents, 'Costs and funding', 'Reactions from residents'])
      expect(kept).toContain(line);
    for (const entry of MENU.slice(1)) expect(kept).not.toContain(entry);
  });

  it('with contentsMinEntries 0 (off) the entries go as a link list and a heading as not-prose, as before', () => {
    const doc = cleanText(para(...MENU, ...article, ...MENU), config({ contentsMinEntries: 0 }));
    const rules = new Map(doc.removed.map((r) => [r.text, r.rule]));
    expect(rules.get('2 Costs and funding')).toBe('link-list');
    expect(rules.get('Costs and funding')).toBe('not-prose');
  });

  it('still removes a numbered list whose entries name no heading further down (a list of other stories)', () => {
    const list = [
      '1 Storm warning for the coast',
      '2 Local team wins the cup',
      '3 Cycle lanes approved',
      '4 Bakery wins award',
    ];
    const rules = removedBy(para(...MENU, P[0]!, P[1]!, ...list, P[2]!, P[3]!, P[4]!, ...MENU));
    for (const entry of list) expect(['link-list', 'not-prose']).toContain(rules.get(entry));
  });

  it('still removes a numbered list whose entries come back only above it (the page menu printed twice)', () => {
    const menu = ['Storm warning', 'Local team', 'Cycle lanes', 'Bakery award'];
    const numbered = menu.map((m, i) => `${i + 1} ${m}`);
    const rules = removedBy(para(...menu, P[0]!, P[1]!, ...numbered, P[2]!, P[3]!, P[4]!, ...MENU));
    for (const entry of numbered) expect(rules.get(entry)).toBe('link-list');
  });
});

describe('too little article (less than minArticle): the search is made again with isolated prose at its whole weight', () => {
  const config = (params: object) => parseConfig({ cleaning: { density: { params } } }).cleaning;
  const keptWith = (text: string, params: object) => bodyText(cleanText(text, config(params))).split('\n\n');
  // A gallery: each paragraph stands alone between a picture credit and a short caption heading, so every one
  // of them weighs a quarter in the first search, and two connected lines of a box above the gallery (too far
  // above to be its lead) outweigh any of them.
  const gallery = P.flatMap((p, k) => [`Picture ${k + 2} of 12 Photo Agency Ltd`, `Part ${k + 1}`, p]);
  const sidebar = [
    'Anna Berg has written about the town and its people for twenty years, and before that she taught history at the local school.',
    'Her book about the old harbour and the families who worked there was published last spring by a small press in the city.',
  ];
  const page = para(
    ...MENU,
    'From our author',
    ...sidebar,
    ...MENU,
    ...MENU,
    'Photos of the week',
    ...gallery,
    ...MENU,
  );

  it('keeps every paragraph of a gallery whose paragraphs each stand alone, and not the sidebar', () => {
    const kept = body(page);
    for (const p of P) expect(kept).toContain(p);
    for (const line of sidebar) expect(kept).not.toContain(line);
  });

  it('with minArticle 0 (no retry: anything found is surely the article) the sidebar wins, as before', () => {
    const kept = keptWith(page, { minArticle: 0 });
    expect(kept).toEqual(sidebar);
  });

  it('must not touch: a short news brief does not gain the related stories around it', () => {
    const brief = `${P[0]} ${P[1]!.split(',')[0]}.`;
    const related = [
      'Related stories',
      'Council to vote on new parking rules for the harbour',
      'Local bakery wins national prize for its rye bread',
      'Library opening hours to change from next month',
      '12 March 2024',
      'The town hall will be closed for repairs during the first two weeks of April, the council said on Monday.',
      '11 March 2024',
      'A new cycle path between the station and the hospital will open to the public at the end of this month.',
    ];
    const text = para(...MENU, brief, ...related, ...MENU);
    expect(body(text)).toEqual([brief]);
    expect(body(text)).toEqual(keptWith(text, { minArticle: 0 }));
  });

  it('must not touch: a long article keeps what it kept, with isolated teasers around it', () => {
    const teasers = ['Most read', P[4]!, 'Sponsored', P[5]!, 'Advertisement'];
    const long = [...P.slice(0, 4), ...P.slice(0, 4).map((p) => p.replace('The ', 'Meanwhile the '))];
    const text = para(...MENU, ...long, ...teasers, ...MENU);
    expect(body(text)).toEqual(long);
    expect(body(text)).toEqual(keptWith(text, { minArticle: 0 }));
  });
});
