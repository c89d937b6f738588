/**
 * Phrases of page furniture, per language, as data: comment sections, related-story headings, calls to
 * action and author boxes. Each entry is a regular-expression fragment matched against a whole trimmed line,
 * case-insensitively (flags i and u). The boilerplate and density stages build their rules from these lists;
 * nothing else holds a copy. (To move into the per-language lexicon once it exists.)
 *
 * Keep every phrase general: a phrase belongs here because pages of many sites use it, never because one
 * page needed it, and each kind has must-not-touch tests (prose that looks similar) in test/stages.
 */

export type PhraseLanguage = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'pl' | 'nl' | 'ru';

export interface PagePhrases {
  /** A heading that opens the readers' comments. */
  readonly commentHeadings: readonly string[];
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

/** One alternation of every language's phrases of a kind, for a whole-line regex. */
export function pagePhrasePattern(kind: keyof PagePhrases): string {
  return PHRASE_LANGUAGES.flatMap((language) => PAGE_PHRASES[language][kind]).join('|');
}

/**
 * The same alternation as pagePhrasePattern, with the phrases that open with NAME ("<name> says:", "<name>
 * schreibt:", ...) folded into one branch, NAME (?:says:|schreibt:|...): it matches exactly the same lines
 * (a|b = N(a'|b') when a = Na', b = Nb'), but a line that is no marker is scanned for a name once rather than
 * once per language and verb, which was most of density's time (test/stages/page-phrases.test.ts checks the
 * two agree).
 */
export function pagePhrasePatternFactored(kind: keyof PagePhrases): string {
  const phrases = PHRASE_LANGUAGES.flatMap((language) => PAGE_PHRASES[language][kind]);
  const named = phrases
    .filter((phrase) => phrase.startsWith(NAME))
    .map((phrase) => phrase.slice(NAME.length));
  const others = phrases.filter((phrase) => !phrase.startsWith(NAME));
  return [...others, ...(named.length ? [`${NAME}(?:${named.join('|')})`] : [])].join('|');
}
