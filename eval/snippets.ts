/**
 * trafilatura's snippet metric, ported from ../shared/eval/score_snippets.py (the reference; a test runs both
 * and requires the same figures). Each page has `with` snippets that must appear in the extracted text and
 * `without` snippets that must not. After white-space normalisation of both sides, a `with` snippet found is
 * a true positive and one missed a false negative; a `without` snippet found is a false positive and one
 * absent a true negative. The counts are summed over pages (micro average), then precision, recall, accuracy
 * and F1 are computed from the sums.
 */

export interface Snippets {
  readonly with: readonly string[];
  readonly without: readonly string[];
}

export interface SnippetCounts {
  readonly tp: number;
  readonly fn: number;
  readonly fp: number;
  readonly tn: number;
}

export interface SnippetScore {
  readonly pages: number;
  readonly precision: number;
  readonly recall: number;
  readonly accuracy: number;
  readonly f1: number;
}

/**
 * Python's `\s` on str: exactly the code points for which str.isspace() is true. JavaScript's `\s` differs
 * (it lacks U+001C–U+001F and U+0085 and adds U+FEFF), so the class is spelled out.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+001C–U+001F are white space to Python
const PY_SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;

/** `re.sub(r"\s+", " ", s).strip()`: after the substitution the only white space left is U+0020. */
export function normaliseSpace(text: string): string {
  return text.replace(PY_SPACE, ' ').replace(/^ | $/gu, '');
}

/** One page's counts: which snippets occur in the (normalised) predicted text. */
export function snippetCounts(snippets: Snippets, predicted: string): SnippetCounts {
  const text = normaliseSpace(predicted);
  const found = (s: string) => text.includes(normaliseSpace(s));
  const tp = snippets.with.filter(found).length;
  const fp = snippets.without.filter(found).length;
  return { tp, fn: snippets.with.length - tp, fp, tn: snippets.without.length - fp };
}

/** Python's round(x, 4) for these ratios (exact ties at the fifth decimal are vanishingly rare). */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The reference's figures from per-page counts (a page with no prediction has counts of an empty text). */
export function snippetScore(rows: readonly SnippetCounts[]): SnippetScore {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (const r of rows) {
    tp += r.tp;
    fn += r.fn;
    fp += r.fp;
    tn += r.tn;
  }
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  const all = tp + tn + fp + fn;
  const a = all ? (tp + tn) / all : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { pages: rows.length, precision: round4(p), recall: round4(r), accuracy: round4(a), f1: round4(f) };
}
