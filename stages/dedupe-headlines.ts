/**
 * dedupe-headlines: a page template often prints the headline again inside the article, sometimes with
 * other quote marks or case. A block that repeats the title, the standfirst or an earlier block goes.
 */
import type { DocState, Role } from './document.js';
import { reassign } from './document.js';

const STAGE = 'dedupe-headlines';

export interface DedupeOptions {
  /** Token-set Jaccard similarity at or above which two short blocks count as the same headline. */
  readonly nearThreshold: number;
  /** Near-repeat matching applies only to blocks of at most this many words (headline-sized). */
  readonly nearMaxWords: number;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Case, quote and apostrophe style, dashes and white space do not make a different headline. */
export function normaliseHeadline(text: string): string {
  // NFKC changes nothing in ASCII text, which most lines are; it is the costliest step here.
  return (isAscii(text) ? text : text.normalize('NFKC'))
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―]/gu, '-')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
}

/** Tokens of an already normalised headline. A possessive is the same word: "Lukashenko's plan". */
function tokensOf(normalised: string): Set<string> {
  return new Set(normalised.replace(/'s\b/gu, '').match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export function dedupeHeadlines(doc: DocState, options: DedupeOptions): DocState {
  const changes = new Map<number, { role: Role; rule: string }>();
  const headlines = [doc.metadata.title, ...doc.metadata.standfirst].filter((t): t is string => t !== null);
  const headlineKeys = new Set(headlines.map(normaliseHeadline));
  const seenExact = new Set(headlineKeys);
  const headlineTokens = [...headlineKeys].map(tokensOf);
  const maxHeadlineTokens = Math.max(0, ...headlineTokens.map((h) => h.size));
  // A near repeat shares all but a few of a headline's tokens, so it contains at least one of any (few + 1)
  // of them: test the longest ones as substrings before tokenising a line.
  const probes = headlineTokens.map((h) => {
    const missable = Math.floor(h.size * (1 - options.nearThreshold));
    return [...h].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, missable + 1);
  });
  for (const block of doc.blocks) {
    if (block.role !== 'body') continue;
    const key = normaliseHeadline(block.text);
    const isHeadline = headlineKeys.has(key);
    // A short line said twice ("Yes.", "Photo") is not a repeated block worth removing.
    if (seenExact.has(key) && (isHeadline || key.split(' ').length >= 5)) {
      changes.set(block.index, {
        role: 'duplicate',
        rule: isHeadline ? 'repeated-headline' : 'repeated-block',
      });
      continue;
    }
    seenExact.add(key);
    // Headline-sized means at most nearMaxWords words of 16 characters on average: longer lines are not
    // tokenised at all (most of the page's text).
    if (key.length > options.nearMaxWords * 16 || maxHeadlineTokens === 0) continue;
    if (!probes.some((probe) => probe.some((token) => key.includes(token)))) continue;
    const blockTokens = tokensOf(key);
    if (blockTokens.size === 0 || blockTokens.size > options.nearMaxWords) continue;
    if (headlineTokens.some((h) => h.size > 0 && jaccard(h, blockTokens) >= options.nearThreshold)) {
      changes.set(block.index, { role: 'duplicate', rule: 'near-repeated-headline' });
    }
  }
  return reassign(doc, STAGE, changes);
}
