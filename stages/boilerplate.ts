/**
 * boilerplate: remove what a page wraps around an article (comment prompts, "Read More:" links, share lines,
 * related-story lists, photo captions). Rules are data: an id, a pattern, why it exists and an example, so
 * each can be tested, listed in the README, switched off by id, and extended from config.
 */
import type { Block, DocState, Role } from './document.js';
import { reassign, SENTENCE_END, wordCount } from './document.js';

const STAGE = 'boilerplate';

export interface BoilerplateRule {
  readonly id: string;
  /** Matched against the whole trimmed line, case-insensitively. */
  readonly pattern: string;
  /** line: the matching line goes. rest: the line and the link list after it go (see endsLinkList). */
  readonly scope: 'line' | 'rest';
  readonly role: Role;
  readonly why: string;
  readonly example: string;
}

export interface BoilerplateOptions {
  readonly disable: readonly string[];
  readonly extraRules: readonly BoilerplateRule[];
}

const CREDIT =
  String.raw`(?:\((?:AP|AFP|Reuters|PA|EPA|Getty(?: Images)?|Bloomberg|Shutterstock|Alamy|(?:AP|AFP|Reuters|EPA|PA) Photo[^)]{0,60}|[^()]{0,40}\b(?:Photo|Picture|Image|Credit)s?\b[^()]{0,60})\)` +
  String.raw`|\b(?:Picture|Photo|Photograph|Image|Credit|Pic|Photo credit)s?\s*:\s*[^.:]{1,60}\.?` +
  // Agency credits after a separator, with no full stop: "… | Getty Images", "… / AP file", "REUTERS/Jane Doe".
  String.raw`|[,|/·]\s*(?:AP|AFP|Reuters|REUTERS|EPA|Getty Images|Shutterstock|Bloomberg|Alamy)(?: (?:file|Photo|Images))?` +
  String.raw`|\b(?:REUTERS|Reuters|AFP|EPA)\s?/\s?\p{Lu}[\p{L}.'’ -]{1,40})`;

/** Lines labelled as belonging to a picture rather than the story. */
const PICTURE_LABEL =
  String.raw`(?:(?:cover|main|top|header|featured|lead|file) (?:image|photo|picture)(?: credit)?|file photo|above|pictured|image|photo|picture|caption)\s*:\s*\S.{0,300}` +
  String.raw`|(?:image|media|video|photo) ?caption\b.{0,300}` +
  '|(?:(?:photo|picture|image)s? (?:by|courtesy(?: of)?)|courtesy of) [^.]{2,80}' +
  String.raw`|(?:image|photo|picture|slide) \d+ (?:of|/) \d+`;

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
    id: 'photo-caption',
    pattern: `${PICTURE_LABEL}|.{0,300}${CREDIT}`,
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
  if (wordCount(block.text) >= 30 && SENTENCE_END.test(block.text)) return true;
  return sentenceLike(block) && sentenceLike(next);
}

function compile(rules: readonly BoilerplateRule[], disabled: ReadonlySet<string>) {
  return rules
    .filter((rule) => !disabled.has(rule.id))
    .map((rule) => ({ rule, regex: new RegExp(`^(?:${rule.pattern})$`, 'iu') }));
}

export function boilerplate(doc: DocState, options: BoilerplateOptions): DocState {
  const disabled = new Set(options.disable);
  const rules = compile([...DEFAULT_RULES, ...options.extraRules], disabled);
  const changes = new Map<number, { role: Role; rule: string }>();
  const body = doc.blocks.filter((block) => block.role === 'body');
  let listRule: string | null = null;
  for (const [i, block] of body.entries()) {
    if (listRule !== null) {
      if (endsLinkList(block, body[i + 1])) listRule = null;
      else {
        changes.set(block.index, { role: 'boilerplate', rule: listRule });
        continue;
      }
    }
    const hit = rules.find(({ regex }) => regex.test(block.text));
    if (!hit) continue;
    changes.set(block.index, { role: hit.rule.role, rule: hit.rule.id });
    if (hit.rule.scope === 'rest') listRule = hit.rule.id;
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
