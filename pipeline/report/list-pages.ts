/** Pages that list documents (a seeded sample of a language, a site, a chart bar...) and rejected inputs. */
import type { RejectedRecord } from '../schemas.js';
import { documentFile, ruleFile } from './document-page.js';
import { esc, num, page, pct, slug, table } from './html.js';
import type { DocumentSummary, RuleExample, RuleRow } from './summary.js';

export function listFile(key: string): string {
  return `lists/${slug(key)}.html`;
}

export function rejectedFile(code: string): string {
  return `lists/rejected-${slug(code)}.html`;
}

/** Rows of documents, each linking to its page when it has one. */
export function documentTable(
  caption: string,
  docs: readonly DocumentSummary[],
  hasPage: (id: string) => boolean,
): string {
  const rows = docs.map((d) => [
    hasPage(d.id) ? `<a href="../${esc(documentFile(d.id))}">${esc(d.id)}</a>` : esc(d.id),
    `<code>${esc(d.sourcePath)}</code>`,
    esc(d.title ?? ''),
    esc(d.language),
    num(d.rawChars),
    num(d.keptChars),
    pct(d.keptChars, d.rawChars),
    num(d.removed),
    num(d.edits),
    num(d.findings),
  ]);
  return table(
    caption,
    [
      'document',
      'source path',
      'title',
      'language',
      'chars before',
      'chars after',
      'kept',
      'removed',
      'edits',
      'findings',
    ],
    rows,
    new Set([4, 5, 6, 7, 8, 9]),
  );
}

/** Sorted by source path then id, so a sample reads in file order. */
function byPath(a: DocumentSummary, b: DocumentSummary): number {
  return a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : a.id < b.id ? -1 : 1;
}

export function samplePage(
  title: string,
  sample: { readonly total: number; readonly items: readonly DocumentSummary[] },
  hasPage: (id: string) => boolean,
  seed: string,
): string {
  const shown = [...sample.items].sort(byPath);
  const note =
    shown.length < sample.total
      ? `<p>${num(shown.length)} of ${num(sample.total)} documents, a seeded sample (seed <code>${esc(seed)}</code>: the same output gives the same sample).</p>`
      : `<p>All ${num(sample.total)} documents.</p>`;
  return page({
    title,
    depth: 1,
    body: `${note}\n${documentTable(title, shown, hasPage)}`,
    trail: [[title, null]],
  });
}

/** One page of the full document list (when every document has a page). */
export function documentsPage(
  docs: readonly DocumentSummary[],
  pageNumber: number,
  pages: number,
  total: number,
): string {
  const nav =
    pages <= 1
      ? ''
      : `<nav aria-label="Pages of the document list"><p>Page ${num(pageNumber)} of ${num(pages)}: ${[
          pageNumber > 1 ? `<a href="documents-${pageNumber - 1}.html" rel="prev">previous</a>` : null,
          pageNumber < pages ? `<a href="documents-${pageNumber + 1}.html" rel="next">next</a>` : null,
        ]
          .filter((x) => x !== null)
          .join(' · ')}</p></nav>`;
  return page({
    title: 'Documents',
    depth: 1,
    body: `<p>${num(total)} documents in file order.</p>\n${nav}\n${documentTable('Documents', docs, () => true)}\n${nav}`,
    trail: [['Documents', null]],
  });
}

export function rejectedPage(
  code: string,
  sample: { readonly total: number; readonly items: readonly RejectedRecord[] },
  seed: string,
): string {
  const rows = [...sample.items]
    .sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0))
    .map((r) => {
      const where =
        r.record === null
          ? ''
          : [
              r.record.line === null ? null : `line ${num(r.record.line)}`,
              r.record.byteOffset === null ? null : `byte ${num(r.record.byteOffset)}`,
            ]
              .filter((x) => x !== null)
              .join(', ');
      return [`<code>${esc(r.sourcePath)}</code>`, esc(where), esc(r.reason)];
    });
  const note =
    rows.length < sample.total
      ? `<p>${num(rows.length)} of ${num(sample.total)} rejected inputs, a seeded sample (seed <code>${esc(seed)}</code>).</p>`
      : `<p>All ${num(sample.total)} rejected inputs with this code.</p>`;
  return page({
    title: `Rejected: ${code}`,
    depth: 1,
    body: `${note}\n${table(`Inputs rejected with code ${code}`, ['source path', 'record', 'reason'], rows)}`,
    trail: [[`Rejected: ${code}`, null]],
  });
}

export function rulePage(
  row: RuleRow,
  examples: { readonly total: number; readonly items: readonly RuleExample[] },
  documents: { readonly total: number; readonly items: readonly DocumentSummary[] },
  hasPage: (id: string) => boolean,
  seed: string,
): string {
  const items = [...examples.items].sort((a, b) =>
    a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : a.rawStart - b.rawStart,
  );
  const li = items.map((ex) => {
    const anchor =
      ex.kind === 'removed' ? `r${ex.index}` : ex.kind === 'edit' ? `e${ex.index}` : `f${ex.index}`;
    const where = hasPage(ex.docId)
      ? `<a href="../${esc(documentFile(ex.docId))}#${anchor}">${esc(ex.sourcePath)}</a>`
      : `<code>${esc(ex.sourcePath)}</code>`;
    const head = `${where} <span class="note">(${ex.kind}, raw ${num(ex.rawStart)}–${num(ex.rawEnd)})</span>`;
    if (ex.kind === 'removed')
      return `<li>${head}<blockquote class="removed"><span class="sr">removed: </span><s>${esc(ex.text)}</s></blockquote></li>`;
    if (ex.kind === 'edit') {
      const left = ex.context?.before ?? '';
      const right = ex.context?.after ?? '';
      return `<li>${head}<blockquote class="edit"><span class="sr">was </span><span class="mono">${esc(left)}<del>${esc(ex.text)}</del>${esc(right)}</span> <span class="arrow" aria-hidden="true">→</span><span class="sr">, now </span> <span class="mono">${esc(left)}<ins>${esc(ex.after ?? '')}</ins>${esc(right)}</span></blockquote></li>`;
    }
    return `<li>${head}<blockquote><mark class="finding">${esc(ex.text)}</mark></blockquote><p>${esc(ex.message ?? '')}</p></li>`;
  });
  const sampleNote =
    items.length < examples.total
      ? `${num(items.length)} of ${num(examples.total)} entries, a seeded sample (seed <code>${esc(seed)}</code>: the same output gives the same sample), in source order.`
      : `All ${num(examples.total)} entries, in source order.`;
  const facts = [
    ['Stage', `<code>${esc(row.stage)}</code>`],
    ['Rule', `<code>${esc(row.rule)}</code>`],
    ['Documents touched', num(row.documents)],
    ['Lines removed', num(row.removedLines)],
    ['Characters removed', num(row.removedChars)],
    ['Edits', num(row.edits)],
    ['Findings', num(row.findings)],
  ];
  const docs = [...documents.items].sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : 1));
  const body = `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<h2 id="examples">Examples</h2>
<p>${sampleNote}</p>
<ol class="examples">
${li.join('\n')}
</ol>
<h2 id="documents">Documents</h2>
<p>${docs.length < documents.total ? `${num(docs.length)} of ${num(documents.total)} documents this rule touched, a seeded sample.` : `All ${num(documents.total)} documents this rule touched.`}</p>
${documentTable(`Documents touched by ${row.stage}.${row.rule}`, docs, hasPage)}`;
  return page({
    title: `Rule ${row.stage}.${row.rule}`,
    depth: 1,
    body,
    trail: [[`${row.stage}.${row.rule}`, null]],
  });
}

export { ruleFile };
