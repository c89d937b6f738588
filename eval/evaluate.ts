/**
 * The whole evaluation as a pure function of the data: the pipeline and two baselines scored on the three
 * dev sets of ../shared/eval (whole, tune half, holdout half, per language; see eval/split.ts), the zero-harm
 * figure of each body set, the sentence splitter on the Golden Rules, and the material to find the next rule
 * (worst pages, what each rule removed). run.ts prints and writes it; the floor test asserts on it.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cleanText } from '../pipeline/clean.js';
import { parseConfig } from '../pipeline/config.js';
import { bodyText, type DocState } from '../stages/document.js';
import { parsedSentences, splitSentences } from '../stages/sentences.js';
import { type AnchorDom, type AnchorOptions, anchorName, readHtmlGz, startAnchor } from './anchor.js';
import { c4Lines, keepEverything } from './baselines.js';
import {
  type BodyPage,
  type BodySetName,
  type GoldenRule,
  htmlPath,
  loadBodySet,
  loadGoldenRules,
  loadSnippetSet,
  type Page,
  type Placement,
  SETS,
  type SetName,
  type SnippetPage,
  type SnippetSetName,
} from './data.js';
import { cleanHtmlPage, cleanHtmlText, NEWSCLEAN_HTML_NAME } from './newsclean-html.js';
import {
  type Counts,
  precision,
  rawCounts,
  recall,
  round4,
  type Score,
  score,
  shingles,
  tokens,
  tpFpFn,
} from './score.js';
import { type SnippetCounts, type SnippetScore, snippetCounts, snippetScore } from './snippets.js';
import { HALVES, type Half } from './split.js';

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

type Weights = Map<string, { blocks: number; boilerplateTokens: number; articleTokens: number }>;

function rulesByWeight(weights: Weights): RuleWeight[] {
  return [...weights.entries()]
    .map(([rule, w]) => ({ rule, ...w }))
    .sort((a, b) => b.boilerplateTokens - a.boilerplateTokens || (a.rule < b.rule ? -1 : 1));
}

/** A body page's line in the results: where it is, its scores, its zero harm and what went wrong on it. */
function pageDetail(
  page: Placement,
  counts: Counts,
  harm: { readonly kept: number; readonly total: number },
  diagnosis: Pick<BodyPageDetail, 'wronglyKept' | 'wronglyDropped'>,
): BodyPageDetail {
  return {
    id: page.id,
    site: page.site,
    half: page.half,
    lang: page.lang,
    precision: round4(precision(counts)),
    recall: round4(recall(counts)),
    f1: round4(f1Of(counts)),
    zeroHarmKept: harm.kept,
    zeroHarmTotal: harm.total,
    ...diagnosis,
  };
}

/**
 * What went wrong on one page: output lines mostly not in the expected body, and removed blocks mostly in
 * it that appear nowhere in the output; each removal's tokens are added to its rule's weight.
 */
function diagnose(
  expected: string,
  state: DocState,
  text: string,
  ...weights: Weights[]
): Pick<PageResult, 'wronglyKept' | 'wronglyDropped'> {
  const truthShingles = shingles(expected);
  const truthTokens = tokens(expected).join(' ');
  const wronglyKept = text.split('\n').filter((line) => inTruth(line, truthShingles, truthTokens) < 0.5);
  const predictedShingles = shingles(text);
  const predictedTokens = tokens(text).join(' ');
  const wronglyDropped: Array<{ rule: string; text: string }> = [];
  for (const removal of state.removed) {
    const key = `${removal.stage}/${removal.rule}`;
    const share = inTruth(removal.text, truthShingles, truthTokens);
    const n = tokens(removal.text).length;
    for (const into of weights) {
      const w = into.get(key) ?? { blocks: 0, boilerplateTokens: 0, articleTokens: 0 };
      w.blocks++;
      w.boilerplateTokens += Math.round(n * (1 - share));
      w.articleTokens += Math.round(n * share);
      into.set(key, w);
    }
    // Text that is in the truth but nowhere in the output was lost (a repeat elsewhere does not count).
    if (share >= 0.5 && inTruth(removal.text, predictedShingles, predictedTokens) < 0.5) {
      wronglyDropped.push({ rule: key, text: removal.text });
    }
  }
  return { wronglyKept, wronglyDropped };
}

function f1Of(c: Counts): number {
  const p = precision(c);
  const r = recall(c);
  return p + r ? (2 * p * r) / (p + r) : 0;
}

/**
 * extraction-dev alone, in the shape of the first evaluation (one table, Golden Rules beside it). Kept for
 * callers written against it; new code uses evaluateSuite, which covers every set and the split.
 */
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
  const weights: Weights = new Map();
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

    const { wronglyKept, wronglyDropped } = diagnose(page.expected, state, text, weights);
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
  return { systems: systemResults, golden, pages: pageResults, rules: rulesByWeight(weights), predictions };
}

// ---------------------------------------------------------------------------------------------------------
// All three dev sets, split into halves and languages.

/** The systems scored on every set: the pipeline and the two baselines, under stable ids. */
export const SYSTEMS = {
  newsclean: { name: 'newsclean', clean: (raw: string) => cleanBody(raw).text },
  'keep-everything': { name: 'keep everything', clean: keepEverything },
  'c4-lines': { name: 'C4 line rules', clean: c4Lines },
} as const;
/** The systems that read the text dump (`<id>.raw.txt`), cleaned in this thread. */
export type TextSystemId = keyof typeof SYSTEMS;
const SYSTEM_IDS = Object.keys(SYSTEMS) as TextSystemId[];

/**
 * The systems that read the page's HTML (`<id>.html.gz`, issue 11): newsclean's HTML front end and the
 * Readability.js anchor (eval/anchor.ts). Their texts are made outside the set's scoring (the anchor in
 * worker threads) and handed in as HtmlPredictions; a system whose texts are missing is "not available".
 */
export const HTML_SYSTEM_IDS = ['newsclean-html', 'readability'] as const;
export type HtmlSystemId = (typeof HTML_SYSTEM_IDS)[number];
export type SystemId = TextSystemId | HtmlSystemId;

/** One HTML system's output on a set: page id → text. */
export interface HtmlPredictions {
  readonly system: HtmlSystemId;
  readonly name: string;
  readonly texts: ReadonlyMap<string, string>;
}

/** One system's figures on a set: the whole set, each half, each language (index.json `lang`). */
export interface SystemFigures<S> {
  readonly system: SystemId;
  readonly name: string;
  readonly whole: S;
  readonly tune: S;
  readonly holdout: S;
  readonly byLang: Readonly<Record<string, S>>;
}

/**
 * Zero harm: each page's expected body fed through the pipeline as if it were a scraped page; the share of
 * its 4-gram shingles that come out (title and standfirst fields count as kept: metadata is moved, not
 * lost), summed over pages. The issue requires at least 0.99 per set.
 */
export interface ZeroHarm {
  readonly kept: number;
  readonly total: number;
  readonly share: number;
}

export interface BodyPageFigures extends Placement {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Shingles of the expected body that survive cleaning the expected body itself. */
  readonly zeroHarmKept: number;
  readonly zeroHarmTotal: number;
}

export interface BodyPageDetail extends BodyPageFigures {
  readonly wronglyKept: readonly string[];
  readonly wronglyDropped: ReadonlyArray<{ readonly rule: string; readonly text: string }>;
}

export interface BodySetResult {
  readonly kind: 'body';
  readonly set: BodySetName;
  readonly systems: ReadonlyArray<SystemFigures<Score>>;
  readonly zeroHarm: {
    readonly whole: ZeroHarm;
    readonly tune: ZeroHarm;
    readonly holdout: ZeroHarm;
    readonly byLang: Readonly<Record<string, ZeroHarm>>;
  };
  readonly pages: readonly BodyPageDetail[];
  /** newsclean from HTML on the same pages: its diagnostics and zero harm (null until the library has it). */
  readonly html: HtmlBodyFigures | null;
  /** What each rule removed, over the whole set and over the tune half (the one to tune on). */
  readonly rules: readonly RuleWeight[];
  readonly tuneRules: readonly RuleWeight[];
  /**
   * Edits the pipeline makes to the clean expected bodies (the zero-harm input), by stage/rule and page
   * language: on clean prose every edit is suspect (a fix written for one language's conventions firing on
   * another's), so each count is something to review. Sorted by edit, then language.
   */
  readonly cleanBodyEdits: ReadonlyArray<{
    readonly edit: string;
    readonly lang: string;
    readonly count: number;
  }>;
  /**
   * Blocks the pipeline removes from the clean expected bodies, by stage/rule and page language, with their
   * \w+ tokens: every one is article text lost (zero harm's shortfall, rule by rule). Sorted by rule, then
   * language.
   */
  readonly cleanBodyRemovals: ReadonlyArray<{
    readonly rule: string;
    readonly lang: string;
    readonly blocks: number;
    readonly tokens: number;
  }>;
}

/**
 * newsclean from HTML on a body set, beyond its F1 row: per page the same figures and diagnostics as the text
 * dumps', zero harm (each expected body as a plain HTML page, bodyAsHtml, through the HTML path), what each
 * rule removed on the tune half, and how many pages the pipeline rejected (scored as empty texts).
 */
export interface HtmlBodyFigures {
  readonly pages: readonly BodyPageDetail[];
  readonly zeroHarm: {
    readonly whole: ZeroHarm;
    readonly tune: ZeroHarm;
    readonly holdout: ZeroHarm;
    readonly byLang: Readonly<Record<string, ZeroHarm>>;
  };
  readonly tuneRules: readonly RuleWeight[];
  readonly rejected: ReadonlyArray<{ readonly id: string; readonly code: string }>;
}

export interface SnippetPageFigures extends Placement, SnippetCounts {}

export interface SnippetSetResult {
  readonly kind: 'snippets';
  readonly set: SnippetSetName;
  readonly systems: ReadonlyArray<SystemFigures<SnippetScore>>;
  readonly pages: readonly SnippetPageFigures[];
}

export type SetResult = BodySetResult | SnippetSetResult;

export interface Suite {
  /** The half the pages were restricted to, or null for whole sets. */
  readonly half: Half | null;
  readonly sets: readonly SetResult[];
  readonly golden: GoldenResult;
  readonly goldenSystems: ReadonlyArray<{
    readonly name: string;
    readonly passed: number;
    readonly total: number;
  }>;
  /** set → system id → page id → cleaned text. */
  readonly predictions: ReadonlyMap<SetName, ReadonlyMap<SystemId, ReadonlyMap<string, string>>>;
  /** The HTML systems that were not run (no HTML entry point yet, or the anchor switched off). */
  readonly unavailable: readonly HtmlSystemId[];
}

/** Figures of each subset of pages: whole, halves, languages (languages sorted by name). */
function subsets<S, P extends Placement>(
  pages: readonly P[],
  rows: readonly unknown[],
  scoreOf: (rows: never[]) => S,
): { whole: S; tune: S; holdout: S; byLang: Record<string, S> } {
  const pick = (keep: (p: P) => boolean) => scoreOf(rows.filter((_, i) => keep(pages[i]!)) as never[]);
  const langs = [...new Set(pages.map((p) => p.lang))].sort();
  return {
    whole: pick(() => true),
    tune: pick((p) => p.half === 'tune'),
    holdout: pick((p) => p.half === 'holdout'),
    byLang: Object.fromEntries(langs.map((lang) => [lang, pick((p) => p.lang === lang)])),
  };
}

const harmOf = (rows: ReadonlyArray<{ kept: number; total: number }>): ZeroHarm => {
  const kept = rows.reduce((n, r) => n + r.kept, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  return { kept, total, share: total ? round4(kept / total) : 1 };
};

/** The zero-harm counts of one page: its expected body through the pipeline. */
export function zeroHarmOf(expected: string): {
  kept: number;
  total: number;
  edits: readonly string[];
  removals: ReadonlyArray<{ rule: string; tokens: number }>;
} {
  const { state, text } = cleanBody(expected);
  const record = [state.metadata.title ?? '', ...state.metadata.standfirst, text].join('\n\n');
  const { tp, fn } = rawCounts(expected, record);
  // The title and standfirst are moved into metadata, not lost: those removals are not harm.
  const removals = state.removed
    .filter((r) => r.stage !== 'metadata')
    .map((r) => ({ rule: `${r.stage}/${r.rule}`, tokens: tokens(r.text).length }));
  return { kept: tp, total: tp + fn, edits: state.edits.map((e) => `${e.stage}/${e.rule}`), removals };
}

/** An HTML system's text for a page; a page it has no text for is a bug of the caller, not a zero. */
function htmlText(set: SetName, id: string, h: HtmlPredictions): string {
  const text = h.texts.get(id);
  if (text === undefined) throw new Error(`${set}: ${h.system} has no text for page ${id}`);
  return text;
}

/** A body set (expected text per page): every system, the diagnostics, zero harm. */
export function evaluateBodySet(
  set: BodySetName,
  pages: readonly BodyPage[],
): { result: BodySetResult; predictions: Map<SystemId, Map<string, string>> } {
  const predictions = new Map<SystemId, Map<string, string>>(SYSTEM_IDS.map((id) => [id, new Map()]));
  const rows = new Map<TextSystemId, Counts[]>(SYSTEM_IDS.map((id) => [id, []]));
  const details: BodyPageDetail[] = [];
  const weights: Weights = new Map();
  const tuneWeights: Weights = new Map();
  const editCounts = new Map<string, number>();
  const removalCounts = new Map<string, { blocks: number; tokens: number }>();
  for (const page of pages) {
    for (const id of SYSTEM_IDS) {
      if (id === 'newsclean') continue;
      const text = SYSTEMS[id].clean(page.raw);
      predictions.get(id)!.set(page.id, text);
      rows.get(id)!.push(tpFpFn(page.expected, text));
    }
    const { state, text } = cleanBody(page.raw);
    predictions.get('newsclean')!.set(page.id, text);
    const counts = tpFpFn(page.expected, text);
    rows.get('newsclean')!.push(counts);
    const diagnosis = diagnose(
      page.expected,
      state,
      text,
      ...(page.half === 'tune' ? [weights, tuneWeights] : [weights]),
    );
    const harm = zeroHarmOf(page.expected);
    for (const edit of harm.edits) {
      const key = `${edit}\u0000${page.lang}`;
      editCounts.set(key, (editCounts.get(key) ?? 0) + 1);
    }
    for (const removal of harm.removals) {
      const key = `${removal.rule}\u0000${page.lang}`;
      const seen = removalCounts.get(key) ?? { blocks: 0, tokens: 0 };
      removalCounts.set(key, { blocks: seen.blocks + 1, tokens: seen.tokens + removal.tokens });
    }
    details.push(pageDetail(page, counts, harm, diagnosis));
  }
  const systems = SYSTEM_IDS.map((id) => ({
    system: id,
    name: SYSTEMS[id].name,
    ...subsets(pages, rows.get(id)!, (r: Counts[]) => score(r)),
  }));
  const harmRows = details.map((d) => ({ kept: d.zeroHarmKept, total: d.zeroHarmTotal }));
  const zeroHarm = subsets(pages, harmRows, harmOf);
  return {
    result: {
      kind: 'body',
      set,
      systems,
      zeroHarm,
      pages: details,
      html: null,
      rules: rulesByWeight(weights),
      tuneRules: rulesByWeight(tuneWeights),
      cleanBodyEdits: [...editCounts.keys()].sort().map((key) => {
        const [edit, lang] = key.split('\u0000') as [string, string];
        return { edit, lang, count: editCounts.get(key)! };
      }),
      cleanBodyRemovals: [...removalCounts.keys()].sort().map((key) => {
        const [rule, lang] = key.split('\u0000') as [string, string];
        return { rule, lang, ...removalCounts.get(key)! };
      }),
    },
    predictions,
  };
}

/** A snippet set: every system's counts per page and the reference metric over each subset. */
export function evaluateSnippetSet(
  set: SnippetSetName,
  pages: readonly SnippetPage[],
): { result: SnippetSetResult; predictions: Map<SystemId, Map<string, string>> } {
  const predictions = new Map<SystemId, Map<string, string>>(SYSTEM_IDS.map((id) => [id, new Map()]));
  const rows = new Map<TextSystemId, SnippetCounts[]>(SYSTEM_IDS.map((id) => [id, []]));
  for (const page of pages) {
    for (const id of SYSTEM_IDS) {
      const text = SYSTEMS[id].clean(page.raw);
      predictions.get(id)!.set(page.id, text);
      rows.get(id)!.push(snippetCounts(page.snippets, text));
    }
  }
  const systems = SYSTEM_IDS.map((id) => ({
    system: id,
    name: SYSTEMS[id].name,
    ...subsets(pages, rows.get(id)!, (r: SnippetCounts[]) => snippetScore(r)),
  }));
  const ours = rows.get('newsclean')!;
  const figures = pages.map(({ id, site, half, lang }, i) => ({ id, site, half, lang, ...ours[i]! }));
  return { result: { kind: 'snippets', set, systems, pages: figures }, predictions };
}

export interface SuiteOptions {
  /** Which sets to score (default all three). */
  readonly sets?: readonly SetName[];
  /** Score only this half's pages (default both). */
  readonly half?: Half;
}

type LoadedSet =
  | { readonly kind: 'body'; readonly set: BodySetName; readonly pages: readonly BodyPage[] }
  | { readonly kind: 'snippets'; readonly set: SnippetSetName; readonly pages: readonly SnippetPage[] };

function loadSuite(options: SuiteOptions): LoadedSet[] {
  const chosen = options.sets ?? SETS;
  return SETS.filter((set) => chosen.includes(set)).map((set) =>
    set === 'snippets-dev'
      ? { kind: 'snippets', set, pages: loadSnippetSet(set, options.half) }
      : { kind: 'body', set, pages: loadBodySet(set, options.half) },
  );
}

const escapeHtml = (text: string) =>
  text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/**
 * A clean expected body as the plainest HTML page: one `<p>` per blank-line-separated paragraph, `<br>` for a
 * line break inside one, in an `<article>`. Zero harm from HTML feeds this through the HTML path.
 */
export function bodyAsHtml(expected: string): string {
  const paragraphs = expected
    .split(/\n[ \t]*\n/u)
    .map((p) => p.trim())
    .filter(Boolean);
  const ps = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/gu, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body><article>\n${ps.join('\n')}\n</article></body></html>\n`;
}

/** Zero harm from HTML: the expected body as an HTML page (bodyAsHtml) through the HTML path. */
export function zeroHarmOfHtml(expected: string): { kept: number; total: number } {
  const { state, text } = cleanHtmlPage(bodyAsHtml(expected));
  const record = state ? [state.metadata.title ?? '', ...state.metadata.standfirst, text].join('\n\n') : '';
  const { tp, fn } = rawCounts(expected, record);
  return { kept: tp, total: tp + fn };
}

/**
 * newsclean from HTML on a set's pages (eval/newsclean-html.ts): its texts, and on a body set its diagnostics
 * and zero harm; nothing until the library has an HTML entry point.
 */
function newscleanHtml(loaded: LoadedSet): { predictions: HtmlPredictions[]; body: HtmlBodyFigures | null } {
  if (cleanHtmlText === null) return { predictions: [], body: null };
  const texts = new Map<string, string>();
  const details: BodyPageDetail[] = [];
  const tuneWeights: Weights = new Map();
  const rejected: Array<{ id: string; code: string }> = [];
  for (const page of loaded.pages) {
    const done = cleanHtmlPage(readHtmlGz(htmlPath(loaded.set, page.id)));
    texts.set(page.id, done.text);
    if (done.rejected !== null) rejected.push({ id: page.id, code: done.rejected });
    if (loaded.kind !== 'body') continue;
    const body = page as BodyPage;
    const counts = tpFpFn(body.expected, done.text);
    const diagnosis = done.state
      ? diagnose(body.expected, done.state, done.text, ...(page.half === 'tune' ? [tuneWeights] : []))
      : { wronglyKept: [], wronglyDropped: [] };
    const harm = zeroHarmOfHtml(body.expected);
    details.push(pageDetail(page, counts, harm, diagnosis));
  }
  const predictions = [{ system: 'newsclean-html' as const, name: NEWSCLEAN_HTML_NAME, texts }];
  if (loaded.kind !== 'body') return { predictions, body: null };
  const harmRows = details.map((d) => ({ kept: d.zeroHarmKept, total: d.zeroHarmTotal }));
  return {
    predictions,
    body: {
      pages: details,
      zeroHarm: subsets(loaded.pages, harmRows, harmOf),
      tuneRules: rulesByWeight(tuneWeights),
      rejected,
    },
  };
}

function scoreSet(
  loaded: LoadedSet,
  html: ReturnType<typeof newscleanHtml>,
): { result: SetResult; predictions: Map<SystemId, Map<string, string>> } {
  type Scored = { result: SetResult; predictions: Map<SystemId, Map<string, string>> };
  const done: Scored =
    loaded.kind === 'snippets'
      ? evaluateSnippetSet(loaded.set, loaded.pages)
      : evaluateBodySet(loaded.set, loaded.pages);
  const withHtml =
    done.result.kind === 'body' && html.body
      ? { ...done, result: { ...done.result, html: html.body } }
      : done;
  return html.predictions.reduce<Scored>((acc, h) => withHtmlSystem(loaded, acc, h), withHtml);
}

/** An HTML system's figures on a set already scored, added after its text systems. */
function withHtmlSystem(
  loaded: LoadedSet,
  done: { result: SetResult; predictions: Map<SystemId, Map<string, string>> },
  h: HtmlPredictions,
): { result: SetResult; predictions: Map<SystemId, Map<string, string>> } {
  done.predictions.set(
    h.system,
    new Map(loaded.pages.map((page) => [page.id, htmlText(loaded.set, page.id, h)])),
  );
  if (loaded.kind === 'snippets' && done.result.kind === 'snippets') {
    const rows = loaded.pages.map((page) => snippetCounts(page.snippets, htmlText(loaded.set, page.id, h)));
    const figures = { system: h.system, name: h.name, ...subsets(loaded.pages, rows, snippetScore) };
    return { ...done, result: { ...done.result, systems: [...done.result.systems, figures] } };
  }
  if (loaded.kind === 'body' && done.result.kind === 'body') {
    const rows = loaded.pages.map((page) => tpFpFn(page.expected, htmlText(loaded.set, page.id, h)));
    const figures = { system: h.system, name: h.name, ...subsets(loaded.pages, rows, score) };
    return { ...done, result: { ...done.result, systems: [...done.result.systems, figures] } };
  }
  throw new Error(`${loaded.set}: set kinds differ`);
}

function assemble(
  half: Half | null,
  done: ReadonlyArray<{ result: SetResult; predictions: Map<SystemId, Map<string, string>> }>,
): Suite {
  const rules = loadGoldenRules();
  const golden = runGoldenRules(rules, splitSentences);
  const goldenOf = (name: string, split: Splitter) => {
    const { passed, total } = runGoldenRules(rules, split);
    return { name, passed, total };
  };
  const goldenSystems = [
    { name: 'newsclean', passed: golden.passed, total: golden.total },
    goldenOf('retext-english alone', parsedSentences),
    goldenOf('keep everything', noSplit),
    goldenOf('C4 line rules', naiveSplit),
  ];
  const sets = done.map((d) => d.result);
  const ran = new Set(sets.flatMap((s) => s.systems.map((f) => f.system)));
  return {
    half,
    sets,
    golden,
    goldenSystems,
    predictions: new Map(done.map((d) => [d.result.set, d.predictions])),
    unavailable: HTML_SYSTEM_IDS.filter((id) => sets.length > 0 && !ran.has(id)),
  };
}

/**
 * Load and score the chosen sets (the text systems, and newsclean from HTML once the library has it), and
 * the Golden Rules with every splitter. No anchor: evaluateSuiteWithAnchor adds Readability.js.
 */
export function evaluateSuite(options: SuiteOptions = {}): Suite {
  const loaded = loadSuite(options);
  return assemble(
    options.half ?? null,
    loaded.map((l) => scoreSet(l, newscleanHtml(l))),
  );
}

/** How the anchor's run went: its name, pages, CPU time of its threads and the time until its texts came. */
export interface AnchorFigures {
  readonly name: string;
  readonly dom: AnchorDom;
  readonly threads: number;
  readonly pages: number;
  readonly cpuMs: number | null;
  readonly wallMs: number;
}

/**
 * evaluateSuite with the Readability.js anchor (eval/anchor.ts) scored beside the others on the same pages:
 * the anchor's worker threads start first and work while this thread scores the text dumps.
 */
export async function evaluateSuiteWithAnchor(
  options: SuiteOptions & { readonly anchor?: AnchorOptions },
): Promise<{ suite: Suite; anchor: AnchorFigures }> {
  const loaded = loadSuite(options);
  const jobs = loaded.flatMap((l) =>
    l.pages.map((page) => ({ key: `${l.set}/${page.id}`, path: htmlPath(l.set, page.id) })),
  );
  const dom = options.anchor?.dom ?? 'jsdom';
  const threads = options.anchor?.threads ?? availableParallelism();
  const start = performance.now();
  const pending = startAnchor(jobs, { dom, threads });
  // A failure of the anchor is thrown where it is awaited, below, not as an unhandled rejection meanwhile.
  pending.catch(() => undefined);
  const scored = loaded.map((l) => scoreSet(l, newscleanHtml(l)));
  const run = await pending;
  const wallMs = performance.now() - start;
  const name = anchorName(dom);
  const done = loaded.map((l, i) => {
    const texts = new Map(l.pages.map((page) => [page.id, run.texts.get(`${l.set}/${page.id}`)!]));
    return withHtmlSystem(l, scored[i]!, { system: 'readability', name, texts });
  });
  return {
    suite: assemble(options.half ?? null, done),
    anchor: { name, dom, threads, pages: jobs.length, cpuMs: run.cpuMs, wallMs },
  };
}

export { HALVES };
