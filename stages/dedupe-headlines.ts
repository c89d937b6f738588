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

/** Case, quote and apostrophe style, dashes and white space do not make a different headline. */
export function normaliseHeadline(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―]/gu, '-')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s.!?…:;,]+$/u, '')
    .trim();
}

function tokens(text: string): Set<string> {
  // A possessive is the same headline word: "Lukashenko's plan" repeats "Lukashenko plan".
  return new Set(
    normaliseHeadline(text)
      .replace(/'s\b/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [],
  );
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
  const seenExact = new Set(headlines.map(normaliseHeadline));
  const headlineTokens = headlines.map(tokens);
  for (const block of doc.blocks) {
    if (block.role !== 'body') continue;
    const key = normaliseHeadline(block.text);
    const isHeadline = headlines.some((h) => normaliseHeadline(h) === key);
    // A short line said twice ("Yes.", "Photo") is not a repeated block worth removing.
    if (seenExact.has(key) && (isHeadline || key.split(' ').length >= 5)) {
      changes.set(block.index, {
        role: 'duplicate',
        rule: isHeadline ? 'repeated-headline' : 'repeated-block',
      });
      continue;
    }
    seenExact.add(key);
    const blockTokens = tokens(block.text);
    if (blockTokens.size === 0 || blockTokens.size > options.nearMaxWords) continue;
    if (headlineTokens.some((h) => h.size > 0 && jaccard(h, blockTokens) >= options.nearThreshold)) {
      changes.set(block.index, { role: 'duplicate', rule: 'near-repeated-headline' });
    }
  }
  return reassign(doc, STAGE, changes);
}
