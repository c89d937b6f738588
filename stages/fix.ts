/**
 * fix: spacing and typing faults inside kept lines. Each rule is narrow: it says what it fixes, and the
 * tests say what it must never touch. A rule that is not sure reports a finding instead of editing.
 * Rules look at the raw line text, so every edit has exact raw offsets; edits never overlap.
 */
import type { DocState, Edit, Finding } from './document.js';

const STAGE = 'fix';

export interface FixOptions {
  readonly disable: readonly string[];
}

/** A proposed change at [start, end) of a line. after === null means: report, do not change. */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly after: string | null;
  readonly message: string;
}

export interface FixRule {
  readonly id: string;
  readonly why: string;
  readonly example: { readonly before: string; readonly after: string };
  /** A cheap necessary condition: lines that fail it cannot match, so find() is not run on them. */
  readonly needs: (line: string) => boolean;
  readonly find: (line: string) => Candidate[];
}

/** Frequent words that begin sentences; a fix that would produce one of these is safe to make. */
const COMMON_WORDS = new Set(
  `a about according after again against all also although among an and another any are around as at
  because been before being both but by can could despite did do does during each earlier even every few
  for from had has have he her here his how however i if in into is it its just last later many may
  meanwhile more most much my new no nor not now of officials on once one only or other our over people
  police president protests since so some still such than that the their then there these they this
  those though thus to today two under unlike until up was we were what when where whether which while
  who why will with within without would yet you your`.split(/\s+/u),
);

/** Words that start a sentence far more often than they follow a full stop inside a name or a domain. */
const SENTENCE_STARTERS = new Set(
  `The A An He She It They We I This That These Those There His Her Its Their Our In On At But And
  However Meanwhile After Before When While If As According Some Many Most Other Police President`.split(
    /\s+/u,
  ),
);

/** Words whose doubling is never grammatical in English prose. */
const NEVER_DOUBLED = new Set(['the', 'a', 'an', 'of', 'and', 'from', 'with']);
/** Words whose doubling is often correct ("that that", "had had"): never flagged. */
const OFTEN_DOUBLED = new Set([
  'that',
  'had',
  'is',
  'do',
  'can',
  'bye',
  'very',
  'so',
  'no',
  'yes',
  'ha',
  'well',
]);

/** Cheap necessary condition for doubled-capital: a capital letter twice in a row. */
function hasDoubledCapital(line: string): boolean {
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === line[i - 1] && c !== c.toLowerCase()) return true;
  }
  return false;
}

/** Cheap necessary condition for repeated-word: two neighbouring letter runs equal in lower case. */
function hasAdjacentRepeat(line: string): boolean {
  const runs = line.toLowerCase().split(/[^\p{L}]+/u);
  for (let i = 1; i < runs.length; i++) if (runs[i] !== '' && runs[i] === runs[i - 1]) return true;
  return false;
}

export const FIX_RULES: readonly FixRule[] = [
  {
    id: 'doubled-capital',
    why: 'A held shift key doubles the first capital of a word ("AAt least").',
    example: { before: 'AAt least 100,000 protesters', after: 'At least 100,000 protesters' },
    needs: hasDoubledCapital,
    find: (line) =>
      [...line.matchAll(/(?<![\p{L}\p{N}])(\p{Lu})\1(\p{Ll}+)(?![\p{L}\p{N}])/gu)].map((m) => {
        const fixed = `${m[1]}${m[2]}`;
        const sure = COMMON_WORDS.has(fixed.toLowerCase());
        return {
          start: m.index,
          end: m.index + 1,
          after: sure ? '' : null,
          message: `"${m[0]}" looks like "${fixed}" typed with a doubled capital`,
        };
      }),
  },
  {
    id: 'repeated-word',
    why: 'A word typed twice across an edit ("in the The Black Sea"); only words never doubled in prose.',
    example: { before: 'in the The Black Sea', after: 'in the Black Sea' },
    needs: hasAdjacentRepeat,
    find: (line) =>
      // The second word is matched in a lookahead so that every word gets its turn as the first.
      [...line.matchAll(/(?<![\p{L}\p{N}'’-])(\p{L}+)(?=([ \t\u00a0]+)(\p{L}+)(?![\p{L}\p{N}'’-]))/gu)]
        .filter((m) => m[1]!.toLowerCase() === m[3]!.toLowerCase() && !OFTEN_DOUBLED.has(m[1]!.toLowerCase()))
        .map((m) => {
          const start = m.index + m[1]!.length;
          const sure = NEVER_DOUBLED.has(m[1]!.toLowerCase());
          return {
            start,
            end: start + m[2]!.length + m[3]!.length,
            after: sure ? '' : null,
            message: `"${m[1]}" is repeated`,
          };
        }),
  },
  {
    id: 'doubled-full-stop',
    why: 'Two full stops where one ends the sentence ("protests.."); an ellipsis has three and is kept.',
    example: { before: 'street protests..', after: 'street protests.' },
    needs: (line) => line.includes('..'),
    find: (line) =>
      [...line.matchAll(/(?<=[\p{L}\p{N})\]"'”’»])\.\.(?=[\s"'”’»)\]]|$)/gu)].map((m) => ({
        start: m.index + 1,
        end: m.index + 2,
        after: '',
        message: 'doubled full stop',
      })),
  },
  {
    id: 'currency-spacing',
    why: 'A currency symbol is written against its amount ("$ 1.5 billion" → "$1.5 billion").',
    example: { before: 'a $ 1.5 billion loan', after: 'a $1.5 billion loan' },
    needs: (line) => /[$€£¥₹]/u.test(line),
    find: (line) =>
      [...line.matchAll(/(?<=[$€£¥₹])[ \t\u00a0]+(?=\d)/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: '',
        message: 'space between currency symbol and amount',
      })),
  },
  {
    id: 'missing-space-after-sentence',
    why: 'Two sentences run together at a full stop ("reports.President"); not "U.S.", "Node.js", URLs.',
    example: {
      before: 'Al Jazeera reports.President of Russia',
      after: 'Al Jazeera reports. President of Russia',
    },
    needs: (line) => /[.!?]\p{Lu}/u.test(line),
    find: (line) => {
      const out: Candidate[] = [];
      for (const m of line.matchAll(/(?<=[\p{L}])([.!?])(?=\p{Lu}\p{Ll})/gu)) {
        const tokenStart = line.lastIndexOf(' ', m.index) + 1;
        const nextSpace = line.indexOf(' ', m.index);
        const token = line.slice(tokenStart, nextSpace === -1 ? line.length : nextSpace);
        const left = line.slice(tokenStart, m.index).replace(/^["'“‘(«[]+/u, '');
        const right = token.slice(m.index + 1 - tokenStart).replace(/[.,;:!?"'”’»)\]]+$/u, '');
        // Domains, paths, e-mail addresses, abbreviations with more dots, code identifiers.
        if (/[/@\\_=.]|www|\d/u.test(left + right) || !/^\p{L}+$/u.test(right)) continue;
        if (!/^\p{L}{2,}$/u.test(left)) continue;
        const sure = /^\p{Ll}+$/u.test(left) || (left.length >= 3 && SENTENCE_STARTERS.has(right));
        const at = m.index + 1;
        out.push({
          start: at,
          end: at,
          after: sure ? ' ' : null,
          message: `no space between "${left}${m[1]}" and "${right}"`,
        });
      }
      return out;
    },
  },
  {
    id: 'space-before-closing-quote',
    why: 'A closing quote typed after a space instead of against the punctuation ("problems, ”said").',
    example: {
      before: 'internal problems, ”said a protester',
      after: 'internal problems,” said a protester',
    },
    needs: (line) => line.includes('”'),
    find: (line) => [
      // Sure only before a lower-case word ("problems, ”said"): after a colon, or before a capital, the
      // mark more likely opens a quotation typed with the wrong glyph ("said: ”Bird flu …"), so report it.
      ...[...line.matchAll(/(?<=[.,!?;:])([ \t\u00a0]+)”(?=\p{L})/gu)].map((m) => {
        const end = m.index + m[0].length;
        const sure =
          line[m.index - 1] !== ':' && line[m.index - 1] !== ';' && /\p{Ll}/u.test(line[end] ?? '');
        return {
          start: m.index,
          end,
          after: sure ? '” ' : null,
          message: sure
            ? 'space before closing quote'
            : 'closing quote mark where an opening one may be meant',
        };
      }),
      ...[...line.matchAll(/(?<=[.,!?])([ \t\u00a0]+)(?=”$)/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: '',
        message: 'space before closing quote at end of paragraph',
      })),
    ],
  },
  {
    id: 'stray-opening-quote',
    why: 'An opening quote with nothing after it is usually a closing quote typed wrongly; which one is meant is a guess, so it is reported, never rewritten.',
    example: { before: 'our internal problems. “', after: 'our internal problems. “ (reported only)' },
    needs: (line) => line.includes('“'),
    find: (line) =>
      [...line.matchAll(/[ \t\u00a0]“(?=[ \t\u00a0]*[.,;:!?]*$|[ \t\u00a0]*[.,;:!?])/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: null,
        message: 'opening quote mark where a closing one is expected',
      })),
  },
  {
    id: 'space-before-punctuation',
    why: 'A space typed before a comma, semicolon, colon or sentence end ("Minsk , Belarus").',
    example: { before: 'in Minsk , the capital', after: 'in Minsk, the capital' },
    needs: (line) => /[ \t\u00a0][,;:.!?]/u.test(line),
    find: (line) =>
      [...line.matchAll(/(?<=[\p{L}\p{N}])[ \t\u00a0]+(?=[,;]\s|[,;]$|:\s|[.!?](?:\s|$))/gu)]
        .filter((m) => !(line[m.index + m[0].length] === ':' && /\d/u.test(line[m.index - 1] ?? '')))
        .map((m) => ({
          start: m.index,
          end: m.index + m[0].length,
          after: '',
          message: 'space before punctuation',
        })),
  },
  {
    id: 'multiple-spaces',
    why: 'Runs of spaces inside a line are layout, not text.',
    example: { before: 'the  capital', after: 'the capital' },
    needs: (line) => /[ \t\u00a0]{2}/u.test(line),
    find: (line) =>
      [...line.matchAll(/(?<=\S)[ \t\u00a0]{2,}(?=\S)/gu)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        after: ' ',
        message: 'run of spaces',
      })),
  },
];

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

export function fix(doc: DocState, options: FixOptions): DocState {
  const disabled = new Set(options.disable);
  const rules = FIX_RULES.filter((rule) => !disabled.has(rule.id));
  const edits: Edit[] = [...doc.edits];
  const findings: Finding[] = [...doc.findings];
  const blocks = doc.blocks.map((block) => {
    if (block.role !== 'body') return block;
    const accepted: { start: number; end: number; after: string; rule: string }[] = [];
    for (const rule of rules) {
      if (!rule.needs(block.text)) continue;
      for (const candidate of rule.find(block.text)) {
        const rawStart = block.rawStart + candidate.start;
        const rawEnd = block.rawStart + candidate.end;
        const text = block.text.slice(candidate.start, candidate.end);
        if (candidate.after === null || accepted.some((other) => overlaps(other, candidate))) {
          findings.push({ stage: STAGE, rule: rule.id, rawStart, rawEnd, text, message: candidate.message });
          continue;
        }
        accepted.push({ start: candidate.start, end: candidate.end, after: candidate.after, rule: rule.id });
        edits.push({ stage: STAGE, rule: rule.id, rawStart, rawEnd, before: text, after: candidate.after });
      }
    }
    if (accepted.length === 0) return block;
    accepted.sort((a, b) => a.start - b.start || a.end - b.end);
    let text = '';
    let cursor = 0;
    for (const edit of accepted) {
      text += block.text.slice(cursor, edit.start) + edit.after;
      cursor = edit.end;
    }
    text += block.text.slice(cursor);
    return { ...block, text };
  });
  edits.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  findings.sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd);
  return { ...doc, blocks, edits, findings };
}
