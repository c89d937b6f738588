import { describe, expect, it } from 'vitest';
import { boilerplate, DEFAULT_RULES } from '../../stages/boilerplate.js';
import type { DocState } from '../../stages/document.js';
import { newDocState } from '../../stages/document.js';
import { segment } from '../../stages/segment.js';
import { clean, paragraphs, removedBy, seed } from '../helpers.js';

function run(text: string, options = { disable: [] as string[], extraRules: [] }): DocState {
  return boilerplate(segment(newDocState(text)), options);
}
const removed = (doc: DocState) => doc.removed.map((r) => `${r.rule}: ${r.text}`);

const ARTICLE = 'The president spoke to reporters on Monday about the reform plans and the protests.';

describe('boilerplate: the seeds', () => {
  it('000: "Other news" at the end', () => {
    expect(removedBy(clean(seed('000')), 'related-list')).toEqual(['Other news']);
  });

  it('001: "Read More:" link and "Source: Read Full Article"', () => {
    const doc = clean(seed('001'));
    expect(removedBy(doc, 'read-more')).toEqual([
      'Read More: Why the Strongman of Belarus Is Fighting for Survival: QuickTake',
    ]);
    expect(removedBy(doc, 'source-link')).toEqual(['Source: Read Full Article']);
  });

  it('002: comment prompts', () => {
    expect(removedBy(clean(seed('002')), 'comment-prompt')).toEqual([
      'Add a Comment',
      'Your email address will not be published. Required fields are marked *',
    ]);
  });

  it('004: "Leave A Reply" and the e-mail notice', () => {
    expect(removedBy(clean(seed('004')), 'comment-prompt')).toEqual([
      'Leave A Reply',
      'Your email address will not be published.',
    ]);
  });

  it('003: photo captions and image alt lines inside the body', () => {
    const doc = clean(seed('003'));
    const captions = doc.removed.filter(
      (r) => r.stage === 'boilerplate' && r.rawStart < doc.raw.indexOf('By Press'),
    );
    expect(captions.map((r) => r.text)).toEqual([
      'Belarusian president Alexander Lukashenko',
      'Belarus Lukashenko. Picture: PA',
      'Belarus Protests',
      'Alexander Lukashenko’s victory sparked widespread protests (AP)',
    ]);
    expect(captions.every((r) => r.rule === 'photo-caption' || r.rule === 'image-alt')).toBe(true);
  });

  it('003: the whole "Latest World News" block and every unrelated headline and caption after it', () => {
    const doc = clean(seed('003'));
    const start = doc.raw.indexOf('Latest World News');
    const after = doc.removed.filter((r) => r.rawStart >= start);
    const linesAfter = doc.raw
      .slice(start)
      .split('\n')
      .filter((line) => line.trim());
    expect(after.map((r) => r.text)).toEqual(linesAfter);
    expect(paragraphs(doc).join('\n')).not.toMatch(/Trump|Musk|Beluga|Amsterdam|Kanjo/);
  });
});

describe('boilerplate: each rule on its own', () => {
  const cases: Array<[string, string]> = [
    ['comment-prompt', 'Leave a comment'],
    ['comment-prompt', '12 Comments'],
    ['read-more', 'READ MORE: Protests grow in Minsk'],
    ['read-more', 'See also: Who is Lukashenko?'],
    ['source-link', 'Continue reading the main story'],
    ['share-prompt', 'Share this article'],
    ['related-list', 'Most Read'],
    ['photo-caption', 'Protesters in Minsk on Sunday. Photo: Reuters'],
    ['photo-caption', 'Police outside the stadium (AP Photo/Jane Doe)'],
  ];
  for (const [rule, line] of cases) {
    it(`${rule}: "${line}"`, () => {
      expect(removed(run(`${ARTICLE}\n\n${line}`))).toEqual([`${rule}: ${line}`]);
    });
  }

  it('rules can be switched off by id', () => {
    expect(
      removed(run(`${ARTICLE}\n\nLeave A Reply`, { disable: ['comment-prompt'], extraRules: [] })),
    ).toEqual([]);
  });

  it('rules can be added from config', () => {
    const extra = {
      id: 'newsletter',
      pattern: 'get our newsletter.*',
      scope: 'line' as const,
      role: 'boilerplate' as const,
      why: 'newsletter plug',
      example: 'Get our newsletter today',
    };
    const doc = boilerplate(segment(newDocState(`${ARTICLE}\n\nGet our newsletter today`)), {
      disable: [],
      extraRules: [extra],
    });
    expect(removed(doc)).toEqual(['newsletter: Get our newsletter today']);
  });

  it('every default rule removes its own example', () => {
    for (const rule of DEFAULT_RULES) {
      expect(removed(run(`${ARTICLE}\n\n${rule.example}`))[0]).toBe(`${rule.id}: ${rule.example}`);
    }
  });
});

describe('boilerplate: what it must not touch', () => {
  const prose = [
    'Read more about the reforms in the government report published on Monday, officials said.',
    'Comments from officials were sparse as the leader left for Sochi.',
    'He said the source of the leak was not known, and asked readers to share their views.',
    'Other news outlets reported that the talks had ended without an agreement.',
    'The latest world news suggests that the crisis is far from over, analysts said.',
    'Picture the scene: thousands of people marching through Minsk in the rain.',
    'Mr Lukashenko said he would not leave office (see below).',
  ];
  for (const line of prose) {
    it(`keeps: ${line}`, () => {
      expect(removed(run(`${ARTICLE}\n\n${line}\n\n${ARTICLE}`))).toEqual([]);
    });
  }

  it('a related-list heading stops at a long paragraph: the article after it is kept', () => {
    const long =
      'The opposition views the talk of constitutional revisions as a delaying tactic aimed at sapping the momentum of the near-daily protests, which have occurred throughout the country and attracted large crowds.';
    const doc = run(`${ARTICLE}\n\nMore Stories\n\nShort headline one\n\n${long}`);
    expect(removed(doc)).toEqual(['related-list: More Stories', 'related-list: Short headline one']);
  });
});

/**
 * A bare comment label ("Comment", "Kommentar") is a column's header in a table that a text dump prints one
 * cell a line under the line that introduces it; beside a share bar, in a comment form or in a menu it is a
 * prompt (labelAmongCells).
 */
describe('boilerplate: a comment label that heads a table column', () => {
  const inLanguage = (language: string, ...paragraphs: string[]) => {
    const doc = segment(newDocState(paragraphs.join('\n\n')));
    return boilerplate({ ...doc, metadata: { ...doc.metadata, language } }, { disable: [], extraRules: [] });
  };
  const table = (intro: string, header: readonly string[], ...rows: ReadonlyArray<readonly string[]>) => [
    ARTICLE,
    intro,
    ...header,
    ...rows.flat(),
    ARTICLE,
  ];

  it.each([
    [
      'en',
      'The states of each task and how its timestamps change are listed in the table below:',
      ['Entity status', 'Assoc status', 'Comment'],
      ['new', 'new', 'The task was created and waits for its time.'],
    ],
    [
      'en',
      'Each of the options the command takes is described here:',
      ['Comment', 'Default'],
      ['verbose', 'off'],
    ],
    [
      'de',
      'Die Zustände der Aufgaben und ihre Zeitstempel stehen in der folgenden Tabelle:',
      ['Status', 'Zeitstempel', 'Kommentar'],
      ['neu', 'geplant', 'Die Aufgabe wartet auf ihren Termin.'],
    ],
    [
      'es',
      'Los estados de cada tarea y sus marcas de tiempo son los siguientes:',
      ['Estado', 'Comentario'],
      ['nueva', 'La tarea espera su turno.'],
    ],
  ])('must keep: %s, the header cell of a table introduced with a colon', (language, intro, header, row) => {
    const doc = inLanguage(language, ...table(intro, header, row));
    expect(removed(doc)).toEqual([]);
    const label = header.find((cell) => /^(?:comment|kommentar|comentario)$/iu.test(cell))!;
    expect(doc.findings.map((f) => [f.rule, f.text])).toEqual([
      [language === 'en' ? 'comment-prompt' : 'comment-heading', label],
    ]);
  });

  it.each([
    ['a share bar', ['Tweet', 'Share', 'Comment', 'Email']],
    [
      'a comment form',
      [
        'Leave a Reply',
        'Your email address will not be published. Required fields are marked *',
        'Comment',
        'Name *',
        'Email *',
        'Website',
      ],
    ],
    // A form's prompt that no rule knows, under a line that ends with a colon, with fields after it: its
    // fields are fewer than the cells before the label, so no row of data follows the "header".
    [
      'a form under a colon, with too few fields for a row',
      [
        'Sign up with your details and tell us what you think below:',
        'Tell us what you think',
        'Your name',
        'Comment',
        'Name',
      ],
    ],
    // Short lines and then the label, but no line that introduces a table: a menu.
    ['a menu', ['Home', 'World', 'Opinion', 'Comment', 'Sport', 'Culture', 'Travel', 'Money']],
    // A colon, but the label's line is followed by prose: no data row.
    [
      'a label under a colon with prose after it',
      [
        'Here is what the readers of this site had to say about the plan:',
        'Comment',
        'I have lived in this town for twenty years and the pipes have always been a problem.',
      ],
    ],
  ])('must still remove the bare "Comment" in %s', (_, lines) => {
    const doc = inLanguage('en', ARTICLE, ...lines, ARTICLE);
    expect(removed(doc)).toContain('comment-prompt: Comment');
  });

  it.each([
    ['en', 'Leave a comment'],
    ['en', 'Comments'],
    ['en', 'Post a comment'],
    ['de', 'Kommentare'],
    ['de', 'Schreiben Sie einen Kommentar'],
    ['fr', 'Commentaires'],
    ['fr', 'Laisser un commentaire'],
    ['es', 'Comentarios'],
    ['es', 'Deja un comentario'],
    ['pt', 'Deixe um comentário'],
  ])('must still remove: %s %j, a prompt or heading, even between table cells', (language, prompt) => {
    const lines = table(
      'The states of each task and how its timestamps change are listed in the table below:',
      ['Entity status', prompt],
      ['new', 'created'],
    );
    expect(removed(inLanguage(language, ...lines)).map((r) => r.replace(/^[^:]+: /u, ''))).toEqual([prompt]);
  });
});
