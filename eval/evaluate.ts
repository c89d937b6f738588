/**
 * The whole evaluation as a pure function of the data: the pipeline and two baselines scored on the
 * extraction dev pages, the sentence splitter on the Golden Rules, and the material to find the next rule
 * (worst pages, what each rule removed). run.ts prints and writes it; the floor test asserts on it.
 */
import { cleanText } from '../pipeline/clean.js';
import { parseConfig } from '../pipeline/config.js';
import { bodyText, type DocState } from '../stages/document.js';
import { parsedSentences, splitSentences } from '../stages/sentences.js';
import { c4Lines, keepEverything } from './baselines.js';
import type { GoldenRule, Page } from './data.js';
import {
  type Counts,
  precision,
  recall,
  round4,
  type Score,
  score,
  shingles,
  tokens,
  tpFpFn,
} from './score.js';

export type Splitter = (text: string) => Array<[number, number]>;

export interface GoldenResult {
  readonly passed: number;
  readonly total: number;
  readonly failures: ReadonlyArray<{
    readonly id: number;
    readonly name: string;
    readonly expected: readonly string[];
    readonly got: readonly string[];
  }>;
}

export interface PageResult {
  readonly id: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Lines of the cleaned text that are mostly not in the expected body. */
  readonly wronglyKept: readonly string[];
  /** Removed blocks that are mostly in the expected body, with the rule that removed them. */
  readonly wronglyDropped: ReadonlyArray<{ readonly rule: string; readonly text: string }>;
}

export interface RuleWeight {
  readonly rule: string;
  readonly blocks: number;
  /** \w+ tokens the rule removed that are not in the expected body (good) and that are (harm). */
  readonly boilerplateTokens: number;
  readonly articleTokens: number;
}

export interface SystemResult {
  readonly name: string;
  readonly extraction: Score | null;
  readonly golden: { readonly passed: number; readonly total: number } | null;
}

export interface Evaluation {
  readonly systems: readonly SystemResult[];
  readonly golden: GoldenResult;
  readonly pages: readonly PageResult[];
  readonly rules: readonly RuleWeight[];
  readonly predictions: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const cleaning = parseConfig({}).cleaning;

export function cleanBody(raw: string): { state: DocState; text: string } {
  const state = cleanText(raw, cleaning);
  return { state, text: bodyText(state) };
}

/**
 * Our sentences are exact slices of the input, so a line break inside one stays; the reference segmenter
 * rewrites it as a space ("a sentence\ncut off" → "a sentence cut off"). The rules test boundaries, so white
 * space runs compare as one space.
 */
const squash = (text: string) => text.replace(/\s+/gu, ' ').trim();

export function runGoldenRules(rules: readonly GoldenRule[], split: Splitter): GoldenResult {
  const failures: Array<GoldenResult['failures'][number]> = [];
  for (const rule of rules) {
    const got = split(rule.input)
      .map(([start, end]) => rule.input.slice(start, end).trim())
      .filter(Boolean);
    const same =
      got.length === rule.expected.length && got.every((s, i) => squash(s) === squash(rule.expected[i]!));
    if (!same) failures.push({ id: rule.id, name: rule.name, expected: rule.expected, got });
  }
  return { passed: rules.length - failures.length, total: rules.length, failures };
}

/** Baseline splitters for the Golden Rules column of the two baseline rows. */
const noSplit: Splitter = (text) => [[0, text.length]];
const naiveSplit: Splitter = (text) => {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]+["'”’)]*\s+/gu)) {
    const end = m.index + m[0].length;
    spans.push([start, end]);
    start = end;
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
};

/** Share of a line's shingles found in the truth; short lines: whether its tokens occur there in order. */
function inTruth(line: string, truthShingles: ReadonlyMap<string, number>, truthTokens: string): number {
  const toks = tokens(line);
  if (toks.length === 0) return 1;
  if (toks.length < 4) return ` ${truthTokens} `.includes(` ${toks.join(' ')} `) ? 1 : 0;
  const own = shingles(line);
  let found = 0;
  let all = 0;
  for (const [key, n] of own) {
    all += n;
    if (truthShingles.has(key)) found += n;
  }
  return found / all;
}

function f1Of(c: Counts): number {
  const p = precision(c);
  const r = recall(c);
  return p + r ? (2 * p * r) / (p + r) : 0;
}

export function evaluate(pages: readonly Page[], goldenRules: readonly GoldenRule[]): Evaluation {
  const systems = {
    newsclean: (raw: string) => cleanBody(raw).text,
    'keep-everything': keepEverything,
    'c4-lines': c4Lines,
  };
  const predictions = new Map<string, Map<string, string>>();
  const rows = new Map<string, Counts[]>();
  for (const name of Object.keys(systems)) {
    predictions.set(name, new Map());
    rows.set(name, []);
  }
  const pageResults: PageResult[] = [];
  const weights = new Map<string, { blocks: number; boilerplateTokens: number; articleTokens: number }>();
  for (const page of pages) {
    for (const [name, system] of Object.entries(systems)) {
      if (name === 'newsclean') continue;
      const text = system(page.raw);
      predictions.get(name)!.set(page.id, text);
      rows.get(name)!.push(tpFpFn(page.expected, text));
    }
    const { state, text } = cleanBody(page.raw);
    predictions.get('newsclean')!.set(page.id, text);
    const counts = tpFpFn(page.expected, text);
    rows.get('newsclean')!.push(counts);

    const truthShingles = shingles(page.expected);
    const truthTokens = tokens(page.expected).join(' ');
    const wronglyKept = text.split('\n').filter((line) => inTruth(line, truthShingles, truthTokens) < 0.5);
    const predictedShingles = shingles(text);
    const predictedTokens = tokens(text).join(' ');
    const wronglyDropped: Array<{ rule: string; text: string }> = [];
    for (const removal of state.removed) {
      const key = `${removal.stage}/${removal.rule}`;
      const share = inTruth(removal.text, truthShingles, truthTokens);
      const n = tokens(removal.text).length;
      const w = weights.get(key) ?? { blocks: 0, boilerplateTokens: 0, articleTokens: 0 };
      w.blocks++;
      w.boilerplateTokens += Math.round(n * (1 - share));
      w.articleTokens += Math.round(n * share);
      weights.set(key, w);
      // Text that is in the truth but nowhere in the output was lost (a repeat elsewhere does not count).
      if (share >= 0.5 && inTruth(removal.text, predictedShingles, predictedTokens) < 0.5) {
        wronglyDropped.push({ rule: key, text: removal.text });
      }
    }
    pageResults.push({
      id: page.id,
      precision: round4(precision(counts)),
      recall: round4(recall(counts)),
      f1: round4(f1Of(counts)),
      wronglyKept,
      wronglyDropped,
    });
  }

  const golden = runGoldenRules(goldenRules, splitSentences);
  const goldenOf = (split: Splitter) => {
    const { passed, total } = runGoldenRules(goldenRules, split);
    return { passed, total };
  };
  const systemResults: SystemResult[] = [
    {
      name: 'newsclean',
      extraction: score(rows.get('newsclean')!),
      golden: { passed: golden.passed, total: golden.total },
    },
    { name: 'retext-english alone', extraction: null, golden: goldenOf(parsedSentences) },
    { name: 'keep everything', extraction: score(rows.get('keep-everything')!), golden: goldenOf(noSplit) },
    { name: 'C4 line rules', extraction: score(rows.get('c4-lines')!), golden: goldenOf(naiveSplit) },
  ];
  const rules = [...weights.entries()]
    .map(([rule, w]) => ({ rule, ...w }))
    .sort((a, b) => b.boilerplateTokens - a.boilerplateTokens || (a.rule < b.rule ? -1 : 1));
  return { systems: systemResults, golden, pages: pageResults, rules, predictions };
}
