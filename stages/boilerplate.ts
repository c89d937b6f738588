/**
 * boilerplate: remove what a page wraps around an article (comment prompts, "Read More:" links, share lines,
 * related-story lists, photo captions). Rules are data: an id, a pattern, why it exists and an example, so
 * each can be tested, listed in the README, switched off by id, and extended from config.
 */
import type { Block, DocState, Role } from './document.js';
import { reassign, SENTENCE_END, wordCount } from './document.js';
import { PHRASE_LANGUAGES, pagePhrasePattern } from './lexicon.js';

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
  /** ISO 639-1 codes of the languages whose phrases the pattern holds; absent: any language. */
  readonly languages?: readonly string[];
}

export interface BoilerplateOptions {
  readonly disable: readonly string[];
  readonly extraRules: readonly BoilerplateRule[];
}

/** What an agency credit after a separator ends with: "Getty Images", "AP file", "Reuters". */
const AGENCY_AT_END =
  '(?:AP|AFP|Reuters|REUTERS|EPA|Getty Images|Shutterstock|Bloomberg|Alamy)(?: (?:file|Photo|Images))?';

const CREDIT =
  String.raw`(?:\((?:AP|AFP|Reuters|PA|EPA|Getty(?: Images)?|Bloomberg|Shutterstock|Alamy|(?:AP|AFP|Reuters|EPA|PA) Photo[^)]{0,60}|[^()]{0,40}\b(?:Photo|Picture|Image|Credit)s?\b[^()]{0,60})\)` +
  String.raw`|\b(?:Picture|Photo|Photograph|Image|Credit|Pic|Photo credit)s?\s*:\s*[^.:]{1,60}\.?` +
  // Agency credits after a separator, with no full stop: "… | Getty Images", "… / AP file", "REUTERS/Jane Doe".
  String.raw`|[,|/·]\s*${AGENCY_AT_END}` +
  String.raw`|\b(?:REUTERS|Reuters|AFP|EPA)\s?/\s?\p{Lu}[\p{L}.'’ -]{1,40})`;

/** Lines labelled as belonging to a picture rather than the story. */
const PICTURE_LABEL =
  String.raw`(?:(?:cover|main|top|header|featured|lead|file) (?:image|photo|picture)(?: credit)?|file photo|above|pictured|image|photo|picture|caption)\s*:\s*\S.{0,300}` +
  String.raw`|(?:image|media|video|photo) ?caption\b.{0,300}` +
  '|(?:(?:photo|picture|image)s? (?:by|courtesy(?: of)?)|courtesy of) [^.]{2,80}' +
  String.raw`|(?:image|photo|picture|slide) \d+ (?:of|/) \d+`;

/** A line that ends in a picture credit (a caption with the credit after it). */
const CREDITED_LINE = `.{0,300}${CREDIT}`;

export const DEFAULT_RULES: readonly BoilerplateRule[] = [
  {
    id: 'comment-prompt',
    pattern: String.raw`(?:leave a (?:reply|comment)|add a comment|post a comment|write a comment|join the (?:conversation|discussion)|\d* ?comments?(?: \(\d+\))?|show comments|view comments|cancel reply|post comment|submit comment|be the first to comment.*|your email address will not be published\.?.*|required fields are marked ?\*?\.?)`,
    scope: 'line',
    role: 'boilerplate',
    why: 'Comment forms and their prompts are page furniture, not article text.',
    example: 'Leave A Reply',
  },
  {
    id: 'read-more',
    pattern: String.raw`(?:read more|read also|also read|see also|related|recommended|more on this|related (?:article|story|coverage))\s*[:：]\s*\S.*`,
    scope: 'line',
    role: 'boilerplate',
    why: 'A "Read More:" line is a link to another story, not part of this one.',
    example: 'Read More: Why the Strongman of Belarus Is Fighting for Survival: QuickTake',
  },
  {
    id: 'source-link',
    pattern: String.raw`(?:source\s*:\s*)?(?:read (?:the )?full (?:article|story)|continue reading.*|click here to read (?:more|the full (?:article|story)).*)`,
    scope: 'line',
    role: 'boilerplate',
    why: 'Aggregators end a teaser with a link to the original article.',
    example: 'Source: Read Full Article',
  },
  {
    id: 'share-prompt',
    pattern:
      '(?:share(?: this(?: article| story| post)?)?(?: on (?:facebook|twitter|x|whatsapp|linkedin|email))?|tweet|email|print|copy link|subscribe(?: now)?|sign up(?: now)?|follow us(?: on .{1,30})?|advertisement|sponsored(?: content)?)',
    scope: 'line',
    role: 'boilerplate',
    why: 'Share, subscribe and advertising labels are page furniture.',
    example: 'Share this article',
  },
  {
    id: 'related-list',
    pattern: String.raw`(?:other news|more news|latest(?: [\p{L}-]+){0,3} news|see more(?: [\p{L}-]+){0,4}|related (?:news|stories|articles|content|posts)|more stories|you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now| stories)?|top stories|what to read next)`,
    scope: 'rest',
    role: 'boilerplate',
    why: 'A "Latest ... News" heading starts a list of unrelated headlines and captions.',
    example: 'Latest World News',
  },
  {
    id: 'comment-heading',
    pattern: pagePhrasePattern('commentHeadings'),
    scope: 'line',
    role: 'boilerplate',
    why: 'A heading over the readers\' comments ("34 responses to …", "Kommentare (12)", "Commentaires") is page furniture.',
    example: 'Kommentare (12)',
    languages: PHRASE_LANGUAGES,
  },
  {
    id: 'related-heading',
    pattern: pagePhrasePattern('relatedHeadings'),
    scope: 'rest',
    role: 'boilerplate',
    why: 'A heading over other stories ("Editors\' Picks", "Mehr zum Thema", "À lire aussi", "Leia também", "Читайте также") starts a list of links.',
    example: 'Mehr zum Thema',
    languages: PHRASE_LANGUAGES,
  },
  {
    id: 'call-to-action',
    pattern: pagePhrasePattern('callsToAction'),
    scope: 'line',
    role: 'boilerplate',
    why: 'A line of its own asking to subscribe, follow, share, print or read on elsewhere is page furniture.',
    example: 'Abonnez-vous à notre newsletter',
    languages: PHRASE_LANGUAGES,
  },
  {
    id: 'author-box',
    pattern: pagePhrasePattern('authorBox'),
    scope: 'next',
    role: 'boilerplate',
    why: 'An "About the author" box (heading and the short biography under it) describes the writer, not the story.',
    example: 'About the author',
    languages: PHRASE_LANGUAGES,
  },
  {
    id: 'photo-caption',
    pattern: `${PICTURE_LABEL}|${CREDITED_LINE}`,
    scope: 'line',
    role: 'caption',
    why: 'A line that ends in a picture credit, or is labelled as a picture ("Above:", "Image caption", "Photo by …", "Image 2 of 5"), is a photo caption; a credit goes to metadata.',
    example: 'Belarus Lukashenko. Picture: PA',
  },
];

/** Lines that can only be the alt text or label of a picture: short and without a sentence end. */
export const IMAGE_ALT_RULE = {
  id: 'image-alt',
  why: 'Short unpunctuated lines that share a paragraph with a photo caption are image alt text or labels.',
  example: 'Belarus Protests',
} as const;

/** A line that reads as a sentence: punctuated at the end and long enough not to be a label. */
function sentenceLike(block: Block | undefined): boolean {
  return block !== undefined && wordCount(block.text) >= 8 && SENTENCE_END.test(block.text);
}

/**
 * Link lists hold headlines and captions; the article goes on at a long punctuated paragraph, or at two
 * sentence-like lines in a row (an inline "Related articles" box of two headlines sits inside the text).
 */
function endsLinkList(block: Block, next: Block | undefined): boolean {
  // Each test once per line: lists can run to the end of a long page.
  if (!SENTENCE_END.test(block.text)) return false;
  const words = wordCount(block.text);
  return words >= 30 || (words >= 8 && sentenceLike(next));
}

/** A rule ready to test lines with. */
interface CompiledRule {
  readonly rule: BoilerplateRule;
  readonly matches: (line: string) => boolean;
  /** Default rules are skipped on lines that fail mayMatchADefault. */
  readonly isDefault: boolean;
}

const wholeLine = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');

function compileRule(rule: BoilerplateRule): CompiledRule {
  const regex = wholeLine(rule.pattern);
  return { rule, matches: (line) => regex.test(line), isDefault: false };
}

const ENDS_WITH_AGENCY = new RegExp(`${AGENCY_AT_END}$`, 'iu');
const CREDIT_WORD = /pic|photo|image|credit/iu;
const SEPARATOR = /[,|/·]/;
const SLASH_AGENCY = /reuters|afp|epa/iu;

/**
 * Whether a character can be the last letter of AGENCY_AT_END ("AP", "Reuters", "Getty Images", "Alamy",
 * "AP file", "AP Photo" … end in p, s, a, k, g, y, e or o) under its i and u flags: the letter in either
 * case, or ſ (U+017F, folds to s) or the Kelvin sign (U+212A, folds to k), the only non-ASCII characters
 * that fold to an ASCII letter.
 */
function mayEndAgencyName(code: number): boolean {
  const lower = code | 0x20;
  return (
    lower === 0x70 || // p
    lower === 0x73 || // s
    lower === 0x61 || // a
    lower === 0x6b || // k
    lower === 0x67 || // g
    lower === 0x79 || // y
    lower === 0x65 || // e
    lower === 0x6f || // o
    code === 0x17f ||
    code === 0x212a
  );
}

/**
 * A cheap necessary condition for a line ending in CREDIT: each of its four alternatives needs its own marks.
 * "(…)" ends the line with ")". "Picture: …" has a colon and one of pic, photo, image, credit. "… | Getty
 * Images" has a separator and ends with an agency name (see mayEndAgencyName), at most 19 characters long,
 * so the last 20 are enough to test. "REUTERS/Name" has a slash and one of reuters, afp, epa. Tests use the rule's own flags.
 */
function mayEndInCredit(line: string): boolean {
  return (
    line.endsWith(')') ||
    (line.includes(':') && CREDIT_WORD.test(line)) ||
    (mayEndAgencyName(line.charCodeAt(line.length - 1)) &&
      SEPARATOR.test(line) &&
      ENDS_WITH_AGENCY.test(line.slice(-20))) ||
    (line.includes('/') && SLASH_AGENCY.test(line))
  );
}

/**
 * photo-caption compiled in two halves, since ^(?:A|B)$ matches exactly when ^(?:A)$ or ^(?:B)$ does. The
 * credit half starts with .{0,300}, so the regex tries a credit at up to 300 places in every line: it runs
 * only on lines that pass mayEndInCredit.
 */
function compilePhotoCaption(rule: BoilerplateRule): CompiledRule {
  const labelled = wholeLine(PICTURE_LABEL);
  const credited = wholeLine(CREDITED_LINE);
  return {
    rule,
    matches: (line) => labelled.test(line) || (mayEndInCredit(line) && credited.test(line)),
    isDefault: true,
  };
}

/** Default rules are compiled once, at load; only rules from config are compiled per call. */
const COMPILED_DEFAULTS: readonly CompiledRule[] = DEFAULT_RULES.map((rule) =>
  rule.id === 'photo-caption' ? compilePhotoCaption(rule) : { ...compileRule(rule), isDefault: true },
);

/**
 * Every default pattern (of photo-caption, the label half) as one regex: a line that fails it matches none of
 * them, so most lines cost one regex call instead of six. The patterns have no groups or backreferences, so
 * joining them with | matches exactly the lines that one of them matches.
 */
const ANY_DEFAULT = wholeLine(
  [
    ...DEFAULT_RULES.filter((rule) => rule.id !== 'photo-caption').map((rule) => rule.pattern),
    PICTURE_LABEL,
  ].join('|'),
);

/** A necessary condition for a line to match any default rule. */
function mayMatchADefault(line: string): boolean {
  return ANY_DEFAULT.test(line) || mayEndInCredit(line);
}

/** The first rule that matches the line; default rules only on lines that pass mayMatchADefault. */
function firstMatch(rules: readonly CompiledRule[], line: string): CompiledRule | undefined {
  const defaultMayMatch = mayMatchADefault(line);
  for (const rule of rules) {
    if ((defaultMayMatch || !rule.isDefault) && rule.matches(line)) return rule;
  }
  return undefined;
}

function compile(extraRules: readonly BoilerplateRule[], disabled: ReadonlySet<string>): CompiledRule[] {
  const enabled = (rule: BoilerplateRule) => !disabled.has(rule.id);
  return [
    ...COMPILED_DEFAULTS.filter(({ rule }) => enabled(rule)),
    ...extraRules.filter(enabled).map(compileRule),
  ];
}

/** The longest paragraph a scope-next rule removes with its heading: a biography, not an article. */
const MAX_BOX_WORDS = 50;

export function boilerplate(doc: DocState, options: BoilerplateOptions): DocState {
  const disabled = new Set(options.disable);
  const rules = compile(options.extraRules, disabled);
  const changes = new Map<number, { role: Role; rule: string }>();
  const body = doc.blocks.filter((block) => block.role === 'body');
  let listRule: string | null = null;
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
    const hit = firstMatch(rules, block.text);
    if (!hit) continue;
    changes.set(block.index, { role: hit.rule.role, rule: hit.rule.id });
    if (hit.rule.scope === 'rest') listRule = hit.rule.id;
    if (hit.rule.scope === 'next') box = { rule: hit.rule.id, heading: block.paragraph, next: null };
  }
  if (!disabled.has(IMAGE_ALT_RULE.id)) {
    // Paragraphs holding a caption, found once (a per-line search would be quadratic in long paragraphs).
    const withCaption = new Set(
      body.filter((block) => changes.get(block.index)?.role === 'caption').map((block) => block.paragraph),
    );
    for (const block of body) {
      if (changes.has(block.index)) continue;
      const besideCaption = withCaption.has(block.paragraph);
      if (besideCaption && wordCount(block.text) <= 12 && !SENTENCE_END.test(block.text)) {
        changes.set(block.index, { role: 'caption', rule: IMAGE_ALT_RULE.id });
      }
    }
  }
  return reassign(doc, STAGE, changes);
}
