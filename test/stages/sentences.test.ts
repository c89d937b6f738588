import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../pipeline/clean.js';
import { parseConfig } from '../../pipeline/config.js';
import { applyEdits } from '../../stages/document.js';
import { SENTENCE_MARKS } from '../../stages/lexicon.js';
import {
  GLUED_BOUNDARY,
  INLINE_MARKER,
  inlineMarkers,
  MAX_PARSE_CHARS,
  MAY_MISS_BOUNDARY,
  MISSED_BOUNDARY,
  PARSER_CAPITALISED_ABBREVIATIONS,
  parseChunks,
  parsedSentences,
  sentenceCuts,
  splitSentences,
} from '../../stages/sentences.js';
import { FC_SEED, RAW, realPageFiles } from '../helpers.js';

/** The installed parse-english's lib/regex.js (its package exports only the parser). */
const PARSE_ENGLISH_REGEX = join(import.meta.dirname, '../../node_modules/parse-english/lib/regex.js');

const split = (text: string, language?: string) =>
  splitSentences(text, language).map(([start, end]) => text.slice(start, end));

describe('splitSentences: boundaries retext-english misses', () => {
  it.each([
    ['He lives in the U.S. He is happy.', ['He lives in the U.S.', 'He is happy.']],
    ['I live in the E.U. How about you?', ['I live in the E.U.', 'How about you?']],
    ['Protests began on August 9. They grew.', ['Protests began on August 9.', 'They grew.']],
    ['He was 65. He left.', ['He was 65.', 'He left.']],
    ['It starts at 5 p.m. Then it ends.', ['It starts at 5 p.m.', 'Then it ends.']],
    [
      'We make a good team, you and I. Did you see him?',
      ['We make a good team, you and I.', 'Did you see him?'],
    ],
    [
      'They closed the deal with Briggs & Co. It closed yesterday.',
      ['They closed the deal with Briggs & Co.', 'It closed yesterday.'],
    ],
    ['Hello world.Today is Tuesday.', ['Hello world.', 'Today is Tuesday.']],
    ['1) The first item 2) The second item', ['1) The first item', '2) The second item']],
    ['a. The first item b. The second item', ['a. The first item', 'b. The second item']],
    ['It was weakened. . . . The practice went on.', ['It was weakened.', '. . . The practice went on.']],
    ['features\ncontact manager\nevents, activities', ['features', 'contact manager', 'events, activities']],
  ])('splits %j', (text, expected) => {
    expect(split(text)).toEqual(expected);
  });
});

describe('splitSentences: what must stay one sentence', () => {
  it.each([
    'Mr. Smith met Dr. Jones on Aug. 9 in the U.S. Army base.',
    'The U.S.-led coalition met on Aug. 9 at noon.',
    'See Fig. 3 and No. 1 on p. 55 for details.',
    'They closed the deal with Pitt, Briggs & Co. at noon.',
    'My name is Jonas E. Smith and I work at Example Inc. in London.',
    'Her email is Jane.Doe@example.com and she uses Node.js every day.',
    'The price rose 3.5 percent to $1,000.50 on Monday.',
    "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
    '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',
    'It was a cold \nnight in the city.',
    'This is a sentence\ncut off in the middle because pdf.',
    'Ranked No. 1. in the world, he said so.',
  ])('keeps %j whole', (text) => {
    expect(split(text)).toEqual([text]);
  });

  it('does not take capitalised names after initials for a new sentence', () => {
    expect(split('Did you see Albert I. Jones yesterday? He was there.')).toEqual([
      'Did you see Albert I. Jones yesterday?',
      'He was there.',
    ]);
  });
});

describe('splitSentences: sentence ends of other scripts', () => {
  it.each([
    ['我们走了。他来了！你好吗？好的。', ['我们走了。', '他来了！', '你好吗？', '好的。']],
    ['今日は晴れです。明日は雨です。', ['今日は晴れです。', '明日は雨です。']],
    ['他说：“我们走了。”然后他走了。', ['他说：“我们走了。”', '然后他走了。']],
    ['これは文です．次の文です．', ['これは文です．', '次の文です．']],
    ['यह एक वाक्य है। यह दूसरा है॥ तीसरा', ['यह एक वाक्य है।', 'यह दूसरा है॥', 'तीसरा']],
    ['هل أنت بخير؟ نعم، أنا بخير.', ['هل أنت بخير؟', 'نعم، أنا بخير.']],
    ['یہ ایک جملہ ہے۔ یہ دوسرا ہے۔', ['یہ ایک جملہ ہے۔', 'یہ دوسرا ہے۔']],
    ['Սա նախադասություն է։ Սա երկրորդն է։', ['Սա նախադասություն է։', 'Սա երկրորդն է։']],
    ['ይህ ዓረፍተ ነገር ነው። ይህ ሁለተኛው ነው።', ['ይህ ዓረፍተ ነገር ነው።', 'ይህ ሁለተኛው ነው።']],
  ])('splits %j', (text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  it('splits at every mark of SENTENCE_MARKS (stages/lexicon.ts), with its closing bracket', () => {
    for (const { mark, unspaced } of SENTENCE_MARKS) {
      const gap = unspaced ? '' : ' ';
      const [one, two] = unspaced ? ['文字', '文字'] : ['Word one', 'Word two'];
      expect(split(`${one}${mark}${gap}${two}${mark}`), mark).toEqual([`${one}${mark}`, `${two}${mark}`]);
      expect(split(`${one}${mark})${gap}${two}${mark}`), mark).toEqual([`${one}${mark})`, `${two}${mark}`]);
    }
  });

  it.each([
    // A quotation ended inside a Japanese sentence: と (quotative) goes on.
    '「行くよ。」と彼は言った。',
    // A comma after the mark, a full-width decimal point, a danda between digits.
    '我很好！，谢谢。',
    // A half-width "?" between Han characters is as often a lost "·" in a transliterated name as a question.
    '巴兹?奥尔德林是第二个在月球上行走的人',
    '価格は３．５ドルです。',
    'अध्याय १।२ देखें।',
    // Thai writes no sentence mark: a space separates sentences and clauses alike, so it is left whole.
    'สวัสดีครับ วันนี้อากาศดี',
  ])('keeps %j whole', (text) => {
    expect(split(text)).toEqual([text]);
  });
});

describe('splitSentences: closing quotes after a sentence end', () => {
  it.each([
    ['de', 'Er sagte: „Wir gehen.“ Dann kam er.', ['Er sagte: „Wir gehen.“', 'Dann kam er.']],
    ['de', 'Er sagte: »Wir gehen.« Dann kam er.', ['Er sagte: »Wir gehen.«', 'Dann kam er.']],
    [
      'fr',
      'Il a dit : « Nous partons. » Puis il est parti.',
      ['Il a dit : « Nous partons. »', 'Puis il est parti.'],
    ],
    [
      'fr',
      'Il a dit : « Nous partons. » Puis il est parti.',
      ['Il a dit : « Nous partons. »', 'Puis il est parti.'],
    ],
    ['de', 'Sie sagte: ‹Ja.› Er nickte.', ['Sie sagte: ‹Ja.›', 'Er nickte.']],
    ['pl', 'Powiedział: „Idziemy.” Potem wyszedł.', ['Powiedział: „Idziemy.”', 'Potem wyszedł.']],
    ['en', 'He said “Yes.” Then he left.', ['He said “Yes.”', 'Then he left.']],
  ])('[%s] %j', (language, text, expected) => {
    expect(split(text, language)).toEqual(expected);
  });

  it.each([
    ['de', 'Er rief: „Komm!“ und lief los.'],
    ['de', 'Sie fragte: „Kommst du?“, und ging.'],
    ['de', 'Er fragte: „Was will ich?“ – dann fand er es.'],
    ['en', '“Stop!” he shouted.'],
  ])('[%s] keeps %j whole: the sentence goes on after the quote', (language, text) => {
    expect(split(text, language)).toEqual([text]);
  });

  it('leaves an opening French quote to the sentence it opens', () => {
    expect(split('Il est parti. « Nous restons », dit-elle.', 'fr')).toEqual([
      'Il est parti.',
      '« Nous restons », dit-elle.',
    ]);
  });
});

describe('splitSentences: abbreviations and ordinals per language', () => {
  it.each([
    [
      'de',
      'Am 3. Oktober 2020 war er da. Er war 65. Er ging.',
      ['Am 3. Oktober 2020 war er da.', 'Er war 65.', 'Er ging.'],
    ],
    [
      'de',
      'Im 19. Jahrhundert wuchs die Stadt. Dann kam der Krieg.',
      ['Im 19. Jahrhundert wuchs die Stadt.', 'Dann kam der Krieg.'],
    ],
    ['de', 'Das ist z. B. ein Test. Nr. 5 ist gut.', ['Das ist z. B. ein Test.', 'Nr. 5 ist gut.']],
    ['de', 'Es gibt Blätter, z. B. Die Zeit und andere.', ['Es gibt Blätter, z. B. Die Zeit und andere.']],
    [
      'fr',
      'Il a vu M. Le Pen hier. Mme Dupont était là.',
      ['Il a vu M. Le Pen hier.', 'Mme Dupont était là.'],
    ],
    ['fr', 'Il y a p. ex. des pommes. Puis des poires.', ['Il y a p. ex. des pommes.', 'Puis des poires.']],
    ['es', 'El Sr. García llegó. La Sra. López no.', ['El Sr. García llegó.', 'La Sra. López no.']],
    [
      'es',
      'Ver pág. 5 del informe. Hola. ¿Qué tal? ¡Muy bien!',
      ['Ver pág. 5 del informe.', 'Hola.', '¿Qué tal?', '¡Muy bien!'],
    ],
    ['pt', 'A Sra. Silva chegou. O Dr. Costa também.', ['A Sra. Silva chegou.', 'O Dr. Costa também.']],
    [
      'it',
      'Il Dott. Rossi è arrivato. La Sig.ra Bianchi no.',
      ['Il Dott. Rossi è arrivato.', 'La Sig.ra Bianchi no.'],
    ],
    ['nl', 'Dhr. Jansen kwam bijv. later. Hij was moe.', ['Dhr. Jansen kwam bijv. later.', 'Hij was moe.']],
    ['pl', 'Mieszka przy ul. Długiej 5. To jest daleko.', ['Mieszka przy ul. Długiej 5.', 'To jest daleko.']],
    [
      'pl',
      'Zajął 3. miejsce w 1990 r. w Warszawie. Był szczęśliwy.',
      ['Zajął 3. miejsce w 1990 r. w Warszawie.', 'Był szczęśliwy.'],
    ],
    // A language without its own data: English's abbreviations, its own ordinal convention.
    [
      'lb',
      'Den 3. Oktober koum hien. Hie gouf 65. Hie ging.',
      ['Den 3. Oktober koum hien.', 'Hie gouf 65. Hie ging.'],
    ],
    // Polish ordinals take a full stop, but nouns are lower-case: a capital after a number starts a sentence.
    [
      'pl',
      'To samo dotyczy Windowsa 8. Dodatkowo wyszła nowa wersja.',
      ['To samo dotyczy Windowsa 8.', 'Dodatkowo wyszła nowa wersja.'],
    ],
    // "usw." and "etc." often end a German sentence, and the next word is often a (capitalised) noun.
    [
      'de',
      'Es gab Ostern, Pfingsten usw. Bettwäsche ist im Preis enthalten.',
      ['Es gab Ostern, Pfingsten usw.', 'Bettwäsche ist im Preis enthalten.'],
    ],
  ])('[%s] %j', (language, text, expected) => {
    expect(split(text, language)).toEqual(expected);
  });

  it('a capitalised noun after an ordinal is not a new sentence in German, but is in English', () => {
    expect(split('Am 3. Oktober kam er.', 'de')).toEqual(['Am 3. Oktober kam er.']);
    expect(split('He was 3. October came.', 'en')).toEqual(['He was 3.', 'October came.']);
  });

  it('a label joins only what it labels', () => {
    expect(split('He is ranked No. 1 in the world.')).toEqual(['He is ranked No. 1 in the world.']);
    expect(split('Did you see it? No. I was out.')).toEqual(['Did you see it?', 'No.', 'I was out.']);
  });
});

describe('splitSentences: offsets stay exact', () => {
  const texts = [
    'Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is a lot.',
    'One further habit was weakened . . . was that of combining words. . . . The practice was not abandoned. . . .',
    '  Leading space. And “quotes.” (Parenthetical.) • 9. The first item • 10. The second item  ',
  ];
  it.each(texts)('spans of %j are trimmed, ordered, non-overlapping slices', (text) => {
    const spans = splitSentences(text);
    let previousEnd = 0;
    for (const [start, end] of spans) {
      expect(start).toBeGreaterThanOrEqual(previousEnd);
      expect(end).toBeGreaterThan(start);
      const piece = text.slice(start, end);
      expect(piece).toBe(piece.trim());
      previousEnd = end;
    }
    // Nothing but white space falls between sentences.
    const gaps = [0, ...spans.flat(), text.length];
    for (let i = 0; i < gaps.length; i += 2) expect(text.slice(gaps[i], gaps[i + 1]).trim()).toBe('');
  });

  it('spans stay trimmed, ordered and white-space separated in every language, with any script marks', () => {
    const char = fc.constantFrom(
      ...'aB1 .!?…。！？．」』）、と।॥؟۔։።„“”»«‹›"\'’)(z漢あ\n\u00a0\u3000'.split(''),
      ' Mr. ',
      ' No. ',
      ' z. B. ',
      ' M. ',
      ' 3. ',
      ' p.m. ',
      ' Der ',
      ' The ',
      ' 1) ',
      ' 2) ',
    );
    const language = fc.constantFrom('en', 'de', 'fr', 'es', 'pl', 'zh', 'und');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }), language, (chars, lang) => {
        const text = chars.join('');
        const spans = splitSentences(text, lang);
        let previousEnd = 0;
        for (const [start, end] of spans) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          const piece = text.slice(start, end);
          expect(piece).toBe(piece.trim());
          previousEnd = end;
        }
        const gaps = [0, ...spans.flat(), text.length];
        for (let i = 0; i < gaps.length; i += 2) expect(text.slice(gaps[i], gaps[i + 1]).trim()).toBe('');
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });

  it('pipeline sentences map back to raw text through the edit log', () => {
    const raw =
      'Title of the story here\n\nAAt least 100 people came.He said so at 5 p.m. Then he left the U.S. It was over.\n\nSee Fig. 3 for the numbers.. They grew.\n';
    const doc = cleanText(raw, parseConfig({}).cleaning);
    expect(doc.sentences.map((s) => s.text)).toEqual([
      'At least 100 people came.',
      'He said so at 5 p.m.',
      'Then he left the U.S.',
      'It was over.',
      'See Fig. 3 for the numbers.',
      'They grew.',
    ]);
    for (const sentence of doc.sentences) {
      expect(applyEdits(raw, sentence.rawStart, sentence.rawEnd, doc.edits).text).toBe(sentence.text);
    }
  });
});

describe('sentences: the document language chooses the rules', () => {
  it('splits a German page by German rules and an English one by English rules', () => {
    const german =
      'Die Stadt feiert ihr Jubiläum\n\nAm 3. Oktober kamen viele Menschen in die Stadt, um das Fest zu feiern. ' +
      'Die Feier begann am Morgen mit einem Umzug durch die Altstadt, und am Abend spielte eine Band auf dem ' +
      'Marktplatz. Der Bürgermeister sagte, die Stadt sei stolz auf ihre Geschichte und ihre Bewohner.\n';
    const doc = cleanText(german, parseConfig({}).cleaning);
    expect(doc.metadata.language).toBe('de');
    expect(doc.sentences.map((s) => s.text)[0]).toBe(
      'Am 3. Oktober kamen viele Menschen in die Stadt, um das Fest zu feiern.',
    );
    expect(split('Am 3. Oktober kamen viele Menschen.', 'en')).toEqual([
      'Am 3.',
      'Oktober kamen viele Menschen.',
    ]);
  });
});

describe('sentences: a paragraph too long to parse in one piece', () => {
  it('is parsed in pieces cut at plain sentence ends, with the same sentences and exact offsets', () => {
    const kinds = [
      'Mr. Smith met Dr. Jones at 5 p.m. on Aug. 9 in the U.S. capital.',
      'He said: “We will stay, whatever happens.”',
      'Protests went on for weeks across the country.',
      'Was it worth it?',
      'Nobody knows yet, officials said on Monday.',
    ];
    const expected: string[] = [];
    while (expected.join(' ').length < MAX_PARSE_CHARS * 3)
      expected.push(kinds[expected.length % kinds.length]!);
    const text = expected.join(' ');
    const pieces = parseChunks(text);
    expect(pieces.length).toBeGreaterThan(2);
    for (const [from, to] of pieces) {
      expect(to - from).toBeLessThanOrEqual(MAX_PARSE_CHARS);
      // Every cut follows a plain sentence end, never "Mr.", "Dr.", "p.m.", "Aug." or "U.S.".
      if (to < text.length) expect(text.slice(0, to)).toMatch(/\p{Ll}{3}[.!?]["'”’»)]*$/u);
    }
    const spans = splitSentences(text);
    expect(spans.map(([start, end]) => text.slice(start, end))).toEqual(expected);
  });
});

describe('parsedSentences: pieces that skip the parser get the sentences the parser gives', () => {
  const parser = unified().use(retextEnglish).freeze();
  const byParser = (text: string) =>
    (parser.parse(text) as Root).children.flatMap((paragraph) =>
      paragraph.type === 'ParagraphNode'
        ? paragraph.children.flatMap((sentence) =>
            sentence.type === 'SentenceNode'
              ? [[sentence.position!.start.offset!, sentence.position!.end.offset!]]
              : [],
          )
        : [],
    );

  it('knows the capitalised abbreviations the installed parser knows', () => {
    const source = readFileSync(PARSE_ENGLISH_REGEX, 'utf8');
    const installed = /abbreviationsSensitive =\s*\/(.*)\/\n/u.exec(source)?.[1];
    expect(installed).toBeDefined();
    expect(PARSER_CAPITALISED_ABBREVIATIONS.source).toBe(installed);
    expect(PARSER_CAPITALISED_ABBREVIATIONS.flags).toBe('');
  });

  it.each([
    // Capitalised words it does not read as abbreviations end the sentence like lower-case ones.
    'The deal was backed by The Carlyle Group. Carlyle, which held a stake, agreed. Then it ended.',
    'He flew to Calif. Then he left. She lives in Wash. The state is big.',
    'Ask Gov. Smith. Talk to Mrs. Jones. Meet Messrs. Hart and Lee. It was Sept. Then Oct.',
    'It is Ltd. He said so. See Cap. The end. Join Con. We won. Visit Sen. Lee at Mass. General.',
    // Full stops after abbreviations inside one sentence, and white space only JavaScript or only the parser reads as such.
    'Mr. Smith met John F. Kennedy in the U.S. capital at 5 p.m. and left, e.g. by car, at No. 5 Main St. today.',
    '\ufeffMr. Smith went home. Mr.\ufeffSmith went. Mr.\u0085Smith went. x\ufeffA. Then. A.\u00a0B. C.\tD.',
    'He was 65. He left at 2019. Then at 999. Now at 1,000. In Jan. 5 it ended. Ask Sen. Lee (Mr. T.) now.',
    // Short sentences in a row, words glued to a symbol or a letter outside the Basic Multilingual Plane.
    'It rose. Go. Up. Then it fell. Ok. No. Mr. X. Go on. #tag. The $dollar. In 𐐨ab. The 𝐀bc. Then x.ab. End.',
    'The NFL. It won. Shares of eBay. They fell. MR. Smith. INC. Then. It rose. 5 more. It fell. (Then) it ended. ‘9 of them.',
  ])('on capitalised words with and without an abbreviation: %s', (text) => {
    expect(parsedSentences(text)).toEqual(byParser(text));
  });

  it('on every word of one or two ASCII letters, lower-case and capitalised, initialisms and numbers, before a full stop', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words = [...letters].flatMap((a) =>
      [...letters].flatMap((b) => [a + b, a.toUpperCase() + b, a + b.toUpperCase(), (a + b).toUpperCase()]),
    );
    words.push(
      ...letters,
      ...letters.toUpperCase(),
      '5',
      '65',
      '999',
      '2019',
      '12345',
      'U.S',
      'e.g',
      'A.B.C',
      '1.2',
    );
    for (const word of words) {
      const text = `Go ${word}. The end. Then ${word}! Next ${word}. 5 more ${word}. went ${word}. (The) ${word}. (the)`;
      expect(parsedSentences(text), text).toEqual(byParser(text));
    }
  });

  it('on every line of the seed pages', () => {
    const lines = readdirSync(RAW).flatMap((name) => readFileSync(join(RAW, name), 'utf8').split('\n'));
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(parsedSentences(line), line).toEqual(byParser(line));
  });

  it('on any mix of letters, sentence marks, quotes, brackets and every kind of white space', () => {
    const char = fc.constantFrom(
      ...'aB1 ,:;-*/é😀.!?…‽。¿¡"\'”’»«)]([‘“\t\r\n\v\f\u0085\u00a0\u2009\u3000\u2028\u2029\ufeff\u200b\u00ad',
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(parsedSentences(text)).toEqual(byParser(text));
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });

  it('on words joined by sentence marks with and without white space ("9.5", "U.S", "a?b", "x!Y")', () => {
    const word = fc.constantFrom('a', 'B', '1', 'x9', 'Zed', 'é', 'Ü', '٣', '中');
    const joint = fc.constantFrom('.', '?', '!', '…', '..', '.?', ' ', ' ', '. ', '? ', '-', ',', ':', '.-');
    const text = fc
      .tuple(
        fc.array(fc.tuple(word, joint), { maxLength: 8 }),
        word,
        fc.constantFrom('', '.', '!', '?.', '."'),
      )
      .map(([parts, last, end]) => parts.map(([w, j]) => w + j).join('') + last + end);
    fc.assert(
      fc.property(text, (value) => {
        expect(parsedSentences(value)).toEqual(byParser(value));
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });

  it('on runs of sentences with abbreviations the parser knows, initials, quotes and odd endings', () => {
    // The parser's own abbreviations ("min.", "etc.", "Jan.", "Mich."), dotted words, and lower-case words
    // of three letters that are not abbreviations, so both the skipped and the parsed path are exercised.
    const word = fc.constantFrom(
      ...'the cat min etc sept Pres U.S. Mr. sat A I No. 5 65 e.g. inc Inc. Ltd www.example.com said über état viz jan Jan. dec p.m. vs. fig. Fig. ca. cf. pro con sic stat mon sun wed oz. lbs hr ft St. Dr. ibid cit cent sec tbsp thurs apr aug nov feb ltd 1,000 $5 mid-year don’t (AP) “quoted word” The He It In Then Michigan Mich. Sen. Gov. a z tv Calif Wash Tex Gov Rep Sen Mass Mrs Messrs Group Trump Sept Cap Con Ave Blvd Inc Ltd Jan Mon Ste Ida Ore Que Qué Élan'.split(
        ' ',
      ),
    );
    const end = fc.constantFrom(
      '.',
      '.',
      '!',
      '?',
      '…',
      '?!',
      '..',
      '...',
      '',
      '."',
      '.”',
      '.’',
      '.)',
      '!”',
      '?»',
      ':',
      ',',
    );
    const gap = fc.constantFrom(' ', ' ', '  ', '\n', '\u00a0', '\t', '\n\n', ' “', ' "', ' (', ' «', ' ‘');
    const sentence = fc
      .tuple(fc.array(word, { minLength: 1, maxLength: 6 }), end, fc.boolean())
      .map(([words, stop, capital]) => {
        const text = words.join(' ') + stop;
        return capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
      });
    const paragraph = fc
      .array(fc.tuple(sentence, gap), { maxLength: 8 })
      .map((parts) => parts.map(([text, space]) => text + space).join(''));
    fc.assert(
      fc.property(paragraph, (text) => {
        expect(parsedSentences(text)).toEqual(byParser(text));
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });
});

describe('missed boundaries: the prefilter finds every text the boundary pattern can match', () => {
  const matches = (text: string) => [...text.matchAll(MISSED_BOUNDARY)].length > 0;

  it('on any mix of letters, sentence marks, closing quotes and white space', () => {
    const char = fc.constantFrom(...'aBz Éx1 .!?…"\'”’»)(“‘«\t\n\u00a0\u2009\u3000eBay'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        if (matches(text)) expect(MAY_MISS_BOUNDARY.test(text), text).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 5000 },
    );
  });

  it('on every line of the seed pages and the dev pages', () => {
    let matched = 0;
    for (const file of realPageFiles())
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!matches(line)) continue;
        matched++;
        expect(MAY_MISS_BOUNDARY.test(line), line).toBe(true);
      }
    expect(matched).toBeGreaterThan(100);
  });
});

describe('mark-first patterns: the same matches as their earlier formulations', () => {
  /** The earlier patterns, which start with a look-behind or white space and are tried at every character. */
  const GLUED_BEFORE = /(?<=[\p{Ll}\d]{2}[.!?])(?=\p{Lu}\p{Ll}+\b)/gu;
  const MARKER_BEFORE =
    /(?:^|\s)(?<marker>(?<bullet>[•⁃*–-]?\s?)(?<label>\d{1,3}|[a-z])(?<close>\.\)|\.|\)))(?=\s)/gu;
  const glued = (text: string) => [...text.matchAll(GLUED_BOUNDARY)].map((m) => m.index + 1);
  const gluedBefore = (text: string) => [...text.matchAll(GLUED_BEFORE)].map((m) => m.index);
  const described = (ms: readonly RegExpExecArray[]) =>
    ms.map((m) => ({ at: m.index, text: m[0], groups: { ...m.groups } }));
  const same = (text: string) => {
    expect(glued(text), text).toEqual(gluedBefore(text));
    expect(described(inlineMarkers(text)), text).toEqual(described([...text.matchAll(MARKER_BEFORE)]));
  };

  it('finds what they were written for', () => {
    expect(glued('Hello world.Today is')).toEqual([12]);
    expect(
      described(inlineMarkers('Pick: 1) stay home 2) go out - 3. or a) this')).map((m) => m.text),
    ).toEqual([' 1)', ' 2)', ' - 3.', ' a)']);
    expect(INLINE_MARKER.lastIndex).toBe(0);
  });

  it('on any mix of list markers, letters, digits, marks and white space', () => {
    const piece = fc.constantFrom(
      ...'aBz Éx .!?)(•⁃*–-\t\n\u00a0\u3000🙂'.split(''),
      ...['1', '12', '123', '1234', 'eBay', 'Today', '.)', ' - ', ' • ', '  ', ' a. '],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => same(pieces.join(''))),
      { seed: FC_SEED, numRuns: 20000 },
    );
  });

  it('on every line of the seed pages and the dev pages', () => {
    for (const file of realPageFiles()) {
      const text = readFileSync(file, 'utf8');
      same(text);
      for (const line of text.split('\n')) same(line);
    }
  });
});

describe('sentenceCuts', () => {
  /** The rule the shortcut stands for: the ends and the splits inside, distinct, in numeric order. */
  const full = (start: number, end: number, missed: number[], inside: number[]) =>
    [...new Set([start, ...missed, ...inside, end])].sort((a, b) => a - b);

  it('gives the distinct cuts in order, with or without splits inside, for any offsets', () => {
    const offset = fc.integer({ min: 0, max: 40 });
    const splits = fc.oneof(fc.constant<number[]>([]), fc.array(offset, { maxLength: 4 }));
    fc.assert(
      fc.property(offset, offset, splits, splits, (start, end, missed, inside) => {
        expect(sentenceCuts(start, end, missed, inside)).toEqual(full(start, end, missed, inside));
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });

  it('a sentence with no split inside is cut at its two ends (examples read by hand)', () => {
    expect(sentenceCuts(3, 17, [], [])).toEqual([3, 17]);
    expect(sentenceCuts(5, 5, [], [])).toEqual([5]);
    expect(sentenceCuts(3, 17, [9], [12, 9])).toEqual([3, 9, 12, 17]);
  });
});
