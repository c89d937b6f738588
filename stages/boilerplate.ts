/**
 * boilerplate: remove what a page wraps around an article (comment prompts, "Read More:" links, share lines,
 * related-story lists, photo captions). Rules are data: an id, a pattern, why it exists and an example, so
 * each can be tested, listed in the README, switched off by id, and extended from config.
 */
import type { Block, DocState, Finding, Role } from './document.js';
import { endsLikeSentence, looksLikeCode, reassign, wordCount } from './document.js';
import {
  AGENCY_SUFFIXES,
  ANY_LANGUAGE,
  CREDIT_LABELS,
  type CreditForm,
  furnitureAppliesTo,
  furnitureLanguages,
  type Language,
  type Languages,
  PHRASE_LANGUAGES,
  type PhraseKind,
  PICTURE_AGENCIES,
  type PictureAgency,
  pagePhrasePattern,
  UNDETERMINED,
} from './lexicon.js';

const STAGE = 'boilerplate';

export interface BoilerplateRule {
  readonly id: string;
  /** Matched against the whole trimmed line, case-insensitively. */
  readonly pattern: string;
  /**
   * line: the matching line goes. rest: the line and the link list after it go (see endsLinkList). next: the
   * line and the paragraph after it go (a heading over a short box), unless that paragraph is long.
   */
  readonly scope: 'line' | 'rest' | 'next';
  readonly role: Role;
  readonly why: string;
  readonly example: string;
  /**
   * The languages the rule runs on (ISO 639-1 codes), or 'any'; absent (a rule from config): any. On a
   * document whose language is 'und' every rule runs (see OnUndetermined in stages/lexicon.ts).
   */
  readonly languages?: Languages;
  /**
   * A phrase rule's list in the lexicon: on a document in one of its languages only that language's phrases
   * are tried; `pattern` holds every language's, for 'und'.
   */
  readonly phrases?: PhraseKind;
}

export interface BoilerplateOptions {
  readonly disable: readonly string[];
  readonly extraRules: readonly BoilerplateRule[];
}

/** A word list as an alternation of regex-escaped literals, longest first. */
function literals(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .join('|');
}

/**
 * The credit patterns of photo-caption and metadata's `credits`, built from one agency list and one label
 * list (stages/lexicon.ts), with the fast path that decides which lines are worth the full regex. Exported so
 * that a test can build them from a longer list and see a new name recognised.
 */
export interface CreditPatterns {
  /** A picture credit, as it ends a caption line; no groups, so it can be joined with other patterns. */
  readonly credit: string;
  /** The same credit with the credited name in a named group, for metadata. */
  readonly creditCapture: string;
  /** A cheap necessary condition for a line ending in a credit. */
  readonly mayEndInCredit: (line: string) => boolean;
  /**
   * Whether a line ends in a picture credit: mayEndInCredit, the whole-line pattern `.{0,300}credit`, and not
   * prose that only looks like a credit (see proseCredit). The one test photo-caption and metadata's
   * `credits` both read.
   */
  readonly endsInCredit: (line: string) => boolean;
  /** Whether a line the credit pattern takes is still no caption: code, or prose (see proseCredit). */
  readonly notACaption: (line: string) => boolean;
}

/**
 * Article text that the credit pattern's case-insensitive shapes also take, told apart by case (which a
 * case-insensitive regex cannot see): a label written in lower case after a word is a colon inside a
 * sentence or heading ("the bigger picture: rates are falling", "the problem is credit: banks will not
 * lend", "Playoff picture: Raiders in pursuit"), where a caption writes "… Picture: PA" or "… Photograph:
 * Jane Doe"; a slash agency followed by a lower-case word is a joint name in prose ("a Reuters/Ipsos poll",
 * "the AFP/Getty archive"), where a credit is "REUTERS/Jane Doe". Such a line is a credit only when another
 * branch (brackets, a separator) credits it.
 */
function proseCredit(
  line: string,
  branches: { readonly [name in 'bracketed' | 'labelled' | 'separated' | 'slashed']: RegExp | null },
  labelsLower: readonly string[],
): boolean {
  if (branches.bracketed?.test(line) || branches.separated?.test(line)) return false;
  if (branches.labelled?.test(line) && !labelInSentence(line, labelsLower)) return false;
  if (branches.slashed?.test(line)) {
    const tail = line.slice(line.lastIndexOf('/') + 1).trim();
    const lastWord = tail.slice(tail.lastIndexOf(' ') + 1);
    if (!/^\p{Ll}/u.test(lastWord)) return false;
  }
  return true;
}

/** Whether the label before a credit's (last) colon is written in lower case after a word. */
function labelInSentence(line: string, labelsLower: readonly string[]): boolean {
  const before = line.slice(0, line.lastIndexOf(':')).trimEnd();
  const lower = before.toLowerCase();
  for (const label of labelsLower) {
    for (const form of [`${label}s`, label]) {
      if (!lower.endsWith(form)) continue;
      const written = before.slice(before.length - form.length);
      const prefix = before.slice(0, before.length - form.length);
      const word = /(\p{L}[\p{L}\p{N}'’-]*)\s+$/u.exec(prefix)?.[1];
      // "Main image credit: Getty" names the picture; "Playoff picture: Raiders" is a heading.
      return written === form && word !== undefined && !PICTURE_QUALIFIERS.includes(word.toLowerCase());
    }
  }
  return false;
}

export function creditPatterns(
  agencies: readonly PictureAgency[],
  suffixes: readonly string[],
  labels: readonly string[],
): CreditPatterns {
  const named = (form: CreditForm) => agencies.filter((a) => a.forms.includes(form)).map((a) => a.name);
  const bracketed = named('brackets');
  const separated = named('separator');
  const slashed = named('slash');
  // "(AP)", "(AP Photo/Jane Doe)", "(Photo: Jane Doe)".
  // "Credit" only as a label ("(Credit: NASA)", "(Image credit: X)"): a bracket that merely says credit is
  // prose ("(the child tax credit)", "(credit, not debit)").
  const brackets = String.raw`(?:${literals(bracketed)}|(?:${literals(bracketed)}) Photo[^)]{0,60}|[^()]{0,40}\b(?:(?:Photo|Picture|Image)s?\b|Credits?\s*:)[^()]{0,60})`;
  // "Picture: PA".
  const label = String.raw`\b(?:${literals(labels)})s?\s*:\s*`;
  // "… | Getty Images", "… / AP file".
  const atEnd = `(?:${literals(separated)})(?: (?:${literals(suffixes)}))?`;
  // "REUTERS/Jane Doe".
  const slash = String.raw`(?:${literals(slashed)})\s?/\s?\p{Lu}[\p{L}.'’ -]{1,40}`;
  const branches = (capture: boolean) => {
    const group = (name: string, body: string) => (capture ? `(?<${name}>${body})` : body);
    return [
      String.raw`\(${group('bracketed', brackets)}\)`,
      // No labels (a language the list has none for): no labelled branch, rather than an empty alternation.
      ...(labels.length ? [String.raw`${label}${group('labelled', '[^.:]{1,60}')}\.?`] : []),
      String.raw`[,|/·]\s*${group('separated', atEnd)}`,
      String.raw`\b${group('slashed', slash)}`,
    ];
  };
  const credit = `(?:${branches(false).join('|')})`;
  const mayEndInCredit = creditPrefilter(separated, suffixes, slashed, labels, atEnd);
  const creditLine = new RegExp(`^(?:${creditedLine(credit)})$`, 'iu');
  // Each branch alone, for the lines the whole pattern takes (few): which of them credit the line.
  const [bracketed_, labelled_, separated_, slashed_] = [
    String.raw`\(${brackets}\)`,
    labels.length ? String.raw`${label}[^.:]{1,60}\.?` : null,
    String.raw`[,|/·]\s*${atEnd}`,
    String.raw`\b${slash}`,
  ].map((branch) => (branch === null ? null : new RegExp(`^(?:${creditedLine(branch)})$`, 'iu')));
  const one = {
    bracketed: bracketed_ ?? null,
    labelled: labelled_ ?? null,
    separated: separated_ ?? null,
    slashed: slashed_ ?? null,
  };
  // Longest first: "photo credit" before "credit".
  const labelsLower = labels.map((l) => l.toLowerCase()).sort((a, b) => b.length - a.length);
  const notACaption = (line: string) => looksLikeCode(line) || proseCredit(line, one, labelsLower);
  return {
    credit,
    creditCapture: `(?:${branches(true).join('|')})`,
    mayEndInCredit,
    endsInCredit: (line) => mayEndInCredit(line) && creditLine.test(line) && !notACaption(line),
    notACaption,
  };
}

/**
 * The characters that match the letter `c` under the flags i and u: its two cases, and ſ (U+017F) for s and
 * the Kelvin sign (U+212A) for k, the only other characters that fold to an ASCII letter (a test scans every
 * code point to keep this so).
 */
export function foldsOf(c: string): string[] {
  const out = new Set([c.toLowerCase(), c.toUpperCase()]);
  if (c.toLowerCase() === 's') out.add('\u017f');
  if (c.toLowerCase() === 'k') out.add('\u212a');
  return [...out];
}

/**
 * photo-caption's credit half starts with .{0,300}, so its regex tries a credit at up to 300 places in every
 * line: it runs only on lines that pass this test, derived from the same lists. Each branch of the credit
 * needs its own marks: "(…)" ends the line with ")"; "Picture: …" has a colon and a label; "… | Getty Images"
 * has a separator and ends with a name or suffix (so its last character is one a name or suffix ends with, and
 * the last characters, as many as the longest name and suffix, match the end of the pattern); "REUTERS/Name"
 * has a slash and a slash agency's name. Tests use the rule's own flags.
 */
function creditPrefilter(
  separated: readonly string[],
  suffixes: readonly string[],
  slashed: readonly string[],
  labels: readonly string[],
  atEnd: string,
): (line: string) => boolean {
  const finals = new Set(
    [...separated, ...suffixes].flatMap((word) => foldsOf(word.charAt(word.length - 1))),
  );
  const longest =
    Math.max(0, ...separated.map((name) => name.length)) +
    Math.max(0, ...suffixes.map((suffix) => suffix.length + 1));
  const endsWithAgency = new RegExp(`(?:${atEnd})$`, 'iu');
  const labelWord = labels.length ? new RegExp(literals(labels), 'iu') : null;
  const slashName = new RegExp(literals(slashed), 'iu');
  const separator = /[,|/·]/u;
  return (line) =>
    line.endsWith(')') ||
    (labelWord !== null && line.includes(':') && labelWord.test(line)) ||
    (finals.has(line.charAt(line.length - 1)) &&
      separator.test(line) &&
      endsWithAgency.test(line.slice(-longest))) ||
    (line.includes('/') && slashName.test(line));
}

const CREDIT_PATTERNS = creditPatterns(PICTURE_AGENCIES, AGENCY_SUFFIXES, [...CREDIT_LABELS.values()].flat());
const CREDIT = CREDIT_PATTERNS.credit;
const CREDIT_AT_END = new RegExp(`${CREDIT_PATTERNS.creditCapture}$`, 'iu');

/**
 * The picture credit a caption line ends with, as photo-caption reads it: "Picture: PA" → "PA", "(AP Photo/X)"
 * → "AP Photo/X", "… | Getty Images" → "Getty Images", "REUTERS/Jane Doe" → "REUTERS/Jane Doe"; null if none.
 */
export function creditOf(line: string): string | null {
  const text = line.trim();
  if (!CREDIT_PATTERNS.endsInCredit(text)) return null;
  const groups = CREDIT_AT_END.exec(text)?.groups;
  if (!groups) return null;
  const credit = groups.bracketed ?? groups.labelled ?? groups.separated ?? groups.slashed ?? '';
  return credit.trim() || null;
}

/** Words that say which picture a label is for ("Main image:", "Cover photo credit:"); English, as PICTURE_LABEL. */
const PICTURE_QUALIFIERS: readonly string[] = ['cover', 'main', 'top', 'header', 'featured', 'lead', 'file'];

/** Lines labelled as belonging to a picture rather than the story (English labels: see photo-caption). */
const PICTURE_LABEL =
  String.raw`(?:(?:${PICTURE_QUALIFIERS.join('|')}) (?:image|photo|picture)(?: credit)?|file photo|above|pictured|image|photo|picture|caption)\s*:\s*\S.{0,300}` +
  String.raw`|(?:image|media|video|photo) ?caption\b.{0,300}` +
  // "Photograph by …" is the same label as "Photo by …", written out (National Geographic, the Guardian's "Photograph:").
  '|(?:(?:photo(?:graph)?|picture|image)s? (?:by|courtesy(?: of)?)|courtesy of) [^.]{2,80}' +
  String.raw`|(?:image|photo|picture|slide) \d+ (?:of|/) \d+`;

/** A line that ends in a picture credit (a caption with the credit after it). */
function creditedLine(credit: string): string {
  return `.{0,300}${credit}`;
}
const CREDITED_LINE = creditedLine(CREDIT);

/** The credit labels a document in `language` is read with (see furnitureLanguages). */
function creditLabelsFor(language: Language): string[] {
  return furnitureLanguages(language).flatMap((code) => CREDIT_LABELS.get(code) ?? []);
}

/** The languages PICTURE_LABEL's words are written in. */
const PICTURE_LABEL_LANGUAGES: Languages = ['en'];

export const DEFAULT_RULES: readonly BoilerplateRule[] = [
  {
    id: 'comment-prompt',
    pattern: pagePhrasePattern('commentPrompts'),
    scope: 'line',
    role: 'boilerplate',
    why: 'Comment forms and their prompts are page furniture, not article text.',
    example: 'Leave A Reply',
    languages: ['en'],
    phrases: 'commentPrompts',
  },
  {
    id: 'read-more',
    pattern: String.raw`(?:read more|read also|also read|see also|related|recommended|more on this|related (?:article|story|coverage))\s*[:：]\s*\S.*`,
    scope: 'line',
    role: 'boilerplate',
    why: 'A "Read More:" line is a link to another story, not part of this one.',
    example: 'Read More: Why the Strongman of Belarus Is Fighting for Survival: QuickTake',
    languages: ['en'],
  },
  {
    id: 'source-link',
    pattern: String.raw`(?:source\s*:\s*)?(?:read (?:the )?full (?:article|story)|continue reading.*|click here to read (?:more|the full (?:article|story)).*)`,
    scope: 'line',
    role: 'boilerplate',
    why: 'Aggregators end a teaser with a link to the original article.',
    example: 'Source: Read Full Article',
    languages: ['en'],
  },
  {
    id: 'share-prompt',
    pattern:
      '(?:share(?: this(?: article| story| post)?)?(?: on (?:facebook|twitter|x|whatsapp|linkedin|email))?|tweet|email|print|copy link|subscribe(?: now)?|sign up(?: now)?|follow us(?: on .{1,30})?|advertisement|sponsored(?: content)?)',
    scope: 'line',
    role: 'boilerplate',
    why: 'Share, subscribe and advertising labels are page furniture.',
    example: 'Share this article',
    languages: ['en'],
  },
  {
    id: 'related-list',
    pattern: String.raw`(?:other news|more news|latest(?: [\p{L}-]+){0,3} news|see more(?: [\p{L}-]+){0,4}|related (?:news|stories|articles|content|posts)|more stories|you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now| stories)?|top stories|what to read next)`,
    scope: 'rest',
    role: 'boilerplate',
    why: 'A "Latest ... News" heading starts a list of unrelated headlines and captions.',
    example: 'Latest World News',
    languages: ['en'],
  },
  {
    id: 'comment-heading',
    pattern: pagePhrasePattern('commentHeadings'),
    scope: 'line',
    role: 'boilerplate',
    why: 'A heading over the readers\' comments ("34 responses to …", "Kommentare (12)", "Commentaires") is page furniture.',
    example: 'Kommentare (12)',
    languages: PHRASE_LANGUAGES,
    phrases: 'commentHeadings',
  },
  {
    id: 'related-heading',
    pattern: pagePhrasePattern('relatedHeadings'),
    scope: 'rest',
    role: 'boilerplate',
    why: 'A heading over other stories ("Editors\' Picks", "Mehr zum Thema", "À lire aussi", "Leia também", "Читайте также") starts a list of links.',
    example: 'Mehr zum Thema',
    languages: PHRASE_LANGUAGES,
    phrases: 'relatedHeadings',
  },
  {
    id: 'call-to-action',
    pattern: pagePhrasePattern('callsToAction'),
    scope: 'line',
    role: 'boilerplate',
    why: 'A line of its own asking to subscribe, follow, share, print or read on elsewhere is page furniture.',
    example: 'Abonnez-vous à notre newsletter',
    languages: PHRASE_LANGUAGES,
    phrases: 'callsToAction',
  },
  {
    id: 'author-box',
    pattern: pagePhrasePattern('authorBox'),
    scope: 'next',
    role: 'boilerplate',
    why: 'An "About the author" box (heading and the short biography under it) describes the writer, not the story.',
    example: 'About the author',
    languages: PHRASE_LANGUAGES,
    phrases: 'authorBox',
  },
  {
    id: 'photo-caption',
    pattern: `${PICTURE_LABEL}|${CREDITED_LINE}`,
    scope: 'line',
    role: 'caption',
    why: 'A line that ends in a picture credit, or is labelled as a picture ("Above:", "Image caption", "Photo by …", "Image 2 of 5"), is a photo caption; a credit goes to metadata.',
    example: 'Belarus Lukashenko. Picture: PA',
    // Agency credits are names, in any language; the labels ("Picture:", "Above:", "Photo by") are read
    // per language (CREDIT_LABELS, PICTURE_LABEL_LANGUAGES).
    languages: ANY_LANGUAGE,
  },
];

/** Lines that can only be the alt text or label of a picture: short and without a sentence end. */
export const IMAGE_ALT_RULE = {
  id: 'image-alt',
  languages: ANY_LANGUAGE,
  why: 'Short unpunctuated lines that share a paragraph with a photo caption are image alt text or labels.',
  example: 'Belarus Protests',
} as const;

/** A line that reads as a sentence: punctuated at the end and long enough not to be a label. */
function sentenceLike(block: Block | undefined): boolean {
  return block !== undefined && wordCount(block.text) >= 8 && endsLikeSentence(block.text);
}

/**
 * Link lists hold headlines and captions; the article goes on at a long punctuated paragraph, or at two
 * sentence-like lines in a row (an inline "Related articles" box of two headlines sits inside the text).
 */
function endsLinkList(block: Block, next: Block | undefined): boolean {
  // Each test once per line: lists can run to the end of a long page.
  if (!endsLikeSentence(block.text)) return false;
  const words = wordCount(block.text);
  return words >= 30 || (words >= 8 && sentenceLike(next));
}

const wholeLine = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');

/**
 * A default rule as a document in one language reads it: `pattern` is the whole-line pattern it is tried
 * with there (a phrase rule with that language's phrases only; photo-caption its picture-label half, or null
 * where that half does not run); photo-caption also tries its credit half (`credit`).
 */
export interface LanguageRule {
  readonly rule: BoilerplateRule;
  readonly pattern: string | null;
  readonly credit: CreditPatterns | null;
}

/** A language no default rule names ('sv', 'ja'...): only language-neutral rules run there. */
const OTHER_LANGUAGE = 'other';

/** The languages some default rule names, 'und' and the others: every document reads the rules of one. */
const RULE_LANGUAGES: ReadonlySet<Language> = new Set([
  ...DEFAULT_RULES.flatMap((rule) => (Array.isArray(rule.languages) ? rule.languages : [])),
  UNDETERMINED,
]);

/**
 * The default rules that run on a document in `language`, in order, with the patterns they read it with:
 * 'und' every rule with every language's phrases, a language no rule names only the language-neutral rules.
 */
export function defaultRules(language: Language): readonly LanguageRule[] {
  const read = ruleLanguage(language);
  return DEFAULT_RULES.filter((rule) => furnitureAppliesTo(rule.languages ?? ANY_LANGUAGE, read)).map(
    (rule) => {
      if (rule.id !== 'photo-caption') {
        const pattern = rule.phrases
          ? pagePhrasePattern(rule.phrases, furnitureLanguages(read))
          : rule.pattern;
        return { rule, pattern, credit: null };
      }
      return {
        rule,
        pattern: furnitureAppliesTo(PICTURE_LABEL_LANGUAGES, read) ? PICTURE_LABEL : null,
        credit: creditPatterns(PICTURE_AGENCIES, AGENCY_SUFFIXES, creditLabelsFor(read)),
      };
    },
  );
}

/** The language a document's rules are chosen by: its own, or OTHER_LANGUAGE when no default rule names it. */
function ruleLanguage(language: Language): Language {
  return RULE_LANGUAGES.has(language) ? language : OTHER_LANGUAGE;
}

/**
 * The default rules of one language (minus the disabled ones) as one regex, ^(?:(?<r0>A)|(?<r1>B)|…)$: a
 * line is read once, not once per rule, and the first group that took part names the first rule whose pattern
 * matches the whole line (an anchored alternation tries its branches in order, and the patterns hold no
 * numbered backreference that the added groups could shift). photo-caption's credit half starts with
 * .{0,300}, so it stays a regex of its own, run only on lines that pass mayEndInCredit (photo-caption is the
 * last default rule, so trying it after the others keeps the order). A page pays only for the phrases of
 * the languages its policy gives it (furnitureLanguages).
 */
interface DefaultMatcher {
  readonly rules: readonly BoilerplateRule[];
  readonly combined: RegExp | null;
  /** The comment labels of the page's languages (commentLabels), whole line: see labelAmongCells. */
  readonly labels: RegExp | null;
  readonly credited: {
    readonly rule: BoilerplateRule;
    readonly endsInCredit: (line: string) => boolean;
  } | null;
}

function defaultMatcher(language: Language, disabled: ReadonlySet<string>): DefaultMatcher {
  const rules = defaultRules(language).filter(({ rule }) => !disabled.has(rule.id));
  const last = DEFAULT_RULES[DEFAULT_RULES.length - 1]!;
  if (last.id !== 'photo-caption') throw new Error('photo-caption must be the last default rule');
  const branches = rules.flatMap(({ pattern }, i) => {
    if (pattern === null) return [];
    if (/\\[1-9]/u.test(pattern)) throw new Error('a default pattern holds a numbered backreference');
    return [`(?<r${i}>${pattern})`];
  });
  const caption = rules.find(({ credit }) => credit !== null);
  const labels = pagePhrasePattern('commentLabels', furnitureLanguages(ruleLanguage(language)));
  return {
    rules: rules.map(({ rule }) => rule),
    combined: branches.length ? new RegExp(`^(?:${branches.join('|')})$`, 'iu') : null,
    labels: labels ? wholeLine(labels) : null,
    credited:
      caption?.credit == null ? null : { rule: caption.rule, endsInCredit: caption.credit.endsInCredit },
  };
}

/**
 * Built on first use per language and set of disabled rules, and kept: a cache of values derived from the
 * constant rule data (the same matcher for the same key, whichever document asked first).
 */
const DEFAULT_MATCHERS = new Map<string, DefaultMatcher>();

function matcherFor(language: Language, disabled: ReadonlySet<string>): DefaultMatcher {
  const key = `${ruleLanguage(language)}\u0000${DEFAULT_RULES.filter((rule) => disabled.has(rule.id))
    .map((rule) => rule.id)
    .join(',')}`;
  let matcher = DEFAULT_MATCHERS.get(key);
  if (matcher === undefined) {
    matcher = defaultMatcher(language, disabled);
    DEFAULT_MATCHERS.set(key, matcher);
  }
  return matcher;
}

/** The first default rule (not disabled) that matches the line on a page in `language`, or undefined. */
export function firstDefaultRule(
  line: string,
  language: Language,
  disabled: ReadonlySet<string> = new Set(),
): BoilerplateRule | undefined {
  return firstDefault(matcherFor(language, disabled), line);
}

function firstDefault(matcher: DefaultMatcher, line: string): BoilerplateRule | undefined {
  if (matcher.combined !== null) {
    const groups = matcher.combined.exec(line)?.groups;
    if (groups !== undefined) {
      for (let i = 0; i < matcher.rules.length; i++)
        if (groups[`r${i}`] !== undefined) return matcher.rules[i];
    }
  }
  const credited = matcher.credited;
  return credited?.endsInCredit(line) ? credited.rule : undefined;
}

/** A rule from config, compiled per call. */
interface CompiledRule {
  readonly rule: BoilerplateRule;
  readonly regex: RegExp;
}

/** The longest paragraph a scope-next rule removes with its heading: a biography, not an article. */
const MAX_BOX_WORDS = 50;

/** The comment rules whose phrases take a bare comment label (commentLabels in stages/lexicon.ts). */
const LABEL_RULES: ReadonlySet<string> = new Set(['comment-prompt', 'comment-heading']);

/** The longest line that still reads as a table cell beside a comment label (as image-alt's labels). */
const CELL_MAX_WORDS = 12;

/** How many cells a table's header row may have before a comment label (see labelAmongCells). */
const CELLS_BEFORE_LABEL = 8;

/** The fewest words of the prose line that introduces a table ("The states are listed below:" has five). */
const INTRO_MIN_WORDS = 5;

/** A line that ends with a colon (ASCII or full-width): it introduces what follows. */
const INTRODUCES = /[:：]\s*$/u;

/**
 * Whether a bare comment label ("Comment", "Kommentar") is the header of a table's column: it sits in a row
 * of cells (short lines that end like no sentence and that no rule takes), at most CELLS_BEFORE_LABEL of
 * them after a line of prose that introduces them with a colon, and a row of data follows it (as many cells
 * as the header has before the label, at least one; the cell in the label's own column may be prose). That
 * is how a text dump, or an HTML table with a paragraph in each cell, prints a table with a "Comment" column
 * under "The states are listed below:". A comment button or form field has furniture or a form's prompt and
 * fields around it ("Share", "Leave a Reply", "Name *"), a section name sits in a menu, and a comments
 * heading follows the article's last paragraph: none of them heads a row of cells that a colon opened, with
 * a row of data under it.
 */
function labelAmongCells(body: readonly Block[], i: number, isFurniture: (block: Block) => boolean): boolean {
  const cell = (block: Block | undefined): block is Block =>
    block !== undefined &&
    !INTRODUCES.test(block.text) &&
    wordCount(block.text) <= CELL_MAX_WORDS &&
    !endsLikeSentence(block.text) &&
    !isFurniture(block);
  let before = 0;
  for (let k = i - 1; ; k--) {
    const line = body[k];
    if (line === undefined || before > CELLS_BEFORE_LABEL) return false;
    if (INTRODUCES.test(line.text)) {
      if (wordCount(line.text) < INTRO_MIN_WORDS || isFurniture(line)) return false;
      break;
    }
    if (!cell(line)) return false;
    before++;
  }
  // A data row's cells up to the label's column (a comment in that column may be a sentence), at least one.
  for (let k = i + 1; k <= i + Math.max(before, 1); k++) if (!cell(body[k])) return false;
  return true;
}

export function boilerplate(doc: DocState, options: BoilerplateOptions): DocState {
  const disabled = new Set(options.disable);
  const defaults = matcherFor(doc.metadata.language, disabled);
  // Filled by push, not map: V8's optimised map makes a holey array where its interpreter makes a packed one,
  // and the search below, seeing both kinds, was compiled again.
  const extra: CompiledRule[] = [];
  for (const rule of options.extraRules)
    if (!disabled.has(rule.id)) extra.push({ rule, regex: wholeLine(rule.pattern) });
  const firstMatch = (line: string): BoilerplateRule | undefined =>
    firstDefault(defaults, line) ?? extra.find(({ regex }) => regex.test(line))?.rule;
  const changes = new Map<number, { role: Role; rule: string }>();
  const body = doc.blocks.filter((block) => block.role === 'body');
  let listRule: string | null = null;
  /** Lines a rule took but the stage kept (see labelAmongCells), reported as findings. */
  const kept: Finding[] = [];
  /** A scope-next rule's heading: its paragraph, and the paragraph after it once it is reached. */
  let box: { rule: string; heading: number; next: number | null } | null = null;
  for (let i = 0; i < body.length; i++) {
    const block = body[i]!;
    if (box !== null) {
      if (block.paragraph !== box.heading && box.next === null) {
        let words = 0;
        for (
          let k = i;
          k < body.length && body[k]!.paragraph === block.paragraph && words <= MAX_BOX_WORDS;
          k++
        ) {
          words += wordCount(body[k]!.text);
        }
        box.next = words <= MAX_BOX_WORDS ? block.paragraph : -1;
      }
      if (block.paragraph === box.heading || block.paragraph === box.next) {
        changes.set(block.index, { role: 'boilerplate', rule: box.rule });
        continue;
      }
      box = null;
    }
    if (listRule !== null) {
      if (endsLinkList(block, body[i + 1])) listRule = null;
      else {
        changes.set(block.index, { role: 'boilerplate', rule: listRule });
        continue;
      }
    }
    const hit = firstMatch(block.text);
    if (!hit) continue;
    if (
      LABEL_RULES.has(hit.id) &&
      defaults.labels?.test(block.text) &&
      labelAmongCells(body, i, (other) => changes.has(other.index) || firstMatch(other.text) !== undefined)
    ) {
      kept.push({
        stage: STAGE,
        rule: hit.id,
        rawStart: block.rawStart,
        rawEnd: block.rawEnd,
        text: block.text,
        message: 'a bare comment label in a row of table cells (a column header): kept',
      });
      continue;
    }
    changes.set(block.index, { role: hit.role, rule: hit.id });
    if (hit.scope === 'rest') listRule = hit.id;
    if (hit.scope === 'next') box = { rule: hit.id, heading: block.paragraph, next: null };
  }
  if (!disabled.has(IMAGE_ALT_RULE.id)) {
    // Paragraphs holding a caption, found once (a per-line search would be quadratic in long paragraphs).
    const withCaption = new Set(
      body.filter((block) => changes.get(block.index)?.role === 'caption').map((block) => block.paragraph),
    );
    for (const block of body) {
      if (changes.has(block.index)) continue;
      const besideCaption = withCaption.has(block.paragraph);
      if (besideCaption && wordCount(block.text) <= 12 && !endsLikeSentence(block.text)) {
        changes.set(block.index, { role: 'caption', rule: IMAGE_ALT_RULE.id });
      }
    }
  }
  const done = reassign(doc, STAGE, changes);
  if (kept.length === 0) return done;
  const findings = [...done.findings, ...kept].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { ...done, findings };
}
