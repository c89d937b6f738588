/**
 * `npm run eval`: score the pipeline and the two baselines on the three dev sets of ../shared/eval, each
 * whole, per half of the site-disjoint split (eval/split.ts) and per language, plus the Golden Rules.
 *   --set NAME          only this set (repeatable): extraction-dev, readability-pages, snippets-dev
 *   --half tune|holdout only this half's pages (tune on "tune"; look at "holdout" only to report)
 *   --json              print the summary as JSON on stdout instead of the tables
 *   --predictions DIR   also write DIR/<set>/<system>/<id>.txt for the Python scorers, DIR/<set>/<half>.ids
 *                       (for `score_extraction.py --ids`) and DIR/<set>/<half>-snippets/ (links to that
 *                       half's snippet files, for `score_snippets.py`); see README "Quality"
 *   --out FILE          where to write the figures; by default eval/results.json, and only for a full run
 *                       (all sets, both halves), so a partial run never overwrites the recorded figures
 *   --worst N           how many of the worst pages to list per set (default 8)
 *   --no-anchor         leave out the Readability.js anchor (eval/anchor.ts), which reads every page's HTML
 *   --anchor-dom NAME   the DOM Readability runs on: jsdom (default) or linkedom (faster, not faithful on
 *                       15 of the 663 pages: eval/anchor.ts)
 *   --anchor-threads N  worker threads for the anchor (default one per core; 0 = in the main thread)
 * Every set is scored from its text dumps and, beside them, from the pages' HTML (`<id>.html.gz`): newsclean
 * from HTML (issue 11; "not available" until the library has an HTML entry point) and the Readability.js
 * anchor, run in the same run on the same pages.
 * The printed diagnostics (what each rule removed, the lines wrongly kept or dropped) come from the tune half
 * only: holdout pages are listed by id and counts, since reading their text would be tuning on them.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ANCHOR_DOMS, type AnchorDom } from './anchor.js';
import { evalDataDir, loadBodySet, repoRoot, SETS, type SetName } from './data.js';
import {
  type AnchorFigures,
  type BodyPageDetail,
  type BodySetResult,
  evaluateSuite,
  evaluateSuiteWithAnchor,
  type HtmlSystemId,
  type SetResult,
  type SnippetSetResult,
  type Suite,
  type SystemFigures,
  type SystemId,
} from './evaluate.js';
import type { Score } from './score.js';
import { evaluateSites, type SiteEvaluation, siteReport } from './site.js';
import type { SnippetScore } from './snippets.js';
import { HALVES, type Half } from './split.js';

const METRICS = {
  body: 'article-extraction-benchmark shingle F1 (4-grams of \\w+ tokens, macro-averaged P and R)',
  snippets: "trafilatura's snippet metric (white-space-normalised substring match, micro-averaged)",
} as const;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const f4 = (x: number) => x.toFixed(4);

/** Why an HTML system has no figures in this run. */
const UNAVAILABLE: Record<HtmlSystemId, { name: string; why: string }> = {
  'newsclean-html': {
    name: 'newsclean from HTML',
    why: 'not available (the library has no HTML entry point yet)',
  },
  readability: { name: 'Readability.js', why: 'not run (--no-anchor)' },
};
const isSnippet = (s: Score | SnippetScore): s is SnippetScore => 'accuracy' in s;

function scoreCells(s: Score | SnippetScore, snippets: boolean): string[] {
  const cells = [String(s.pages), f4(s.precision), f4(s.recall)];
  if (snippets) cells.push(isSnippet(s) ? f4(s.accuracy) : '—');
  cells.push(f4(s.f1));
  return cells;
}

function setTables(result: SetResult, suite: Suite): string {
  const snippets = result.kind === 'snippets';
  const systems: ReadonlyArray<SystemFigures<Score | SnippetScore>> = result.systems;
  const parts = suite.half ? [suite.half] : (['whole', ...HALVES] as const);
  const header = ['system', 'part', 'pages', 'precision', 'recall', ...(snippets ? ['accuracy'] : []), 'F1'];
  const rows = systems.flatMap((s) => parts.map((part) => [s.name, part, ...scoreCells(s[part], snippets)]));
  for (const id of suite.unavailable) rows.push([UNAVAILABLE[id].name, ...header.slice(1).map(() => '—')]);
  const out = [table(header, rows)];
  for (const id of suite.unavailable) out.push(`${UNAVAILABLE[id].name}: ${UNAVAILABLE[id].why}`);

  const langs = Object.keys(systems[0]!.byLang);
  if (langs.length > 1 || result.kind === 'body') {
    const langHeader = ['language', 'pages', ...systems.map((s) => `${s.name} F1`)];
    if (result.kind === 'body') langHeader.push('zero harm');
    const langRows = langs.map((lang) => {
      const row = [
        lang,
        String(systems[0]!.byLang[lang]!.pages),
        ...systems.map((s) => f4(s.byLang[lang]!.f1)),
      ];
      if (result.kind === 'body') row.push(f4(result.zeroHarm.byLang[lang]!.share));
      return row;
    });
    out.push(`\nPer language (index.json lang):\n${table(langHeader, langRows)}`);
  }
  if (result.kind === 'body') {
    const parts = (z: BodySetResult['zeroHarm']) =>
      suite.half
        ? `${suite.half} ${f4(z[suite.half].share)}`
        : `whole ${f4(z.whole.share)}, tune ${f4(z.tune.share)}, holdout ${f4(z.holdout.share)}`;
    out.push(
      `\nZero harm (expected bodies through the pipeline, share of shingles kept; issue target >= 0.99): ${parts(result.zeroHarm)}`,
    );
    if (result.html) {
      out.push(
        `Zero harm from HTML (each expected body as a plain HTML page, <p> per paragraph): ${parts(result.html.zeroHarm)}`,
      );
    }
  }
  if (result.kind === 'body' && result.html?.rejected.length) {
    out.push(
      `newsclean from HTML rejected ${result.html.rejected.length} pages (scored as empty): ${result.html.rejected.map((r) => `${r.id} (${r.code})`).join(', ')}`,
    );
  }
  return out.join('\n');
}

/** The worst pages of one system's details: holdout pages by id and counts only. */
function printWorstPages(pages: readonly BodyPageDetail[]): void {
  for (const page of pages) {
    console.log(
      `  ${page.id} [${page.half}, ${page.lang}]  P ${page.precision.toFixed(3)}  R ${page.recall.toFixed(3)}  F1 ${page.f1.toFixed(3)}`,
    );
    if (page.half === 'holdout') {
      // Holdout pages are for reporting: reading their lines is tuning on them.
      console.log(
        `    holdout: ${page.wronglyKept.length} lines wrongly kept, ${page.wronglyDropped.length} blocks wrongly dropped`,
      );
      continue;
    }
    for (const line of page.wronglyKept.slice(0, 6)) console.log(`    + ${line.slice(0, 100)}`);
    if (page.wronglyKept.length > 6) console.log(`    + … ${page.wronglyKept.length - 6} more`);
    for (const d of page.wronglyDropped.slice(0, 6)) console.log(`    - [${d.rule}] ${d.text.slice(0, 90)}`);
    if (page.wronglyDropped.length > 6) console.log(`    - … ${page.wronglyDropped.length - 6} more`);
  }
}

/** newsclean from HTML's diagnostics on a body set, as the text dumps' (tune half text only). */
function printHtmlDetail(result: BodySetResult, worst: number): void {
  const html = result.html;
  if (!html) return;
  console.log(
    '\nFrom HTML: rules on the tune half by boilerplate tokens removed (article tokens removed = harm):',
  );
  for (const r of html.tuneRules.slice(0, 12)) {
    console.log(
      `  ${r.rule.padEnd(36)} blocks ${String(r.blocks).padStart(5)}  boilerplate ${String(r.boilerplateTokens).padStart(6)}  article ${String(r.articleTokens).padStart(5)}`,
    );
  }
  console.log(
    `\nFrom HTML: worst ${worst} pages (F1), wrongly kept (+) and dropped (-); text of tune pages only:`,
  );
  printWorstPages([...html.pages].sort((a, b) => a.f1 - b.f1 || byId(a, b)).slice(0, worst));
}

function printBodyDetail(result: BodySetResult, worst: number): void {
  console.log('\nRules on the tune half by boilerplate tokens removed (article tokens removed = harm):');
  for (const r of result.tuneRules.slice(0, 12)) {
    console.log(
      `  ${r.rule.padEnd(36)} blocks ${String(r.blocks).padStart(5)}  boilerplate ${String(r.boilerplateTokens).padStart(6)}  article ${String(r.articleTokens).padStart(5)}`,
    );
  }
  const worstPages = worstBody(result, worst);
  console.log(
    `\nWorst ${worst} pages (F1), with what was wrongly kept (+) and wrongly dropped (-); text of tune pages only:`,
  );
  printWorstPages(worstPages);
  if (result.cleanBodyEdits.length) {
    console.log('\nEdits made to the clean expected bodies (each one to review: clean prose needs none):');
    for (const e of result.cleanBodyEdits) {
      console.log(`  ${e.edit.padEnd(40)} ${e.lang.padEnd(8)} ${String(e.count).padStart(5)}`);
    }
  }
  if (result.cleanBodyRemovals.length) {
    console.log('\nBlocks removed from the clean expected bodies (article text lost, by rule and language):');
    for (const r of result.cleanBodyRemovals) {
      console.log(
        `  ${r.rule.padEnd(40)} ${r.lang.padEnd(8)} blocks ${String(r.blocks).padStart(5)}  tokens ${String(r.tokens).padStart(6)}`,
      );
    }
  }
  const harmed = worstHarm(result, worst);
  if (harmed.length) {
    console.log('\nPages whose expected body loses most when cleaned (zero harm):');
    for (const p of harmed) {
      console.log(
        `  ${p.id} [${p.half}, ${p.lang}]  kept ${p.zeroHarmKept}/${p.zeroHarmTotal} shingles (${f4(harmShare(p))})`,
      );
    }
  }
}

function printSnippetDetail(result: SnippetSetResult, worst: number): void {
  const worstPages = worstSnippets(result, worst);
  console.log(`\nWorst ${worst} pages (snippets missed + unwanted snippets kept):`);
  for (const p of worstPages) {
    console.log(
      `  ${p.id} [${p.half}, ${p.lang}, ${p.site}]  missed ${p.fn}/${p.tp + p.fn}  kept unwanted ${p.fp}/${p.fp + p.tn}`,
    );
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const harmShare = (p: BodyPageDetail) => (p.zeroHarmTotal ? p.zeroHarmKept / p.zeroHarmTotal : 1);

/** The pages to look at first: lowest F1; clean bodies that lose most; most snippets wrong. Ties by id. */
const worstBody = (result: BodySetResult, n: number) =>
  [...result.pages].sort((a, b) => a.f1 - b.f1 || byId(a, b)).slice(0, n);
const worstHarm = (result: BodySetResult, n: number) =>
  result.pages
    .filter((p) => harmShare(p) < 1)
    .sort((a, b) => harmShare(a) - harmShare(b) || byId(a, b))
    .slice(0, n);
const worstSnippets = (result: SnippetSetResult, n: number) =>
  result.pages
    .filter((p) => p.fn + p.fp > 0)
    .sort((a, b) => b.fn + b.fp - (a.fn + a.fp) || byId(a, b))
    .slice(0, n);

/**
 * One line per set: newsclean from the text dumps on each part, the tune-holdout gap, the baselines, zero
 * harm; then newsclean from the HTML on each part and the Readability.js anchor on the same pages.
 */
function overview(suite: Suite): string {
  const parts = suite.half ? [suite.half] : (['whole', ...HALVES] as const);
  const header = [
    'set',
    ...parts,
    ...(suite.half ? [] : ['gap']),
    'keep everything',
    'C4 line rules',
    'zero harm',
    ...parts.map((p) => `HTML ${p}`),
    'HTML zero harm',
    ...parts.map((p) => `Readability.js ${p}`),
  ];
  const part = suite.half ?? 'whole';
  const rows = suite.sets.map((result) => {
    const f1 = (system: SystemId, p: (typeof parts)[number]) =>
      result.systems.find((s) => s.system === system)?.[p].f1;
    const cell = (x: number | undefined) => (x === undefined ? 'n/a' : f4(x));
    return [
      result.set,
      ...parts.map((p) => cell(f1('newsclean', p))),
      ...(suite.half ? [] : [f4(f1('newsclean', 'tune')! - f1('newsclean', 'holdout')!)]),
      cell(f1('keep-everything', part)),
      cell(f1('c4-lines', part)),
      result.kind === 'body' ? f4(result.zeroHarm[part].share) : '—',
      ...parts.map((p) => cell(f1('newsclean-html', p))),
      result.kind === 'body' && result.html ? f4(result.html.zeroHarm[part].share) : '—',
      ...parts.map((p) => cell(f1('readability', p))),
    ];
  });
  return table(header, rows);
}

/** Summary figures: no page text (the pages are their publishers' copyright), no timestamps. */
function summary(suite: Suite, worst: number) {
  return {
    split: 'site-disjoint: sha256(site key) first 32 bits even = tune, odd = holdout (eval/split.ts)',
    half: suite.half,
    /** HTML systems without figures in this run (see UNAVAILABLE). */
    unavailable: suite.unavailable,
    goldenRules: {
      total: suite.golden.total,
      systems: suite.goldenSystems,
      failures: suite.golden.failures.map(({ id, name }) => ({ id, name })),
    },
    sets: suite.sets.map((result) => ({
      set: result.set,
      metric: METRICS[result.kind],
      pages: result.pages.length,
      systems: result.systems,
      ...(result.kind === 'body'
        ? {
            zeroHarm: result.zeroHarm,
            htmlZeroHarm: result.html?.zeroHarm ?? null,
            htmlRejected: result.html?.rejected ?? [],
            cleanBodyEdits: result.cleanBodyEdits,
            cleanBodyRemovals: result.cleanBodyRemovals,
            worstPages: worstBody(result, worst).map((p) => ({
              id: p.id,
              half: p.half,
              f1: p.f1,
              wronglyKeptLines: p.wronglyKept.length,
              wronglyDroppedBlocks: p.wronglyDropped.length,
            })),
            worstZeroHarm: worstHarm(result, worst).map((p) => ({
              id: p.id,
              half: p.half,
              kept: p.zeroHarmKept,
              total: p.zeroHarmTotal,
            })),
          }
        : {
            worstPages: worstSnippets(result, worst).map((p) => ({
              id: p.id,
              half: p.half,
              missed: p.fn,
              keptUnwanted: p.fp,
            })),
          }),
    })),
  };
}

/** The recorded figures: the summary plus per-rule weights and per-page figures (ids and numbers only). */
function figures(suite: Suite, worst: number) {
  const base = summary(suite, worst);
  return {
    ...base,
    sets: base.sets.map((set, i) => {
      const result = suite.sets[i]!;
      if (result.kind === 'body') {
        const perPage = result.pages.map(
          ({ id, site, half, lang, precision, recall, f1, zeroHarmKept, zeroHarmTotal }) => ({
            id,
            site,
            half,
            lang,
            precision,
            recall,
            f1,
            zeroHarmKept,
            zeroHarmTotal,
          }),
        );
        const htmlPerPage = (result.html?.pages ?? []).map(
          ({ id, half, precision, recall, f1, zeroHarmKept, zeroHarmTotal }) => ({
            id,
            half,
            precision,
            recall,
            f1,
            zeroHarmKept,
            zeroHarmTotal,
          }),
        );
        return { ...set, rules: result.rules, perPage, htmlPerPage };
      }
      return { ...set, perPage: result.pages };
    }),
  };
}

function writePredictions(suite: Suite, root: string): void {
  for (const [set, systems] of suite.predictions) {
    const setDir = join(root, set);
    for (const [system, texts] of systems) {
      const dir = join(setDir, system);
      mkdirSync(dir, { recursive: true });
      for (const [id, text] of texts) writeFileSync(join(dir, `${id}.txt`), text);
    }
    const result = suite.sets.find((s) => s.set === set)!;
    for (const half of suite.half ? [suite.half] : HALVES) {
      const ids = result.pages.filter((p) => p.half === half).map((p) => p.id);
      writeFileSync(join(setDir, `${half}.ids`), ids.length ? `${ids.join('\n')}\n` : '');
      if (result.kind === 'snippets') {
        // score_snippets.py scores every snippet file of its folder: a folder of links makes it score a half.
        const dir = join(setDir, `${half}-snippets`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const id of ids) {
          symlinkSync(join(evalDataDir(), set, `${id}.snippets.json`), join(dir, `${id}.snippets.json`));
        }
      }
    }
  }
}

const USAGE = `Usage: npm run eval [-- options]

Scores the pipeline and the two baselines on the dev sets of ../shared/eval (README "Quality").

Options:
  --set NAME           only this set (repeatable): ${SETS.join(', ')}
  --half tune|holdout  only this half's pages
  --json               print the summary as JSON instead of the tables
  --predictions DIR    also write each system's output for the Python scorers
  --out FILE           where to write the figures (default eval/results.json, full runs only)
  --worst N            how many of the worst pages to list per set (default 8)
  --no-anchor          leave out the Readability.js anchor (it reads every page's HTML; worker threads)
  --anchor-dom NAME    the DOM Readability.js runs on: jsdom (default) or linkedom (about 6x faster, but
                       Readability's text differs on 15 snippets-dev pages: eval/anchor.ts)
  --anchor-threads N   worker threads for the anchor (default: one per core; 0 = in the main thread)
  -h, --help           print this help and exit
`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        set: { type: 'string', multiple: true },
        half: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        predictions: { type: 'string' },
        worst: { type: 'string', default: '8' },
        'no-anchor': { type: 'boolean', default: false },
        'anchor-dom': { type: 'string', default: 'jsdom' },
        'anchor-threads': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`eval: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const values = parseFlags();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const worst = Number(values.worst);
  for (const set of values.set ?? []) {
    if (!(SETS as readonly string[]).includes(set))
      throw new Error(`--set ${set}: expected one of ${SETS.join(', ')}`);
  }
  if (values.half !== undefined && !(HALVES as readonly string[]).includes(values.half)) {
    throw new Error(`--half ${values.half}: expected tune or holdout`);
  }
  if (!(ANCHOR_DOMS as readonly string[]).includes(values['anchor-dom'])) {
    throw new Error(`--anchor-dom ${values['anchor-dom']}: expected one of ${ANCHOR_DOMS.join(', ')}`);
  }
  const threads = values['anchor-threads'] === undefined ? undefined : Number(values['anchor-threads']);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) {
    throw new Error(`--anchor-threads ${values['anchor-threads']}: expected a whole number >= 0`);
  }
  const sets = values.set as SetName[] | undefined;
  const half = values.half as Half | undefined;
  const options = { ...(sets ? { sets } : {}), ...(half ? { half } : {}) };
  let suite: Suite;
  let anchor: AnchorFigures | null = null;
  if (values['no-anchor']) suite = evaluateSuite(options);
  else {
    const dom = values['anchor-dom'] as AnchorDom;
    ({ suite, anchor } = await evaluateSuiteWithAnchor({
      ...options,
      anchor: { dom, ...(threads === undefined ? {} : { threads }) },
    }));
  }
  // site-repeated on synthetic sites built from extraction-dev (eval/site.ts), with a whole run only.
  const site: SiteEvaluation | null = !sets && !half ? evaluateSites(loadBodySet('extraction-dev')) : null;

  if (values.json) {
    console.log(JSON.stringify(summary(suite, worst), null, 2));
  } else {
    console.log(`Split: ${summary(suite, worst).split}${half ? `; only the ${half} half` : ''}`);
    if (anchor) {
      console.log(
        `Anchor: ${anchor.name} on the HTML of the same ${anchor.pages} pages, ${anchor.threads} worker thread${anchor.threads === 1 ? '' : 's'} ` +
          `beside the main thread (${anchor.cpuMs === null ? '' : `CPU ${(anchor.cpuMs / 1000).toFixed(1)} s, `}all its texts in after ${(anchor.wallMs / 1000).toFixed(1)} s)`,
      );
    }
    for (const result of suite.sets) {
      const tune = result.pages.filter((p) => p.half === 'tune').length;
      console.log(
        `\n== ${result.set}: ${result.pages.length} pages (tune ${tune}, holdout ${result.pages.length - tune}); ${METRICS[result.kind]}\n`,
      );
      console.log(setTables(result, suite));
      if (result.kind === 'body') {
        printBodyDetail(result, worst);
        printHtmlDetail(result, worst);
      } else printSnippetDetail(result, worst);
    }
    console.log(
      `\n== Summary: newsclean F1 from the text dumps (baselines on the same pages), then from the HTML beside Readability.js\n`,
    );
    console.log(overview(suite));
    console.log(`\n== English Golden Rules (sentence cases)\n`);
    console.log(
      table(
        ['splitter', 'passed'],
        suite.goldenSystems.map((s) => [s.name, `${s.passed}/${s.total}`]),
      ),
    );
    for (const f of suite.golden.failures) {
      console.log(
        `  failed #${f.id} ${f.name}\n    expected ${JSON.stringify(f.expected)}\n    got      ${JSON.stringify(f.got)}`,
      );
    }
    if (site) console.log(`\n== ${siteReport(site)}`);
  }

  // The recorded figures hold the anchor: a run without it writes them only where --out says.
  const full = !sets && !half && anchor !== null;
  if (values.out || full) {
    const out = resolve(values.out ?? join(repoRoot(), 'eval', 'results.json'));
    mkdirSync(dirname(out), { recursive: true });
    const anchorOf = anchor && { name: anchor.name, dom: anchor.dom, pages: anchor.pages };
    writeFileSync(
      `${out}.tmp`,
      `${JSON.stringify({ ...figures(suite, worst), anchor: anchorOf, site }, null, 2)}\n`,
    );
    renameSync(`${out}.tmp`, out);
    if (!values.json) console.log(`\nFigures written to ${out}`);
  }
  if (values.predictions) {
    const root = resolve(values.predictions);
    writePredictions(suite, root);
    if (!values.json) console.log(`Predictions written under ${root}/<set>/<system>/<id>.txt`);
  }
}

await main();
