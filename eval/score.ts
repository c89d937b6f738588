/**
 * The article-extraction benchmark's metric, ported line for line from ../shared/eval/score_extraction.py
 * (the reference): 4-token shingles of `\w+` tokens with counts, per-page TP/FP/FN normalised to sum 1,
 * precision and recall averaged over pages, F1 from the two averages.
 */

/**
 * Python's Unicode `\w`: str.isalnum() (letters Lu/Ll/Lt/Lm/Lo and numerics Nd/Nl/No) or "_".
 * Combining marks (\p{M}) are NOT word characters for Python's re, so they are left out here as well.
 */
const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Shingles joined with a separator that \w+ tokens can never contain. */
export function shingles(text: string, n = 4): Map<string, number> {
  const toks = tokens(text);
  const out = new Map<string, number>();
  // Python: range(0, max(1, len - n + 1)), skipping empty slices: a short text is one short shingle.
  const count = Math.max(1, toks.length - n + 1);
  for (let i = 0; i < count; i++) {
    const slice = toks.slice(i, i + n);
    if (slice.length === 0) continue;
    const key = slice.join('\u0000');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** Raw (un-normalised) shingle counts: shared, only predicted, only expected. */
export function rawCounts(truth: string, predicted: string): Counts {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, a] of t) {
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fn += Math.max(0, a - b);
  }
  for (const [key, b] of p) fp += Math.max(0, b - (t.get(key) ?? 0));
  return { tp, fp, fn };
}

/** TP/FP/FN as fractions of their sum, as the benchmark does per page. */
export function tpFpFn(truth: string, predicted: string): Counts {
  const { tp, fp, fn } = rawCounts(truth, predicted);
  const s = tp + fp + fn;
  return s ? { tp: tp / s, fp: fp / s, fn: fn / s } : { tp: 0, fp: 0, fn: 0 };
}

export function precision({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function recall({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export interface Score {
  readonly pages: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Python's round(x, 4) for the values we print (half-to-even ties are vanishingly rare on these sums). */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function score(rows: readonly Counts[]): Score {
  const p = mean(rows.filter((r) => r.tp + r.fp > 0).map(precision));
  const r = mean(rows.filter((r) => r.tp + r.fn > 0).map(recall));
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { pages: rows.length, precision: round4(p), recall: round4(r), f1: round4(f) };
}
