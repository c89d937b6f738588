/** The overview page: counts per stage and rule, language, site and error code, charts, the run's facts. */
import type { RunReport } from '../run.js';
import { barChart, histogram } from './charts.js';
import { ruleFile } from './document-page.js';
import { esc, num, numLink, pct, table } from './html.js';
import { listFile, rejectedFile } from './list-pages.js';
import type { Summary } from './summary.js';

/** run.json as read back: any field may be missing in an output written by another version. */
export type RunFacts = Partial<RunReport>;

/** Sites listed on the overview; the rest are counted in one line. */
export const OVERVIEW_SITES = 50;

function runFacts(run: RunFacts | null, summary: Summary): string {
  if (run === null)
    return '<p class="note">No run.json in this output folder: the run’s facts are unknown.</p>';
  const rows: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) rows.push([label, value]);
  };
  add('newsclean version', run.pipelineVersion === undefined ? undefined : esc(run.pipelineVersion));
  add(
    'Code fingerprint',
    run.codeFingerprint === undefined ? undefined : `<code>${esc(run.codeFingerprint)}</code>`,
  );
  add('Config hash', run.configHash === undefined ? undefined : `<code>${esc(run.configHash)}</code>`);
  if (run.inputs)
    add(
      'Inputs',
      `${num(run.inputs.files)} files, ${num(run.inputs.records)} records, ${num(run.inputs.bytes)} bytes${run.inputs.skippedFiles.length ? `, ${num(run.inputs.skippedFiles.length)} files skipped` : ''}`,
    );
  if (run.outputs)
    add(
      'Outputs',
      `${numLink(run.outputs.documents, 'lists/documents-1.html', 'documents')} documents, ${num(run.outputs.sentences)} sentences, ${num(run.outputs.rejected)} rejected, ${num(run.outputs.duplicates)} exact duplicates, ${num(run.outputs.nearDuplicateClusters)} near-duplicate clusters`,
    );
  if (run.incremental)
    add(
      'Incremental',
      run.incremental.enabled
        ? `${num(run.incremental.reused)} documents reused from the previous output, ${num(run.incremental.cleaned)} cleaned`
        : 'off',
    );
  if (run.timings) add('Run time', `${(run.timings.totalMs / 1000).toFixed(2)} s`);
  if (run.siteIndex)
    add('Site pass', `${(run.siteIndex.ms / 1000).toFixed(2)} s, ${num(run.siteIndex.sites)} sites`);
  if (run.throughput)
    add(
      'Throughput',
      `${run.throughput.docsPerSecond} documents/s, ${run.throughput.megabytesPerSecond} MB/s`,
    );
  if (run.concurrency !== undefined) add('Worker threads', num(run.concurrency));
  if (run.peakRssBytes !== undefined) add('Peak memory', `${num(run.peakRssBytes / 1e6)} MB`);
  add(
    'Characters',
    `${num(summary.rawChars)} in the pages’ lines, ${num(summary.keptChars)} kept (${pct(summary.keptChars, summary.rawChars)})`,
  );
  const dl = `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const config =
    run.config === undefined
      ? ''
      : `<details><summary>Cleaning config (the one the config hash is of)</summary><pre class="mono">${esc(JSON.stringify(run.config, null, 2))}</pre></details>`;
  return dl + config;
}

export function overviewPage(summary: Summary, run: RunFacts | null): string {
  const rules = summary.rules;
  const ruleHref = (key: string, anchor: string) => {
    const row = rules.find((r) => r.key === key)!;
    return `${ruleFile(row.stage, row.rule)}#${anchor}`;
  };
  const ruleRows = rules.map((r) => [
    `<a href="${esc(ruleFile(r.stage, r.rule))}">${esc(r.rule)}</a>`,
    esc(r.stage),
    numLink(r.documents, ruleHref(r.key, 'documents'), `documents touched by ${r.rule}`),
    numLink(r.removedLines, ruleHref(r.key, 'examples'), `lines removed by ${r.rule}`),
    numLink(r.removedChars, ruleHref(r.key, 'examples'), `characters removed by ${r.rule}`),
    numLink(r.edits, ruleHref(r.key, 'examples'), `edits by ${r.rule}`),
    numLink(r.findings, ruleHref(r.key, 'examples'), `findings of ${r.rule}`),
  ]);
  const groupRows = (rows: Summary['languages'], prefix: string) =>
    rows.map((g) => {
      const href = summary.samples[`${prefix}:${g.key}`] ? listFile(`${prefix}:${g.key}`) : null;
      return [
        href === null ? esc(g.key) : `<a href="${esc(href)}">${esc(g.key)}</a>`,
        numLink(g.documents, href, `documents of ${g.key}`),
        num(g.rawChars),
        num(g.keptChars),
        pct(g.keptChars, g.rawChars),
        num(g.removedLines),
        num(g.edits),
        num(g.findings),
      ];
    });
  const groupHead = [
    'documents',
    'chars before',
    'chars after',
    'kept',
    'lines removed',
    'edits',
    'findings',
  ];
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7]);
  const sites = summary.sites.slice(0, OVERVIEW_SITES);
  const moreSites =
    summary.sites.length > sites.length
      ? `<p class="note">${num(summary.sites.length - sites.length)} more sites with fewer documents are not listed.</p>`
      : '';
  const rejected = summary.rejected.map((r) => [
    `<a href="${esc(rejectedFile(r.code))}">${esc(r.code)}</a>`,
    numLink(r.count, rejectedFile(r.code), `inputs rejected as ${r.code}`),
  ]);
  const removedBars = [...rules]
    .filter((r) => r.removedChars > 0)
    .sort((a, b) => b.removedChars - a.removedChars || (a.key < b.key ? -1 : 1))
    .map((r) => ({ label: r.key, value: r.removedChars, href: ruleHref(r.key, 'examples') }));
  const sampleHref = (key: string) => (summary.samples[key] ? listFile(key) : null);
  const lengths = histogram(
    'Document length before and after cleaning (characters)',
    'documents',
    summary.lengthBins.map((bin, i) => ({
      label: bin.label,
      value: bin.before,
      href: bin.before ? sampleHref(`before:${i}`) : null,
      valueB: bin.after,
      hrefB: bin.after ? sampleHref(`after:${i}`) : null,
    })),
    ['before', 'after'],
  );
  const kept = histogram(
    'Share of each page kept (documents)',
    'documents',
    summary.keptBins.map((bin, i) => ({
      label: bin.label.replace('%', ''),
      value: bin.count,
      href: bin.count ? sampleHref(`kept:${i}`) : null,
    })),
  );
  const body = `<p>${numLink(summary.documents, 'lists/documents-1.html', 'documents')} documents: ${numLink(summary.removedLines, '#rules', 'lines removed')} lines removed, ${numLink(summary.edits, '#rules', 'edits')} edits, ${numLink(summary.findings, '#rules', 'findings')} findings; ${pct(summary.keptChars, summary.rawChars)} of the pages’ characters kept.</p>
<h2 id="run">Run</h2>
${runFacts(run, summary)}
<h2 id="charts">Charts</h2>
<p class="note">Each bar links to examples; the numbers are also in the tables below.</p>
<div class="charts">
${removedBars.length ? barChart('Characters removed per rule', removedBars) : '<p class="empty">No line was removed.</p>'}
${lengths}
${kept}
</div>
<h2 id="rules">Stages and rules</h2>
${ruleRows.length ? table('Per stage and rule: documents touched, lines and characters removed, edits, findings', ['rule', 'stage', 'documents', 'lines removed', 'chars removed', 'edits', 'findings'], ruleRows, new Set([2, 3, 4, 5, 6])) : '<p class="empty">No rule fired.</p>'}
<h2 id="languages">Languages</h2>
${table('Per language', ['language', ...groupHead], groupRows(summary.languages, 'language'), numeric)}
<h2 id="sites">Sites</h2>
${table('Per site (the host of the record URL, else the folder of the input file)', ['site', ...groupHead], groupRows(sites, 'site'), numeric)}
${moreSites}
<h2 id="rejected">Rejected inputs</h2>
${rejected.length ? table('Rejected inputs by error code', ['code', 'inputs'], rejected, new Set([1])) : '<p class="empty">No input was rejected.</p>'}`;
  return body;
}
