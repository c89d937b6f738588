/**
 * The shared word knowledge of every stage, per language, as data: declared once here, read everywhere.
 *
 * Languages are ISO 639-1 codes ('en', 'de', 'zh'); 'und' (undetermined) is the language of a document whose
 * language could not be told. A rule that belongs to some languages lists them (see `appliesTo`); a rule for
 * every language says so with `ANY_LANGUAGE`.
 *
 * Sections: languages and codes · stop words · month names · sentence splitting · typographic conventions ·
 * picture credits · page furniture phrases · helpers. A new list goes in a section of its own, keyed by language the same way.
 */
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';
import stopwordsIso from 'stopwords-iso' with { type: 'json' };

// ─── Languages and codes ────────────────────────────────────────────────────────────────────────────────

/** An ISO 639-1 code, or 'und' when the language is not known. */
export type Language = string;

export const UNDETERMINED: Language = 'und';

/** What a rule declares: the languages it was written for, or every language. */
export type Languages = readonly Language[] | 'any';
export const ANY_LANGUAGE = 'any' as const;

/**
 * Individual languages franc reports that ISO 639-3 files under a macrolanguage, so iso-639-3's table has no
 * 639-1 code for them: the macrolanguage's code is the one users know ('cmn' is what everyone calls 'zh').
 */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, Language>> = {
  als: 'sq',
  arb: 'ar',
  ayr: 'ay',
  azj: 'az',
  ckb: 'ku',
  cmn: 'zh',
  ekk: 'et',
  fuf: 'ff',
  fuv: 'ff',
  khk: 'mn',
  knc: 'kr',
  lvs: 'lv',
  npi: 'ne',
  pbu: 'ps',
  pes: 'fa',
  plt: 'mg',
  prs: 'fa',
  qug: 'qu',
  quy: 'qu',
  quz: 'qu',
  src: 'sc',
  swh: 'sw',
  uzn: 'uz',
  ydd: 'yi',
  zlm: 'ms',
};

/** The ISO 639-1 code of an ISO 639-3 code (or of a member of a macrolanguage), null when there is none. */
export function iso1(iso3: string): Language | null {
  return MACROLANGUAGE_MEMBERS[iso3] ?? (iso6393To1 as Record<string, string>)[iso3] ?? null;
}

// ─── Stop words ─────────────────────────────────────────────────────────────────────────────────────────

const STOPWORDS_DATA = stopwordsIso as Readonly<Record<string, readonly string[]>>;

/** The languages stopwords-iso 1.1 has function words for (58), sorted. */
export const STOP_WORD_LANGUAGES: readonly Language[] = Object.keys(STOPWORDS_DATA).sort();

/**
 * Function words per language, from stopwords-iso 1.1, lower-cased. One set per language: never mixed, so
 * "die" is a German function word and not an English one. Each set is built on its language's first use,
 * not at module load (every thread that loads the lexicon paid for all 58, ~10 ms): a cache of constant data,
 * so which documents came first changes no answer.
 */
const STOP_WORDS = new Map<Language, ReadonlySet<string> | null>();

/** The stop words of a language, or null when stopwords-iso has none for it (or it is 'und'). */
export function stopWords(language: Language): ReadonlySet<string> | null {
  let words = STOP_WORDS.get(language);
  if (words === undefined) {
    const list = Object.hasOwn(STOPWORDS_DATA, language) ? STOPWORDS_DATA[language]! : null;
    words = list === null ? null : new Set(list.map((word) => word.toLowerCase()));
    STOP_WORDS.set(language, words);
  }
  return words;
}

/** A list of words written as one string, separated by white space. */
const words = (list: string): string[] => list.split(/\s+/u).filter(Boolean);

/**
 * A regex source matching any of the phrases, each taken literally but for its spaces (any white space between
 * the words); longest first, so a phrase wins over a shorter one it starts with ("mis à jour" before "mis").
 */
export function alternation(phrases: readonly string[]): string {
  const escaped = phrases.map((phrase) =>
    phrase.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/ /gu, String.raw`\s+`),
  );
  return `(?:${escaped.sort((a, b) => b.length - a.length).join('|')})`;
}

// ─── Month names ────────────────────────────────────────────────────────────────────────────────────────

/** Month names per language, January first, lower-case, in full. Abbreviations are their prefixes. */
export const MONTHS: ReadonlyMap<Language, readonly string[]> = new Map([
  [
    'en',
    [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ],
  ],
  ['de', words('januar februar märz april mai juni juli august september oktober november dezember')],
  ['fr', words('janvier février mars avril mai juin juillet août septembre octobre novembre décembre')],
  ['es', words('enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre')],
  ['pt', words('janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro')],
  [
    'it',
    words('gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre'),
  ],
  ['nl', words('januari februari maart april mei juni juli augustus september oktober november december')],
  // Polish dates write the genitive ("11 kwietnia 2020"); listed in the nominative, read by their stems.
  [
    'pl',
    words('styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień'),
  ],
]);

/** Day names per language, Monday first, lower-case, in full. Abbreviations are their prefixes. */
export const WEEKDAYS: ReadonlyMap<Language, readonly string[]> = new Map([
  ['en', ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']],
  ['de', words('montag dienstag mittwoch donnerstag freitag samstag sonntag')],
  ['fr', words('lundi mardi mercredi jeudi vendredi samedi dimanche')],
  ['es', words('lunes martes miércoles jueves viernes sábado domingo')],
  ['pt', words('segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo')],
  ['it', words('lunedì martedì mercoledì giovedì venerdì sabato domenica')],
  ['nl', words('maandag dinsdag woensdag donderdag vrijdag zaterdag zondag')],
  ['pl', words('poniedziałek wtorek środa czwartek piątek sobota niedziela')],
]);

/**
 * The words of a publication stamp in languages other than English ("Aktualisiert: 11.04.2020, 10:27",
 * "Publicado el 21 de abril de 2022 a las 22:04h"): labels, a line's first words; joiners, the word that may
 * follow a label before the date ("am", "le"); hours, the word after a clock ("10.27 Uhr"). Lower case.
 * English's stamp words are density's own STAMP pattern. A label belongs here because news sites of the
 * language print it before their dates, never because one page did.
 */
export interface StampWords {
  readonly labels: readonly string[];
  readonly joiners: readonly string[];
  readonly hours: readonly string[];
}

export const STAMP_WORDS: ReadonlyMap<Language, StampWords> = new Map<Language, StampWords>([
  [
    'de',
    {
      labels: ['veröffentlicht', 'aktualisiert', 'zuletzt aktualisiert', 'publiziert', 'erstellt', 'stand'],
      joiners: ['am', 'um'],
      hours: ['uhr'],
    },
  ],
  ['fr', { labels: ['publié', 'mis à jour', 'modifié'], joiners: ['le', 'à'], hours: ['h'] }],
  ['es', { labels: ['publicado', 'actualizado'], joiners: ['el', 'a las'], hours: ['h'] }],
  ['pt', { labels: ['publicado', 'atualizado', 'actualizado'], joiners: ['em', 'às'], hours: ['h'] }],
  ['it', { labels: ['pubblicato', 'aggiornato'], joiners: ['il', 'alle'], hours: [] }],
  ['nl', { labels: ['gepubliceerd', 'bijgewerkt'], joiners: ['op', 'om'], hours: ['uur'] }],
  ['pl', { labels: ['opublikowano', 'aktualizacja', 'zaktualizowano'], joiners: ['dnia'], hours: [] }],
]);

/**
 * A relative time as a stamp writes it after its label ("Aktualisiert: vor 20 Stunden", "Updated 3 hours
 * ago"): a number between the words before and after it, then a unit of time in any of its forms (singular,
 * plural, Polish's cases). English too, since density's STAMP pattern reads English labels. Lower case. Alone,
 * without a label, such words are prose ("vor 20 Jahren", "il y a 3 ans"); density reads them only after one.
 */
export interface RelativeTimeWords {
  /** The words before the number ("vor", "il y a"); empty when they follow the unit. */
  readonly before: readonly string[];
  /** The words after the unit ("ago", "fa", "geleden", "temu"); empty when they precede the number. */
  readonly after: readonly string[];
  readonly units: readonly string[];
}

export const RELATIVE_TIME_WORDS: ReadonlyMap<Language, RelativeTimeWords> = new Map<
  Language,
  RelativeTimeWords
>([
  [
    'en',
    {
      before: [],
      after: ['ago'],
      units: words(
        'second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month months year years',
      ),
    },
  ],
  [
    'de',
    {
      before: ['vor'],
      after: [],
      units: words(
        'sekunde sekunden minute minuten min stunde stunden std tag tagen woche wochen monat monaten jahr jahren',
      ),
    },
  ],
  [
    'fr',
    {
      before: ['il y a'],
      after: [],
      units: words(
        'seconde secondes minute minutes min heure heures h jour jours semaine semaines mois an ans année années',
      ),
    },
  ],
  [
    'es',
    {
      before: ['hace'],
      after: [],
      units: words(
        'segundo segundos minuto minutos min hora horas h día días semana semanas mes meses año años',
      ),
    },
  ],
  [
    'pt',
    {
      before: ['há'],
      after: [],
      units: words(
        'segundo segundos minuto minutos min hora horas h dia dias semana semanas mês meses ano anos',
      ),
    },
  ],
  [
    'it',
    {
      before: [],
      after: ['fa'],
      units: words(
        'secondo secondi minuto minuti min ora ore giorno giorni settimana settimane mese mesi anno anni',
      ),
    },
  ],
  [
    'nl',
    {
      before: [],
      after: ['geleden'],
      units: words('seconde seconden minuut minuten min uur dag dagen week weken maand maanden jaar jaren'),
    },
  ],
  [
    'pl',
    {
      before: [],
      after: ['temu'],
      units: words(
        'sekundę sekundy sekund minutę minuty minut min godzinę godziny godzin dzień dni tydzień tygodnie tygodni miesiąc miesiące miesięcy rok lata lat',
      ),
    },
  ],
]);

/** The first three letters of each name ("jan", "feb"...; "mon", "tue"...), as a regex alternation. */
export function stemsPattern(names: readonly string[]): string {
  return `(?:${[...new Set(names.map((name) => name.slice(0, 3)))].join('|')})`;
}

/**
 * A month name of the given languages as dates write it: in full, by its first three letters, or by an
 * abbreviation the language's sentence data lists ("sept"), optionally with a full stop; one group, the name.
 */
export function monthNamePattern(languages: readonly Language[]): string {
  const forms = languages.flatMap((language) => {
    const abbreviations = SENTENCE_LANGUAGES[language]?.sometimes ?? [];
    return (MONTHS.get(language) ?? []).flatMap((month) => [
      month,
      month.slice(0, 3),
      ...abbreviations.filter((word) => word.length > 3 && month.startsWith(word)),
    ]);
  });
  const unique = [...new Set(forms)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return String.raw`(${unique.join('|')})\.?`;
}

/** The number (1-12) of a month name or abbreviation of the given languages, 0 if it is none. */
export function monthNumber(name: string, languages: readonly Language[]): number {
  const lower = name.toLowerCase().replace(/\.$/u, '');
  for (const language of languages) {
    const index = (MONTHS.get(language) ?? []).findIndex(
      (month) => lower.length >= 3 && month.startsWith(lower),
    );
    if (index >= 0) return index + 1;
  }
  return 0;
}

// ─── Sentence splitting ─────────────────────────────────────────────────────────────────────────────────

/**
 * What a language's sentence splitting needs to know, as data. Words are lower-case without their final
 * full stop ("e.g" for "e.g."); starters are written as they start a sentence.
 */
export interface SentenceLanguage {
  /** Titles before a name: never end a sentence ("Mr. Smith", "M. Dupont", "Sr. García"). */
  readonly titles: readonly string[];
  /** Labels before a number: joined when a number follows ("No. 1", "Fig. 3", "S. 5"), else a sentence may end. */
  readonly labels: readonly string[];
  /** Never end a sentence, whatever follows ("e.g.", "vs.", "approx."). */
  readonly inside: readonly string[];
  /** May end a sentence: joined unless the next word is a sentence starter ("Inc.", "etc.", "Jan.", "St."). */
  readonly sometimes: readonly string[];
  /**
   * Words that start a sentence far more often than they follow an abbreviation inside one: capitalised
   * function words (pronouns, determiners, auxiliaries, conjunctions, question words) and sentence adverbs.
   */
  readonly starters: readonly string[];
  /**
   * Words that follow a time such as "6 p.m." inside its sentence (days, months, time zones): "at 6 p.m.
   * Monday" goes on, "at 6 p.m. Counting began" does not.
   */
  readonly afterTime: readonly string[];
  /** Abbreviations of a time of day ("p.m."), after which a sentence may end before any capitalised word. */
  readonly times: readonly string[];
  /**
   * A full stop after a number marks an ordinal and nouns are capitalised ("am 3. Oktober", "im 19.
   * Jahrhundert"): a number and a full stop end a sentence only before a sentence starter, not before any
   * capitalised word. Languages whose ordinals take a full stop but whose nouns are lower-case (pl, cs, da,
   * fi...) need no such care: the parser already keeps "3. miejsce" together.
   */
  readonly ordinalDot: boolean;
}

/**
 * Sentence data per language (ISO 639-1). A language without an entry gets English's (the parser's own
 * rules are English), with `ordinalDot` from ORDINAL_DOT_LANGUAGES.
 */
export const SENTENCE_LANGUAGES: Readonly<Record<Language, SentenceLanguage>> = {
  en: {
    titles: words(`mr mrs ms messrs dr prof gen gov sen rep lt col capt sgt rev hon mt pres supt cmdr adm maj
      brig fr`),
    labels: words('no nos n° nº fig figs p pp vol vols art arts sec ch ref eq eqs ext tel para'),
    inside: words('vs approx e.g i.e a.k.a viz ca cf'),
    sometimes: words(`inc co corp ltd plc llc jr sr etc al bros dept univ assn est st ave blvd rd jan feb mar
      apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat`),
    starters:
      words(`The A An He She It They We I You This That These Those There Here His Her Its Their Our My
      Your But And Or So Yet Nor However Meanwhile After Before When While If As Then Now Later Earlier Still
      Also Although Though Because Since Thus Hence Instead Indeed Yes No Not How What Why Where Who Whom Whose
      Which Whether Is Are Was Were Do Does Did Has Have Had Can Could Will Would Shall Should May Might Must Let
      In On At For From With By To Of Some Many Most All Each Every Both Few Several Such Other Another One Two
      Three Next Finally Again Even Only Just Perhaps Maybe Sometimes Often Never Always Soon Once During According
      Despite Unlike Under Among Without Through Against Unless Until Nobody Nothing Everyone Everything
      Someone Something Otherwise Moreover Furthermore Nevertheless Nonetheless Therefore Besides Overall
      Please`),
    afterTime: [
      ...words(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun
      Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Eastern Central Mountain Pacific Atlantic Local Greenwich
      British Universal Today Tonight Tomorrow Yesterday`),
      ...MONTHS.get('en')!.map((month) => month.charAt(0).toUpperCase() + month.slice(1)),
    ],
    times: words('a.m p.m'),
    ordinalDot: false,
  },
  de: {
    titles: words('hr hrn fr dr prof dipl ing st sr'),
    labels: words('nr s abs art bd kap ziff tel'),
    inside: words('z.b z d.h u.a bzw ca vgl evtl ggf inkl exkl bspw sog v.a o.ä u.ä'),
    sometimes: words(`jh mio mrd tsd str chr gmbh jan feb mär märz apr jun jul aug sep sept okt nov dez`),
    starters: words(`Der Die Das Den Dem Des Ein Eine Einen Einem Er Sie Es Wir Ich Ihr Man Dies Diese Dieser
      Dieses Aber Und Oder Doch Dann Auch Im In Am Auf Mit Nach Bei Für Von Vor Zu Zum Zur Wenn Als Ob Wie Was
      Wer Wo Warum Nun Jetzt So Noch Nicht Kein Keine Dort Hier Heute Gestern Seit Trotz Während Deshalb Daher
      Damit Zudem Außerdem Allerdings Jedoch Denn Sein Seine Ihre Unser Unsere Mein Meine Ist Sind War Waren
      Hat Haben Wird Werden Kann Können Muss Müssen`),
    afterTime: [],
    times: [],
    ordinalDot: true,
  },
  fr: {
    titles: words('m mm mme mmes mlle mlles dr pr me mgr st ste'),
    labels: words('n° nº no p pp vol art chap fig tél'),
    inside: words('p.ex ex c.-à-d env cf vs'),
    sometimes: words(`etc av bd cie janv févr avr juil sept oct nov déc`),
    starters:
      words(`Le La Les L’ Un Une Des Il Elle Ils Elles Nous Vous Je On Ce Cet Cette Ces Mais Et Ou Donc
      Puis Alors Ensuite Cependant Pourtant En Dans Pour Avec Sur Selon Si Quand Comme Depuis Après Avant Par
      Son Sa Ses Leur Leurs Mon Ma Mes Notre Il Y Aujourd’hui Hier Oui Non Ne`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
  es: {
    titles: words('sr sra srta sres dr dra d dña ud uds lic prof ing sto sta'),
    labels: words('núm n° nº no pág págs p pp art cap vol fig tel'),
    inside: words('p.ej ej aprox vs'),
    sometimes: words(`etc cía av avda ene feb mar abr jun jul ago sept oct nov dic`),
    starters: words(`El La Los Las Lo Un Una Unos Unas Él Ella Ellos Ellas Nosotros Yo Tú Usted Ustedes Este
      Esta Estos Estas Eso Esto Pero Y O Sin Con En Por Para Desde Cuando Si Como Después Antes También Además
      Hoy Ayer Se No Su Sus Mi Mis Es Son Fue Era Hay Al Del`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
  pt: {
    titles: words('sr sra srta dr dra prof profa eng d'),
    labels: words('n° nº no pág p pp art cap vol fig tel'),
    inside: words('ex aprox vs'),
    sometimes: words(`etc cia av jan fev mar abr mai jun jul ago set out nov dez`),
    starters: words(`O A Os As Um Uma Uns Umas Ele Ela Eles Elas Nós Eu Você Vocês Este Esta Estes Isso Isto
      Mas E Ou Em No Na Nos Nas Por Para Com Quando Se Como Depois Antes Também Além Hoje Ontem Não Seu Sua É
      São Foi Era Há Ao Do Da`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
  it: {
    titles: words('sig sigg dott prof avv ing on s sen'),
    labels: words('n pag pagg p pp art cap vol fig tel'),
    inside: words('es ecc ca vs'),
    sometimes: words(`ecc spa gen feb mar apr mag giu lug ago set ott nov dic`),
    starters: words(`Il Lo La I Gli Le L’ Un Una Uno Lui Lei Loro Noi Io Tu Voi Questo Questa Questi Quello
      Quella Ma E O In Per Con Su Da Quando Se Come Dopo Prima Anche Oggi Ieri Non Suo Sua È Sono Era Fu C’è
      Al Del Nel`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
  nl: {
    titles: words('dhr mevr mr dr prof ir drs ing st'),
    labels: words('nr blz p pp art hfst fig tel'),
    inside: words('bijv d.w.z o.a m.b.t i.p.v ca vs'),
    sometimes: words(`enz etc bv nv jan feb mrt apr jun jul aug sept okt nov dec`),
    starters: words(`De Het Een Hij Zij Ze Wij We Ik Jij Je U Dit Dat Deze Die Maar En Of In Op Met Voor Na
      Bij Als Toen Wanneer Ook Nu Vandaag Gisteren Er Daar Hier Zijn Haar Is Was Waren Heeft Hebben Niet Geen`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
  pl: {
    titles: words('prof dr hab mgr inż ks św gen płk red'),
    labels: words('nr s str art ust poz tel'),
    inside: words('np tj tzn m.in ok ul al pl godz tys proc ds'),
    sometimes: words(`itd itp r w ul mln mld zł sty lut mar kwi maj cze lip sie wrz paź lis gru`),
    starters: words(`To Ten Ta Te Tego On Ona Ono Oni One My Ja Ty Wy Ale I A Lecz Jednak W We Na Z Ze Do Po
      Od Przez Dla Gdy Kiedy Jeśli Jak Już Teraz Dziś Wczoraj Nie Jest Są Był Była Było Byli Jego Jej Ich
      Tak Także Również Czy Co Kto Gdzie Dlaczego`),
    afterTime: [],
    times: [],
    ordinalDot: false,
  },
};

/** Languages that write ordinals with a full stop and capitalise nouns, as German does ("3. Oktober"). */
export const ORDINAL_DOT_LANGUAGES: ReadonlySet<Language> = new Set(words('de lb gsw'));

// ─── Typographic conventions ────────────────────────────────────────────────────────────────────────────

/**
 * Languages whose typography puts a (thin or no-break) space before : ; ! ? (French, Breton): there the space
 * is correct, and a fix that removes it damages the text.
 */
export const SPACE_BEFORE_HIGH_PUNCTUATION: readonly Language[] = ['fr', 'br'];

/** A mark that ends a sentence, and the scripts that write it. */
export interface SentenceMark {
  readonly mark: string;
  readonly scripts: string;
  /** The next sentence follows without a space (CJK); other marks need white space after them. */
  readonly unspaced: boolean;
  /** retext-english (parse-latin) splits at the mark itself; the sentences stage handles the others. */
  readonly parsed: boolean;
}

const sentenceMark = (m: string, scripts: string, unspaced = false, parsed = false): SentenceMark => ({
  mark: m,
  scripts,
  unspaced,
  parsed,
});

/**
 * Every mark that ends a sentence, in the scripts news is written in: the one list the sentence-end tests
 * of every stage are built from (document.ts's SENTENCE_END and endsLikeSentence, the sentences stage's
 * script ends, metadata's headline test). Thai and Lao write no sentence mark.
 */
export const SENTENCE_MARKS: readonly SentenceMark[] = [
  sentenceMark('.', 'Latin, Greek, Cyrillic and most alphabets', false, true),
  sentenceMark('!', 'Latin, Greek, Cyrillic and most alphabets', false, true),
  sentenceMark('?', 'Latin, Cyrillic and most alphabets', false, true),
  sentenceMark('…', 'every alphabet (an ellipsis)', false, true),
  sentenceMark('‽', 'Latin (interrobang)', false, true),
  sentenceMark('。', 'Han, kana, Hangul (ideographic full stop)', true),
  sentenceMark('！', 'Han, kana, Hangul (full-width)', true),
  sentenceMark('？', 'Han, kana, Hangul (full-width)', true),
  sentenceMark('｡', 'kana (half-width full stop)', true),
  // Also a decimal point between full-width digits: the sentences stage splits at it only between others.
  sentenceMark('．', 'Han, kana (full-width full stop)', true),
  sentenceMark('।', 'Devanagari, Bengali and other Indic scripts (danda)'),
  sentenceMark('॥', 'Devanagari and other Indic scripts (double danda)'),
  sentenceMark('؟', 'Arabic, Persian, Urdu (question mark)'),
  sentenceMark('۔', 'Urdu (full stop)'),
  sentenceMark('։', 'Armenian (full stop)'),
  sentenceMark('።', 'Ethiopic (full stop)'),
  sentenceMark('፧', 'Ethiopic (question mark)'),
  sentenceMark('။', 'Myanmar (section mark)'),
  sentenceMark('។', 'Khmer (khan)'),
  sentenceMark('\u037e', 'Greek (question mark)'),
];

/** Quotes and brackets that close (far more often than they open) in every language, so a sentence end may precede them. */
export const CLOSING_MARKS = '”’»›)]」』）】〕〉》］｝';

/** Straight quotes, which open and close alike. */
export const STRAIGHT_QUOTES = `"'＂`;

/**
 * Quotes that open in some languages and close in others: “ and ‘ open English quotations and close German
 * „…“ and ‚…‘; « and ‹ open French ones and close Danish »…« and ›…‹. At the end of a line they close.
 */
export const TURNED_QUOTES = '“‘«‹';

/** Marks that open a quotation or bracket, besides the straight and turned quotes: German „ ‚, Spanish ¿ ¡. */
export const OPENING_MARKS = '([„‚¿¡';

/** Characters as a regex character class ("[…]"), escaped. */
export function charClass(chars: string): string {
  return `[${chars.replace(/[\]\\^-]/gu, '\\$&')}]`;
}

// ─── Picture credits ────────────────────────────────────────────────────────────────────────────────────

/** Where an agency's bare name credits a picture at the end of a caption. */
export type CreditForm =
  /** In brackets: "(PA)", "(AP Photo/Jane Doe)". */
  | 'brackets'
  /** After a separator: "… | Getty Images", "…, AP file", "… / Reuters". */
  | 'separator'
  /** Before a slash and the photographer's name: "REUTERS/Jane Doe". */
  | 'slash';

export interface PictureAgency {
  /** As the agency writes it; matched case-insensitively. */
  readonly name: string;
  readonly forms: readonly CreditForm[];
}

/**
 * Agencies and picture libraries whose name alone credits a picture. Names, so language-neutral. A name that
 * is also something else after a comma stays out of `separator` ("Pittsburgh, PA" is a state). The
 * boilerplate stage builds photo-caption and its fast path from this list, and metadata's `credits` reads the
 * same pattern, so a name added here is recognised everywhere.
 */
export const PICTURE_AGENCIES: readonly PictureAgency[] = [
  { name: 'AP', forms: ['brackets', 'separator'] },
  { name: 'AFP', forms: ['brackets', 'separator', 'slash'] },
  { name: 'Reuters', forms: ['brackets', 'separator', 'slash'] },
  { name: 'PA', forms: ['brackets'] },
  { name: 'EPA', forms: ['brackets', 'separator', 'slash'] },
  { name: 'Getty', forms: ['brackets'] },
  { name: 'Getty Images', forms: ['brackets', 'separator'] },
  { name: 'Bloomberg', forms: ['brackets', 'separator'] },
  { name: 'Shutterstock', forms: ['brackets', 'separator'] },
  { name: 'Alamy', forms: ['brackets', 'separator'] },
];

/** What may follow an agency's name after a separator: "AP file", "AP Photo", "Getty Images". */
export const AGENCY_SUFFIXES: readonly string[] = ['file', 'Photo', 'Images'];

/**
 * Site notices, per language: legal lines (copyright, imprint, terms), privacy and cookie notices, personal
 * data, disclosures that a page's links are affiliate or advertisers' links that pay the site a commission,
 * and newsletter and subscription prompts (density's not-prose reads them; matched against the lower-cased
 * line, without the u flag: a \b next to a letter outside ASCII never matches, so no pattern puts one there).
 * `literal` is text every match of `pattern` contains, so a line without any literal needs no regex run.
 * ANY_LANGUAGE holds the signs every language uses. density tries them in the languages furnitureLanguages
 * gives a page (its own and English; every language's on 'und'), and ANY_LANGUAGE's on every page.
 *
 * Each language has the standard wording of each kind that many of its sites use (the footer's imprint and
 * terms links, the newsletter box's call, the affiliate disclaimer), never a phrase one page had. Words that
 * prose of the language uses as often as a notice does stay out: German "AGB" (a story on consumer law cites
 * the terms), Italian "abbonati" alone (subscribers), Portuguese "assinar" (to sign).
 */
export interface SiteNotice {
  readonly pattern: string;
  readonly literal: string;
  /**
   * A call to subscribe (a newsletter, news alerts, an edition), not a legal or privacy line: markup's
   * tail-notice reads only these, since a short closing sentence of a story about a privacy law is prose.
   */
  readonly call?: true;
  /**
   * A call that only names what is offered (a newsletter, news alerts) and asks nothing of the reader: prose
   * names a newsletter as often as a prompt does. density's subscribe-prompt takes a line under a removed call
   * only when it asks (a call without this mark: sign up, subscribe, your inbox, no spam).
   */
  readonly names?: true;
}

export const SITE_NOTICES: ReadonlyMap<Language, readonly SiteNotice[]> = new Map<
  Language,
  readonly SiteNotice[]
>([
  [ANY_LANGUAGE, [{ pattern: '©', literal: '©' }]],
  [
    'en',
    [
      { pattern: String.raw`\ball rights reserved\b`, literal: 'all rights reserved' },
      { pattern: String.raw`\bprivacy (?:policy|notice|statement|settings)\b`, literal: 'privacy ' },
      { pattern: String.raw`\bcookie(?:s| policy| settings| preferences)\b`, literal: 'cookie' },
      { pattern: String.raw`\bterms (?:of (?:use|service)|and conditions)\b`, literal: 'terms ' },
      { pattern: String.raw`\bpersonal data\b`, literal: 'personal data' },
      // Affiliate disclosures ("Affiliate-Links" and "affiliate links" are the words of other languages too).
      // A commission only hedged ("may") or small, here and below: "we get a commission", said in a story, is prose.
      { pattern: String.raw`\baffiliate[- ]?links?\b`, literal: 'affiliate' },
      {
        pattern: String.raw`\bwe (?:may (?:earn|receive|get)(?: a| an)?(?: small)?(?: affiliate)?|(?:earn|receive|get) a small) commission\b`,
        literal: ' commission',
      },
      {
        pattern: String.raw`\bwe may (?:earn|receive|get) compensation\b`,
        literal: ' compensation',
      },
      { pattern: String.raw`\b(?:advertis(?:ing|er)|affiliate) disclosure\b`, literal: ' disclosure' },
      // The Amazon Associates programme's required disclosure, in its wording per language, here and below.
      { pattern: String.raw`\bearns? from qualifying purchases\b`, literal: 'qualifying purchases' },
      { pattern: String.raw`\bnewsletters?\b`, literal: 'newsletter', call: true, names: true },
      { pattern: String.raw`\b(?:your|our) inbox\b`, literal: 'our inbox', call: true },
      { pattern: String.raw`\b(?:un)?subscribe\b`, literal: 'subscribe', call: true },
      { pattern: String.raw`\bsign(?:ing)? up (?:for|to|now|here)\b`, literal: 'sign', call: true },
      { pattern: String.raw`\bno spam\b`, literal: 'no spam', call: true },
      { pattern: String.raw`\b(?:news|e-?mail) alerts?\b`, literal: ' alert', call: true, names: true },
      {
        pattern: String.raw`\bdelivered (?:to|through) your (?:inbox|letterbox|door)\b`,
        literal: 'delivered ',
        call: true,
      },
    ],
  ],
  [
    'de',
    [
      { pattern: 'alle rechte vorbehalten', literal: 'alle rechte vorbehalten' },
      { pattern: 'datenschutz', literal: 'datenschutz' },
      { pattern: String.raw`\bimpressum\b`, literal: 'impressum' },
      {
        pattern: String.raw`\b(?:allgemeine geschäftsbedingungen|nutzungsbedingungen)\b`,
        literal: 'bedingungen',
      },
      { pattern: String.raw`\bpersonenbezogene[nr]? daten\b`, literal: 'personenbezogene' },
      { pattern: String.raw`\bcookie-?(?:einstellungen|richtlinien?|hinweis)\b`, literal: 'cookie' },
      { pattern: String.raw`\bwerbe-?links?\b`, literal: 'werbe' },
      { pattern: String.raw`\bprovisions-?links?\b`, literal: 'provisions' },
      { pattern: String.raw`\ban qualifizierten verkäufen`, literal: 'qualifizierten verk' },
      {
        pattern: String.raw`\b(?:(?:erhalten|bekommen) wir|wir (?:erhalten|bekommen)) (?:dafür )?(?:eine kleine|ggf\. eine|eventuell eine|möglicherweise eine) provision\b`,
        literal: 'provision',
      },
      // Compounds too: "Newsletteranmeldung".
      { pattern: String.raw`\bnewsletter`, literal: 'newsletter', call: true, names: true },
      { pattern: String.raw`\babonnieren?\b`, literal: 'abonniere', call: true },
      { pattern: String.raw`\bjetzt (?:anmelden|registrieren)\b`, literal: 'jetzt ', call: true },
      {
        pattern: String.raw`\bjederzeit (?:wieder )?(?:abbestellen|abmelden)\b`,
        literal: 'jederzeit ',
        call: true,
      },
      {
        pattern: String.raw`\bdirekt in (?:ihr|dein) (?:e-mail-)?postfach\b`,
        literal: 'postfach',
        call: true,
      },
      { pattern: String.raw`\bkein spam\b`, literal: 'kein spam', call: true },
    ],
  ],
  [
    'fr',
    [
      { pattern: 'tous droits réservés', literal: 'tous droits réservés' },
      { pattern: String.raw`\b(?:politique|paramètres) de confidentialité`, literal: 'de confidentialit' },
      { pattern: String.raw`\bmentions légales`, literal: 'mentions l' },
      { pattern: String.raw`\bconditions (?:générales )?d['’]utilisation\b`, literal: 'utilisation' },
      { pattern: String.raw`\bconditions générales de vente\b`, literal: 'de vente' },
      { pattern: String.raw`\bdonnées (?:personnelles|à caractère personnel)\b`, literal: 'personnel' },
      { pattern: String.raw`\bliens? (?:affiliés?|d['’]affiliation)`, literal: 'affili' },
      { pattern: String.raw`\bachats remplissant les conditions requises\b`, literal: 'achats remplissant' },
      {
        pattern: String.raw`\bnous (?:percevons|touchons|recevons) une petite commission\b`,
        literal: 'commission',
      },
      {
        pattern: String.raw`\b(?:lettres? d['’]information|infolettres?)\b`,
        literal: 'lettre',
        call: true,
        names: true,
      },
      { pattern: String.raw`\b(?:abonnez|inscrivez)-vous\b`, literal: 'ez-vous', call: true },
      { pattern: String.raw`\bs['’]abonner\b`, literal: 'abonner', call: true },
      { pattern: String.raw`\bdésabonn`, literal: 'sabonn', call: true },
      {
        pattern: String.raw`\bdans votre boîte (?:mail|e-mail|email|aux lettres|de réception)`,
        literal: 'dans votre bo',
        call: true,
      },
      { pattern: String.raw`\b(?:pas de|aucun|zéro) spam\b`, literal: ' spam', call: true },
    ],
  ],
  [
    'es',
    [
      { pattern: 'todos los derechos reservados', literal: 'todos los derechos reservados' },
      { pattern: 'política de privacidad', literal: 'política de privacidad' },
      { pattern: String.raw`\baviso legal\b`, literal: 'aviso legal' },
      { pattern: String.raw`\btérminos (?:y condiciones|de uso|del servicio)\b`, literal: 'rminos ' },
      { pattern: String.raw`\bcondiciones de uso\b`, literal: 'condiciones de uso' },
      { pattern: String.raw`\bdatos personales\b`, literal: 'datos personales' },
      { pattern: String.raw`\benlaces? (?:de )?afiliad[oa]s?\b`, literal: 'afiliad' },
      { pattern: String.raw`\bcompras adscritas\b`, literal: 'compras adscritas' },
      { pattern: String.raw`\b(?:recibimos|obtenemos|ganamos) una pequeña comisión`, literal: 'comisi' },
      { pattern: String.raw`\bsuscr(?:íbete|íbase|ibirse|ibirte)\b`, literal: 'suscr', call: true },
      { pattern: String.raw`\bdar(?:te|se) de baja\b`, literal: 'de baja', call: true },
      {
        pattern: String.raw`\bbolet(?:ín|ines) (?:de noticias|informativos?)\b`,
        literal: 'bolet',
        call: true,
        names: true,
      },
      {
        pattern: String.raw`\ben tu (?:bandeja de entrada|correo|email|e-mail)\b`,
        literal: 'en tu ',
        call: true,
      },
      { pattern: String.raw`\b(?:sin|cero|nada de) spam\b`, literal: ' spam', call: true },
    ],
  ],
  [
    'pt',
    [
      { pattern: String.raw`\btodos os direitos reservados\b`, literal: 'todos os direitos reservados' },
      { pattern: String.raw`\bpolítica de privacidade\b`, literal: 'de privacidade' },
      { pattern: String.raw`\baviso legal\b`, literal: 'aviso legal' },
      { pattern: String.raw`\btermos (?:de uso|e condições|de serviço)`, literal: 'termos ' },
      { pattern: String.raw`\bdados pessoais\b`, literal: 'dados pessoais' },
      { pattern: String.raw`\blinks? (?:de )?afiliad[oa]s?\b`, literal: 'afiliad' },
      { pattern: String.raw`\bganho com compras qualificadas\b`, literal: 'compras qualificadas' },
      { pattern: String.raw`\b(?:recebemos|ganhamos) uma pequena comissão`, literal: 'comiss' },
      { pattern: String.raw`\binscreva-se\b`, literal: 'inscreva-se', call: true },
      { pattern: String.raw`\bcadastre-se\b`, literal: 'cadastre-se', call: true },
      {
        pattern: String.raw`\bassine (?:já|agora|a nossa|o nosso|nossa|nosso)`,
        literal: 'assine ',
        call: true,
      },
      {
        pattern: String.raw`\bboletim informativo\b`,
        literal: 'boletim informativo',
        call: true,
        names: true,
      },
      { pattern: String.raw`\bna sua caixa de (?:entrada|e-mail|correio)`, literal: 'caixa de ', call: true },
      { pattern: String.raw`\bsem spam\b`, literal: 'sem spam', call: true },
    ],
  ],
  [
    'it',
    [
      { pattern: 'tutti i diritti riservati', literal: 'tutti i diritti riservati' },
      {
        pattern: String.raw`\binformativa (?:sulla |sui |per la )?(?:privacy|cookie)`,
        literal: 'informativa ',
      },
      {
        pattern: String.raw`\btermini (?:e condizioni|d['’]uso|di (?:utilizzo|servizio))\b`,
        literal: 'termini ',
      },
      { pattern: String.raw`\bcondizioni (?:d['’]uso|di utilizzo)\b`, literal: 'condizioni ' },
      { pattern: String.raw`\bnote legali\b`, literal: 'note legali' },
      { pattern: String.raw`\bdati personali\b`, literal: 'dati personali' },
      { pattern: String.raw`\blink (?:affiliat[io]|di affiliazione)\b`, literal: 'affilia' },
      { pattern: String.raw`\bdagli acquisti idonei\b`, literal: 'acquisti idonei' },
      {
        pattern: String.raw`\b(?:riceviamo|percepiamo|guadagniamo) una piccola commissione\b`,
        literal: 'commissione',
      },
      { pattern: String.raw`\b(?:dis)?iscriviti\b`, literal: 'iscriviti', call: true },
      { pattern: String.raw`\babbonati (?:ora|subito)\b`, literal: 'abbonati ', call: true },
      { pattern: String.raw`\bnella tua (?:casella|email|e-mail|inbox)`, literal: 'nella tua ', call: true },
      { pattern: String.raw`\b(?:niente|nessuno|zero) spam\b`, literal: ' spam', call: true },
    ],
  ],
  [
    'pl',
    [
      { pattern: String.raw`\bwszelkie prawa zastrzeżone`, literal: 'prawa zastrze' },
      { pattern: String.raw`\bpolity(?:ka|ki|kę|ką|ce) prywatności`, literal: ' prywatno' },
      { pattern: String.raw`\bregulamin (?:serwisu|portalu|strony)\b`, literal: 'regulamin ' },
      { pattern: String.raw`\bdan(?:e|ych) osobow(?:e|ych)\b`, literal: 'osobow' },
      { pattern: String.raw`\blink(?:i|ów)? afiliacyjn`, literal: 'afiliacyjn' },
      { pattern: String.raw`\bkwalifikujących się zakupach`, literal: 'kwalifikuj' },
      { pattern: String.raw`\botrzymujemy niewielką prowizj`, literal: 'prowizj' },
      { pattern: String.raw`\b(?:zapisz|wypisz) się`, literal: 'pisz si', call: true },
      { pattern: String.raw`\b(?:za)?subskrybuj\b`, literal: 'subskrybuj', call: true },
      { pattern: String.raw`\bna (?:twoją|swoją) skrzynkę`, literal: ' skrzynk', call: true },
      { pattern: String.raw`\bbez spamu\b`, literal: 'bez spamu', call: true },
    ],
  ],
  [
    'nl',
    [
      { pattern: String.raw`\balle rechten voorbehouden\b`, literal: 'alle rechten voorbehouden' },
      { pattern: String.raw`\bprivacy(?:beleid|verklaring|instellingen)\b`, literal: 'privacy' },
      { pattern: String.raw`\bcookie-?(?:beleid|verklaring|instellingen)\b`, literal: 'cookie' },
      { pattern: String.raw`\b(?:algemene |gebruiks)voorwaarden\b`, literal: 'voorwaarden' },
      { pattern: String.raw`\bpersoonsgegevens\b`, literal: 'persoonsgegevens' },
      { pattern: String.raw`\bcolofon\b`, literal: 'colofon' },
      {
        pattern: String.raw`\bverdien(?:en|t)? \S+ aan in aanmerking komende aankopen\b`,
        literal: 'in aanmerking komende aankopen',
      },
      {
        pattern: String.raw`\b(?:(?:we|wij) ontvangen|ontvangen (?:we|wij)) (?:een )?kleine commissie\b`,
        literal: 'commissie',
      },
      { pattern: String.raw`\bnieuwsbrie(?:f|ven)\b`, literal: 'nieuwsbrie', call: true, names: true },
      { pattern: String.raw`\babonneer\b`, literal: 'abonneer', call: true },
      { pattern: String.raw`\buitschrijven\b`, literal: 'uitschrijven', call: true },
      { pattern: String.raw`\bschrijf (?:je|u) (?:nu )?in\b`, literal: 'schrijf ', call: true },
      { pattern: String.raw`\bmeld (?:je|u) (?:nu )?aan\b`, literal: 'meld ', call: true },
      { pattern: String.raw`\bin (?:je|jouw|uw) (?:inbox|mailbox)\b`, literal: 'box', call: true },
      { pattern: String.raw`\bgeen spam\b`, literal: 'geen spam', call: true },
    ],
  ],
]);

/**
 * A site's call to follow it elsewhere (markup's tail-notice, which reads them only in the last lines of a
 * page's content element, short and with a link): the places, in every language, are social networks,
 * messenger channels and app platforms; the verbs, per language, the call itself, in its imperative where the
 * language has one ("Folgen Sie uns", "suivez-nous", "síguenos"), not forms that also narrate ("sigue", "it
 * continues"; "Folge", an episode). A line is such a call when it has a place and a verb, each as a whole word:
 * "Follow The Gleaner on Twitter", "download our apps for iOS and Android", "Únete a nuestro canal de Telegram".
 */
export const FOLLOW_PLACES: readonly string[] = words(
  'twitter facebook instagram telegram whatsapp tiktok youtube linkedin mastodon ios android',
);
export const FOLLOW_VERBS: ReadonlyMap<Language, readonly string[]> = new Map<Language, readonly string[]>([
  ['en', words('follow join download')],
  ['de', words('folgen folgt herunterladen')],
  ['fr', words('suivez suivez-nous rejoignez téléchargez')],
  ['es', words('síguenos únete descarga')],
  ['pt', words('siga siga-nos participe baixe')],
  ['it', words('seguici unisciti scarica')],
  ['pl', words('obserwuj dołącz pobierz')],
  ['nl', words('volg download')],
]);

/** Words that label a picture credit, per language ("Picture: PA"); each may take a plural s. */
export const CREDIT_LABELS: ReadonlyMap<Language, readonly string[]> = new Map([
  ['en', ['Picture', 'Photo', 'Photograph', 'Image', 'Credit', 'Pic', 'Photo credit', 'Image credit']],
]);

// ─── Page furniture phrases ─────────────────────────────────────────────────────────────────────────────

/*
 * Phrases of page furniture, per language, as data: comment sections, related-story headings, calls to
 * action and author boxes. Each entry is a regular-expression fragment matched against a whole trimmed line,
 * case-insensitively (flags i and u). The boilerplate and density stages build their rules from these lists;
 * nothing else holds a copy.
 *
 * Keep every phrase general: a phrase belongs here because pages of many sites use it, never because one
 * page needed it, and each kind has must-not-touch tests (prose that looks similar) in test/stages.
 */

export type PhraseLanguage = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'pl' | 'nl' | 'ru';

export interface PagePhrases {
  /** A heading that opens the readers' comments. */
  readonly commentHeadings: readonly string[];
  /**
   * A comment form's prompt or a comment count ("Leave a Reply", "Your email address will not be
   * published", "Comments (3)"): English's are their own rule, comment-prompt; other languages list theirs
   * with their headings.
   */
  readonly commentPrompts: readonly string[];
  /**
   * A word that heads the readers' comments on some pages and a section of an article on others
   * ("Discussion"): boilerplate never removes it; density reads it, with the headings and prompts, as a wall
   * before a comment thread where prose does not surround it.
   */
  readonly commentSectionWords: readonly string[];
  /**
   * The bare word a comment button or form field is labelled with ("Comment", "Kommentar"), singular and alone
   * on its line: also a table's column header ("Name | Comment"). The comment rules that take it
   * (comment-prompt, comment-heading) leave it where it sits in a row of cells (boilerplate's
   * labelAmongCells), and density makes it a wall only with a thread after it.
   */
  readonly commentLabels: readonly string[];
  /** A line only a reader comment has: a reply button, a report link, "<name> says:". */
  readonly commentMarkers: readonly string[];
  /** A heading over a list of other stories. */
  readonly relatedHeadings: readonly string[];
  /** A call to subscribe, follow, share, print or read on elsewhere: a whole line of its own. */
  readonly callsToAction: readonly string[];
  /** A heading over a short biography of the author. */
  readonly authorBox: readonly string[];
}

/** A name before "says:": one to four words, not a pronoun or article ("He says:" opens a quote in prose). */
const NAME = String.raw`(?!(?:he|she|it|they|we|i|you|the|this|that|one|someone|everyone|er|sie|es|il|elle|on|él|ella|ele|lei|lui|hij|zij|он|она)\s)[\p{L}\p{N}@._'’-]+(?: [\p{L}\p{N}@._'’-]+){0,3}`;
/** A date or time in a comment's header: a digit, or a month name, within a short span. */
const WHEN = String.raw`[\p{L}\p{N} ,./:-]{0,12}\d[\p{L}\p{N} ,./:-]{0,30}`;
const COUNT = String.raw`(?:\d+|one|two|three)`;

export const PAGE_PHRASES: Readonly<Record<PhraseLanguage, PagePhrases>> = {
  en: {
    commentHeadings: [
      // "34 responses to “Title”": a heading, so it does not end in a full stop.
      `${COUNT} (?:responses?|replies|thoughts|comments?) (?:to|on) .{1,200}(?<![.!])`,
      '(?:reader|your) (?:comments|reactions|responses)',
    ],
    commentPrompts: [
      'leave a (?:reply|comment)',
      'add a comment',
      'post a comment',
      'write a comment',
      'join the (?:conversation|discussion)',
      String.raw`\d* ?comments?(?: \(\d+\))?`,
      // "[Comments]", "(3 comments)", "Top rated comments", "12 reader comments".
      String.raw`[[(]?\s*(?:\d+\s+)?(?:(?:top rated|reader|readers'|user|latest|most recent|show|view|read all|all)\s+)?comments?\s*(?:\(\d+\))?\s*[\])]?`,
      'show comments',
      'view comments',
      'cancel reply',
      'post comment',
      'submit comment',
      'be the first to comment.*',
      String.raw`your email address will not be published\.?.*`,
      String.raw`required fields are marked ?\*?\.?`,
    ],
    commentSectionWords: ['discussion', 'conversation'],
    commentLabels: ['comment'],
    commentMarkers: [
      'reply',
      '(?:reply|like|share|flag) · (?:reply|like|share|flag)(?: · .{1,30})?',
      'report(?: abuse| comment| this comment)?',
      String.raw`${NAME} says:`,
      String.raw`${NAME} on ${WHEN} said:`,
      String.raw`\d+ (?:likes?|upvotes?|points?|votes?)`,
      'log in to reply',
      'in reply to .{1,40}',
    ],
    relatedHeadings: [
      "editors?['’]? picks?",
      "editor['’]s (?:picks?|choice)",
      'read next',
      'related reading',
      'more (?:on|about) this (?:story|topic)',
      'you may (?:also )?be interested in',
    ],
    callsToAction: [
      'subscribe to (?:our|the) .{1,40}',
      'sign up (?:for|to) (?:our|the) .{1,40}',
      'get (?:our|the) .{1,30}newsletter',
      'follow us on .{1,30}',
      'share (?:on|via|to) .{1,20}',
      'share this (?:page|video|gallery)',
    ],
    authorBox: ['about the (?:author|writer)', 'author bio(?:graphy)?'],
  },
  de: {
    commentHeadings: [
      'kommentare?(?: \\(\\d+\\))?',
      '\\d+ kommentare?',
      'leserkommentare',
      'kommentar (?:schreiben|verfassen)',
      'schreiben sie einen kommentar',
      'diskutieren sie mit',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['kommentar'],
    commentMarkers: [
      'antworten',
      'melden',
      'kommentar melden',
      String.raw`${NAME} (?:sagt|schreibt|meint):`,
      String.raw`${NAME} am ${WHEN}(?: sagte| schrieb)?:`,
    ],
    relatedHeadings: [
      'mehr zum thema(?: .{1,40})?',
      'das könnte sie auch interessieren',
      'auch interessant',
      'lesen sie auch',
      'weitere artikel',
      'verwandte artikel',
      'meistgelesen(?:e artikel)?',
      'am meisten gelesen',
    ],
    callsToAction: [
      '(?:jetzt )?abonnieren',
      'newsletter abonnieren',
      'folgen sie uns(?: auf .{1,30})?',
      '(?:artikel )?teilen',
      'auf (?:facebook|twitter|x|whatsapp|linkedin) teilen',
      'drucken',
      'weiterlesen',
    ],
    authorBox: ['über (?:den autor|die autorin)', 'zum autor', 'zur autorin'],
  },
  fr: {
    commentHeadings: [
      'commentaires?(?: \\(\\d+\\))?',
      '\\d+ commentaires?',
      'laisser un commentaire',
      'ajouter un commentaire',
      'réagir(?: à cet article)?',
      'réactions(?: \\(\\d+\\))?',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['commentaire'],
    commentMarkers: [
      'répondre',
      'signaler(?: un abus| ce commentaire)?',
      String.raw`${NAME} (?:dit|a dit|écrit) ?:`,
      String.raw`${NAME} le ${WHEN}(?: a dit| a écrit)? ?:`,
    ],
    relatedHeadings: [
      'à lire aussi',
      'lire aussi',
      'à voir aussi',
      'sur le même sujet',
      'dans la même rubrique',
      'articles similaires',
      'les plus lus',
      'vous aimerez aussi',
    ],
    callsToAction: [
      "s['’]abonner",
      'abonnez-vous(?: .{1,40})?',
      'inscrivez-vous(?: .{1,40})?',
      'suivez-nous(?: sur .{1,30})?',
      'partager(?: sur .{1,20})?',
      'imprimer',
      'lire la suite',
    ],
    authorBox: ["à propos de l['’](?:auteur|autrice)", "l['’]auteur", "sur l['’]auteur"],
  },
  es: {
    commentHeadings: [
      'comentarios?(?: \\(\\d+\\))?',
      '\\d+ comentarios?',
      'deja (?:un|tu) comentario',
      'escribe (?:un|tu) comentario',
      'añadir (?:un )?comentario',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['comentario'],
    commentMarkers: [
      'responder',
      'denunciar(?: comentario)?',
      'reportar(?: comentario)?',
      String.raw`${NAME} (?:dice|dijo|escribió):`,
    ],
    relatedHeadings: [
      'lee también',
      'lea también',
      'te puede interesar',
      'también te puede interesar',
      'noticias relacionadas',
      'artículos relacionados',
      'lo más leído',
      'más noticias',
    ],
    callsToAction: [
      'suscríbete(?: .{1,40})?',
      'suscribirse',
      'síguenos(?: en .{1,30})?',
      'compartir(?: en .{1,20})?',
      'imprimir',
      'leer más',
      'seguir leyendo',
    ],
    authorBox: ['sobre (?:el autor|la autora)', 'acerca (?:del autor|de la autora)'],
  },
  pt: {
    commentHeadings: [
      'comentários?(?: \\(\\d+\\))?',
      '\\d+ comentários?',
      'deixe (?:um|seu) comentário',
      'escreva (?:um|seu) comentário',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['comentário'],
    commentMarkers: ['responder', 'denunciar', String.raw`${NAME} (?:diz|disse|escreveu):`],
    relatedHeadings: [
      'leia também',
      'veja também',
      'notícias relacionadas',
      'artigos relacionados',
      'mais lidas',
      'você também pode gostar',
    ],
    callsToAction: [
      'assine(?: .{1,40})?',
      'inscreva-se(?: .{1,40})?',
      'siga-nos(?: n[oa] .{1,30})?',
      'compartilh(?:e|ar)(?: n[oa] .{1,20})?',
      'partilhar',
      'leia mais',
      'continue lendo',
    ],
    authorBox: ['sobre (?:o autor|a autora)'],
  },
  it: {
    commentHeadings: [
      'commenti(?: \\(\\d+\\))?',
      '\\d+ commenti',
      'lascia un commento',
      'scrivi un commento',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['commento'],
    commentMarkers: [
      'rispondi',
      'segnala(?: abuso| commento)?',
      String.raw`${NAME} (?:dice|ha detto|scrive):`,
    ],
    relatedHeadings: [
      'leggi anche',
      'potrebbe interessarti',
      'ti potrebbe interessare',
      'articoli correlati',
      'notizie correlate',
      'i più letti',
    ],
    callsToAction: [
      'iscriviti(?: .{1,40})?',
      'abbonati(?: .{1,40})?',
      'seguici(?: su .{1,30})?',
      'condividi(?: su .{1,20})?',
      'continua a leggere',
      'leggi di più',
    ],
    authorBox: ["sull['’]autore", "l['’]autore", "informazioni sull['’]autore"],
  },
  pl: {
    commentHeadings: ['komentarze(?: \\(\\d+\\))?', '\\d+ komentarz(?:y|e)?', 'dodaj komentarz', 'skomentuj'],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['komentarz'],
    commentMarkers: [
      'odpowiedz',
      'zgłoś(?: naruszenie| komentarz)?',
      String.raw`${NAME} (?:pisze|napisał|napisała):`,
    ],
    relatedHeadings: [
      'czytaj (?:też|także|również)',
      'zobacz (?:też|także|również)',
      'polecamy',
      'najczęściej czytane',
      'powiązane artykuły',
    ],
    callsToAction: [
      'subskrybuj',
      'zapisz się(?: .{1,40})?',
      'obserwuj nas(?: na .{1,30})?',
      'udostępnij(?: na .{1,20})?',
      'czytaj dalej',
      'czytaj więcej',
    ],
    authorBox: ['o (?:autorze|autorce)'],
  },
  nl: {
    commentHeadings: [
      'reacties(?: \\(\\d+\\))?',
      '\\d+ reacties?',
      'plaats een reactie',
      'laat een reactie achter',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['reactie'],
    commentMarkers: ['reageer', 'beantwoorden', 'meld misbruik', String.raw`${NAME} (?:zegt|schreef):`],
    relatedHeadings: [
      'lees ook',
      'meer over dit onderwerp',
      'gerelateerde artikelen',
      'meest gelezen',
      'ook interessant',
    ],
    callsToAction: [
      'abonneer(?: je| nu)?(?: .{1,40})?',
      'schrijf je in(?: .{1,40})?',
      'volg ons(?: op .{1,30})?',
      'deel (?:dit artikel|op .{1,20})',
      'delen',
      'lees verder',
      'lees meer',
    ],
    authorBox: ['over de (?:auteur|schrijver)'],
  },
  ru: {
    commentHeadings: [
      'комментарии(?: \\(\\d+\\))?',
      '\\d+ комментари(?:й|я|ев)',
      'оставить комментарий',
      'добавить комментарий',
    ],
    commentPrompts: [],
    commentSectionWords: [],
    commentLabels: ['комментарий'],
    commentMarkers: ['ответить', 'пожаловаться', String.raw`${NAME} (?:пишет|написал|написала|говорит):`],
    relatedHeadings: [
      'читайте также',
      'смотрите также',
      'по теме',
      'материалы по теме',
      'похожие статьи',
      'самое читаемое',
      'другие новости',
    ],
    callsToAction: [
      'подпи(?:шитесь|сывайтесь|саться)(?: .{1,40})?',
      'поделиться',
      'поделитесь(?: .{1,40})?',
      'читать далее',
      'распечатать',
    ],
    authorBox: ['об авторе'],
  },
};

export const PHRASE_LANGUAGES = Object.keys(PAGE_PHRASES) as PhraseLanguage[];

export type PhraseKind = keyof PagePhrases;

/** The phrase languages among `languages` (all of them for 'und': see phrasesFor). */
function phraseLanguages(languages: readonly Language[]): PhraseLanguage[] {
  return PHRASE_LANGUAGES.filter((language) => languages.includes(language));
}

/** One alternation of the given languages' phrases of a kind (every phrase language's by default), for a whole-line regex. */
export function pagePhrasePattern(
  kind: PhraseKind,
  languages: readonly Language[] = PHRASE_LANGUAGES,
): string {
  return phraseLanguages(languages)
    .flatMap((language) => PAGE_PHRASES[language][kind])
    .join('|');
}

/**
 * The same alternation as pagePhrasePattern, with the phrases that open with NAME ("<name> says:", "<name>
 * schreibt:", ...) folded into one branch, NAME (?:says:|schreibt:|...): it matches exactly the same lines
 * (a|b = N(a'|b') when a = Na', b = Nb'), but a line that is no marker is scanned for a name once rather than
 * once per language and verb, which was most of density's time (test/stages/page-phrases.test.ts checks the
 * two agree). `keep` picks some of the phrases (the whole alternation is the union of the picked and the others).
 */
export function pagePhrasePatternFactored(
  kind: PhraseKind,
  languages: readonly Language[] = PHRASE_LANGUAGES,
  keep: (phrase: string) => boolean = () => true,
): string {
  const phrases = phraseLanguages(languages)
    .flatMap((language) => PAGE_PHRASES[language][kind])
    .filter(keep);
  const named = phrases
    .filter((phrase) => phrase.startsWith(NAME))
    .map((phrase) => phrase.slice(NAME.length));
  const others = phrases.filter((phrase) => !phrase.startsWith(NAME));
  return [...others, ...(named.length ? [`${NAME}(?:${named.join('|')})`] : [])].join('|');
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * What a stage runs on a document whose language is 'und' (undetermined: too few letters, or two languages
 * too close to tell apart; mostly short pages, menus and lists).
 * - 'every-language': rules that remove or move whole lines (furniture phrases, bylines, dates) run with every
 *   language's lists. The page may be in any of them; such a line is furniture in every language it is
 *   written in, and leaving a page's furniture in because the page was too short to name its language would
 *   put the very pages with least text at most risk of keeping it.
 * - 'language-neutral': only rules declared for any language run. For rules that edit text (fix): a missed
 *   typo is cheaper than an English fix applied to prose of another language.
 */
export type OnUndetermined = 'every-language' | 'language-neutral';

/** Whether a rule declared for `languages` runs on a document in `language` (see OnUndetermined for 'und'). */
export function appliesTo(
  languages: Languages,
  language: Language,
  onUndetermined: OnUndetermined = 'language-neutral',
): boolean {
  if (languages === ANY_LANGUAGE) return true;
  if (language === UNDETERMINED) return onUndetermined === 'every-language';
  return languages.includes(language);
}

/**
 * Languages whose page-furniture rules run on pages in every language: site templates, share bars and
 * comment forms ship in English and are often left untranslated ("Follow us on Twitter", "Leave a Reply" on
 * a German page). Only rules that remove whole furniture lines use this (see furnitureAppliesTo); a line must
 * be the whole phrase, so prose of another language does not match by chance. Rules that edit text never do.
 */
export const TEMPLATE_LANGUAGES: readonly Language[] = ['en'];

/**
 * Whether a whole-line furniture rule declared for `languages` runs on a document in `language`: in its own
 * languages, on 'und' (every language), and everywhere for the languages of TEMPLATE_LANGUAGES.
 */
export function furnitureAppliesTo(languages: Languages, language: Language): boolean {
  return (
    appliesTo(languages, language, 'every-language') ||
    (languages !== ANY_LANGUAGE && languages.some((code) => TEMPLATE_LANGUAGES.includes(code)))
  );
}

/**
 * furnitureLanguages' answer for each language asked about so far: the density stage asks for every line of
 * a page, and a fresh set and list each time were most of that stage's garbage. Not frozen: V8 walks a frozen
 * array (for...of, spread) through an iterator object per step. Readonly for TypeScript: shared, never changed.
 */
const FURNITURE_LANGUAGES = new Map<Language, readonly Language[]>();

/** The languages whose phrases a furniture rule tries on a document in `language` (see furnitureAppliesTo). */
export function furnitureLanguages(language: Language): readonly Language[] {
  if (language === UNDETERMINED) return PHRASE_LANGUAGES;
  let languages = FURNITURE_LANGUAGES.get(language);
  if (languages === undefined) {
    languages = [...new Set([language, ...TEMPLATE_LANGUAGES])];
    FURNITURE_LANGUAGES.set(language, languages);
  }
  return languages;
}

/** A declaration as the README's rule table writes it: `any`, or the codes separated by spaces. */
export function languagesLabel(languages: Languages): string {
  return languages === ANY_LANGUAGE ? 'any' : languages.join(' ');
}

/** A page region that markup names: `<nav>`, `<header>`, `<footer>`, `<aside>`, `<form>` (or their ARIA roles). */
export type MarkupRegion = 'nav' | 'header' | 'footer' | 'aside' | 'form';

/**
 * Deepest element nesting of an HTML page read as it is written (stages/html.ts; here so that the markup stage
 * names it without loading the HTML parser). Chromium's parser stops nesting at 512 as well and puts deeper
 * elements beside each other; real pages stay far below (the dev pages: under 60). Below this depth a
 * page's elements are read as siblings, so the text stays and the walk and hast's own builder (which recurses
 * once per level and overflows the stack near 10,000) stay shallow.
 */
export const MAX_DEPTH = 512;

/**
 * The content score's thresholds (stages/html.ts, after Readability.js's; see its "content score"): the one
 * parameters object of the HTML stage, settable in config (`cleaning.html.params`). Here rather than in
 * stages/html.ts so that the config and the markup stage read it without loading the HTML parser.
 */
export const CONTENT_PARAMS = {
  /** Shortest paragraph, in characters, that counts toward an element's score (Readability.js's 25). */
  minChars: 25,
  /** A paragraph scores 1, one per comma, and one per this many characters... */
  charsStep: 100,
  /** ...at most this many points for its length. */
  maxLengthPoints: 3,
  /** How many ancestors a paragraph's points reach (its element, half to the next, then a third, a sixth...). */
  levels: 5,
  /** What an element whose own class or id names furniture ("related", "comments"...) starts down. */
  hintPenalty: 25,
  /**
   * When `alternatives` of the `topCandidates` best elements (besides the best) score at least
   * `alternativeShare` of the best, the content element is their nearest common ancestor (Readability.js).
   */
  topCandidates: 5,
  alternativeShare: 0.75,
  alternatives: 3,
  /**
   * Siblings that join the content element (Readability.js): one that scores at least `siblingShare` of its
   * score and `siblingMinScore`; a `<p>` of more than `siblingParagraphChars` characters with under
   * `siblingLinkShare` link text; a shorter `<p>` with no link text and a sentence end.
   */
  siblingShare: 0.2,
  siblingMinScore: 10,
  siblingParagraphChars: 80,
  siblingLinkShare: 0.25,
  /**
   * A teaser card (stages/html.ts teaserCards): an `<article>` element of fewer than `cardMaxChars` characters
   * (a headline and a summary; an article is longer) holding a heading of `cardHeadingWords` words or more (a
   * headline; a forum post's linked user name is a word or two) of which `cardLinkShare` or more is link text.
   */
  cardMaxChars: 1000,
  cardHeadingWords: 3,
  cardLinkShare: 0.9,
  /**
   * A list of stories (contentElement): an element holding `listingCards` teaser cards or more that hold more
   * than `listingShare` of its text (an article with a box of related stories inside it has its own text besides).
   * It is passed over when another element scores at least `listingFallbackShare` of its score (about the third
   * under which the content element's ancestors stop being read); else the page is a list of stories, and the
   * list its content. On the tune half this changed the content element of one page (snippets-dev: an
   * institute's page whose news cards outscored its own text) and of no other page of the three sets; 0.3 to 0.7
   * of listingShare and 1000 or 1500 of cardMaxChars chose the same elements (600 missed that page's cards,
   * of about 650 characters); without the fallback a section's front (readability-pages) lost its list, and
   * without cardHeadingWords a forum thread whose posts are headed by linked user names lost its posts.
   */
  listingCards: 3,
  listingShare: 0.5,
  listingFallbackShare: 0.33,
};
export type ContentParams = typeof CONTENT_PARAMS;

/**
 * Where a value of an HTML page's markup metadata came from (stages/markup-metadata.ts); the record schema's
 * enum is built from this list (pipeline/schemas.ts).
 */
export const MARKUP_SOURCES = [
  'json-ld',
  'og',
  'twitter',
  'dc',
  'meta',
  'link',
  'html-lang',
  'title',
] as const;

/** What a class or id says its element holds (stages/html.ts): the kinds of MARKUP_HINT_WORDS. */
export const MARKUP_HINT_KINDS = [
  'comments',
  'related',
  'share',
  'promo',
  'footer',
  'sidebar',
  'nav',
  'ad',
  'cookie',
  'screen-reader',
  'bio',
  'caption',
] as const;
export type MarkupHint = (typeof MARKUP_HINT_KINDS)[number];

/**
 * Words of class and id names, per hint kind, in several languages (lower case). A class or id splits into
 * words at non-letters and at a lower-case letter before a capital ("GlobalNav__item" → global, nav, item);
 * a word matches a hint word exactly or with one of MARKUP_HINT_SUFFIXES ("commentlist", "relatedposts"), so
 * "commentary" is not "comment".
 */
export const MARKUP_HINT_WORDS: Readonly<Record<MarkupHint, readonly string[]>> = {
  comments: words(
    // en, de, fr, es/pt, it, pl, nl; and the comment systems sites embed
    'comment comments respond replies discussion kommentar kommentare commentaire commentaires comentario comentarios commenti komentarz komentarze reacties reactie disqus',
  ),
  related: words(
    'related recommended recommendation recommendations readmore outbrain taboola verwandte empfehlungen similaires relacionados relacionadas correlati powiazane gerelateerd',
  ),
  share: words(
    'share sharing shares sharethis addthis sharedaddy social teilen partager compartir compartilhar condividi udostepnij delen',
  ),
  promo: words('promo promos promotion sponsored newsletter subscribe subscription signup paywall'),
  footer: words('footer fusszeile colophon'),
  sidebar: words('sidebar rail widget widgets seitenleiste'),
  nav: words('nav navbar navigation menu breadcrumb breadcrumbs pagination pager skiplink'),
  ad: words(
    'ad ads advert adverts advertisement advertising anzeige anzeigen werbung publicidad publicite pubblicita reklama dfp',
  ),
  cookie: words('cookie cookies consent gdpr'),
  'screen-reader': words('sr visually screenreader'),
  // An author's biography box ("author-bio", "user-bio__text", "authorbio"); not "author" alone, which also
  // names bylines and wrappers ("author-link", "post author-admin").
  bio: words('bio authorbio'),
  // A picture's caption set without <figcaption> ("media-caption", "wp-caption-text"): trafilatura's
  // DISCARD_IMAGE_ELEMENTS reads the same word in a class or id.
  caption: words('caption captions'),
};

/**
 * Hint kinds that make an element page furniture to the content score (stages/html.ts), as Readability.js's
 * "unlikely candidates" are: the paragraphs inside such an element score for no element, unless its own class
 * or id also has a word of CONTENT_NAME_WORDS ("sidebar-layout article-body"), Readability.js's exception.
 * Share, promotion, advertisement and cookie names are left out: on the tune pages they also wrapped articles.
 */
export const UNSCORED_HINT_KINDS: readonly MarkupHint[] = ['comments', 'related', 'footer', 'sidebar', 'nav'];
/**
 * Words of UNSCORED_HINT_KINDS that still score: a blog's posts sit in a widget (Blogger's "widget Blog").
 * Not "rail": a news site's rail is the column beside the article (on the tune half, scoring it only let a
 * rail of teasers compete with the article; Readability.js has no exception for it either).
 */
export const SCORED_HINT_WORDS: readonly string[] = words('widget widgets');
/** Words of a class or id (alone or with a MARKUP_HINT_SUFFIXES ending) that name the page's article or content. */
export const CONTENT_NAME_WORDS: readonly string[] = words('article body column content main');

/**
 * Class names that name a topic, not what the element holds: a blog's taxonomy classes. WordPress's post_class
 * gives a post one class per category and tag ("category-comments", "tag-social-media") and then one per term
 * of its other taxonomies, after the microformat class "hentry" ("hentry internet-estallido-comentarios").
 * A class that starts with one of MARKUP_TAXONOMY_PREFIXES, and every class after one of MARKUP_ENTRY_CLASSES
 * in the same attribute, gives no hint (stages/html.ts hintBits): the post is not a comment thread because
 * it is filed under "comentarios".
 */
export const MARKUP_TAXONOMY_PREFIXES: readonly string[] = ['category-', 'tag-'];
export const MARKUP_ENTRY_CLASSES: readonly string[] = ['hentry'];

/**
 * Words that make a comment word in the same class or id name a live ticker's entry, not a reader's comment:
 * "live-match-comment", "liveblog-comment", "LiveTickerComment" hold the newsroom's running commentary on a
 * match or an event, which is the article of a live page. Only within one name: `class="live comments"` is two
 * names, and "comments" there still hints a thread. trafilatura's comment selectors read the same way: they
 * take a class or id that starts with "comment" ("comments", "comment-list"), never one that merely contains
 * it; Readability.js's unlikely-candidate test, a substring match, would drop the ticker.
 */
export const MARKUP_LIVE_WORDS: readonly string[] = words('live liveblog liveticker');

/** Endings that make a hint word a container's name: "commentlist", "sharebar", "relatedposts". */
export const MARKUP_HINT_SUFFIXES: readonly string[] = words(
  's list area section box block wrap wrapper container bar links posts stories articles items widget buttons button icons tools form',
);
