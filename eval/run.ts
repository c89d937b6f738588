/**
 * `npm run eval`: score the pipeline on ../shared/eval and print one table.
 *   --out FILE          where to write the figures (default eval/results.json in the repository)
 *   --predictions DIR   also write each system's cleaned text as DIR/<system>/<id>.txt, so that
 *                       `python3 ../shared/eval/score_extraction.py ../shared/eval/extraction-dev DIR/newsclean`
 *                       can check our scorer against the reference one.
 *   --worst N           how many of the worst pages to list (default 8)
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGoldenRules, loadPages, repoRoot } from './data.js';
import { type Evaluation, evaluate } from './evaluate.js';

function table(evaluation: Evaluation): string {
  const header = ['system', 'precision', 'recall', 'F1', 'Golden Rules'];
  const rows = evaluation.systems.map((s) => [
    s.name,
    s.extraction ? s.extraction.precision.toFixed(4) : '—',
    s.extraction ? s.extraction.recall.toFixed(4) : '—',
    s.extraction ? s.extraction.f1.toFixed(4) : '—',
    s.golden ? `${s.golden.passed}/${s.golden.total}` : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The figures: stable key order, no timestamps, so reruns give the same bytes. No page text goes in (the
 * pages are their publishers' copyright and must not enter the repository): the wrongly kept / dropped
 * lines are printed only.
 */
function figures(evaluation: Evaluation, worst: number) {
  const ranked = [...evaluation.pages].sort((a, b) => a.f1 - b.f1 || (a.id < b.id ? -1 : 1));
  return {
    metric: 'article-extraction-benchmark shingle F1 (4-grams of \\w+ tokens, macro-averaged P and R)',
    pages: evaluation.pages.length,
    goldenRules: evaluation.golden.total,
    systems: evaluation.systems,
    goldenRuleFailures: evaluation.golden.failures.map(({ id, name }) => ({ id, name })),
    rules: evaluation.rules,
    perPage: evaluation.pages.map(({ id, precision, recall, f1 }) => ({ id, precision, recall, f1 })),
    worstPages: ranked.slice(0, worst).map((page) => ({
      id: page.id,
      f1: page.f1,
      wronglyKeptLines: page.wronglyKept.length,
      wronglyDroppedBlocks: page.wronglyDropped.length,
    })),
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      predictions: { type: 'string' },
      worst: { type: 'string', default: '8' },
    },
  });
  const worst = Number(values.worst);
  const evaluation = evaluate(loadPages(), loadGoldenRules());
  const result = figures(evaluation, worst);

  console.log(`Extraction: ${result.pages} dev pages; sentences: ${result.goldenRules} Golden Rules\n`);
  console.log(table(evaluation));
  console.log('\nRules by boilerplate tokens removed (article tokens removed = harm):');
  for (const r of evaluation.rules.slice(0, 12)) {
    console.log(
      `  ${r.rule.padEnd(36)} blocks ${String(r.blocks).padStart(5)}  boilerplate ${String(r.boilerplateTokens).padStart(6)}  article ${String(r.articleTokens).padStart(5)}`,
    );
  }
  const worstPages = [...evaluation.pages]
    .sort((a, b) => a.f1 - b.f1 || (a.id < b.id ? -1 : 1))
    .slice(0, worst);
  console.log(`\nWorst ${worst} pages (F1), with what was wrongly kept (+) and wrongly dropped (-):`);
  for (const page of worstPages) {
    console.log(
      `  ${page.id}  P ${page.precision.toFixed(3)}  R ${page.recall.toFixed(3)}  F1 ${page.f1.toFixed(3)}`,
    );
    for (const line of page.wronglyKept.slice(0, 6)) console.log(`    + ${line.slice(0, 100)}`);
    if (page.wronglyKept.length > 6) console.log(`    + … ${page.wronglyKept.length - 6} more`);
    for (const d of page.wronglyDropped.slice(0, 6)) console.log(`    - [${d.rule}] ${d.text.slice(0, 90)}`);
    if (page.wronglyDropped.length > 6) console.log(`    - … ${page.wronglyDropped.length - 6} more`);
  }
  if (evaluation.golden.failures.length) {
    console.log('\nGolden Rules failed:');
    for (const f of evaluation.golden.failures) {
      console.log(
        `  #${f.id} ${f.name}\n    expected ${JSON.stringify(f.expected)}\n    got      ${JSON.stringify(f.got)}`,
      );
    }
  }

  const out = resolve(values.out ?? join(repoRoot(), 'eval', 'results.json'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  console.log(`\nFigures written to ${out}`);

  if (values.predictions) {
    for (const [system, texts] of evaluation.predictions) {
      const dir = join(resolve(values.predictions), system);
      mkdirSync(dir, { recursive: true });
      for (const [id, text] of texts) writeFileSync(join(dir, `${id}.txt`), text);
    }
    console.log(`Predictions written under ${resolve(values.predictions)}/<system>/<id>.txt`);
  }
}

main();
