/** The document view: the raw text with each removed line struck and labelled, each edit before → after. */
import { esc, num, PAGE_TAIL, pageHead, slug, tableInto } from './html.js';
import type { Part, Piece, ReportDocument, SentenceSpan } from './pieces.js';
import { documentPieces } from './pieces.js';

export interface DocumentPageInput {
  readonly doc: ReportDocument;
  /** Its sentences' spans from sentences.jsonl; null when the output holds no sentences file. */
  readonly sentences: readonly SentenceSpan[] | null;
  /** 1-based line of the record in documents.jsonl. */
  readonly line: number;
  /** The name of the documents file the record is in (`documents.jsonl`, `documents.jsonl.gz`...). */
  readonly file: string;
  /** What `line` counts: lines of JSON Lines (the default) or rows of Parquet. */
  readonly position?: 'line' | 'row';
  readonly site: string;
}

export function documentFile(id: string): string {
  return `docs/${slug(id)}.html`;
}

export function ruleFile(stage: string, rule: string): string {
  return `rules/${slug(`${stage}.${rule}`)}.html`;
}

const ruleHref = (stage: string, rule: string) => `../${ruleFile(stage, rule)}`;

function ruleLabel(stage: string, rule: string, extra = ''): string {
  return `<a class="label" href="${esc(ruleHref(stage, rule))}" title="stage ${esc(stage)}">${esc(rule)}${extra}</a>`;
}

function renderPart(doc: ReportDocument, part: Part): string {
  switch (part.kind) {
    case 'text': {
      if (part.finding === null) return esc(part.text);
      // Marked, and labelled where the finding's span ends: a finding is never told by colour alone.
      const finding = doc.findings[part.finding]!;
      const ends = part.rawStart + Array.from(part.text).length === finding.rawEnd;
      const flag = ends ? `<a class="flag" href="#f${part.finding}">finding: ${esc(finding.rule)}</a>` : '';
      return `<mark class="finding">${esc(part.text)}</mark>${flag}`;
    }
    case 'sentence':
      return `<span class="sb" title="sentence ${part.index + 1} starts">s${part.index + 1}</span>`;
    case 'finding': {
      const finding = doc.findings[part.index]!;
      return `<a class="flag" href="#f${part.index}">finding: ${esc(finding.rule)}</a>`;
    }
    case 'edit': {
      const { edit } = part;
      const before = edit.before === '' ? '<span class="sr">nothing</span>' : esc(visible(edit.before));
      const after = edit.after === '' ? '<span class="sr">nothing</span>' : esc(visible(edit.after));
      return `<span class="edit" id="e${part.index}"><span class="sr">edit, was </span><del>${before}</del><span class="arrow" aria-hidden="true">→</span><span class="sr">, now </span><ins>${after}</ins>${ruleLabel(edit.stage, edit.rule)}</span>`;
    }
  }
}

/** White space made visible where it is the whole of an edit's side (" " → "␣"), so a spacing fix shows. */
function visible(text: string): string {
  return /^\s+$/u.test(text) ? text.replace(/ /g, '␣').replace(/\n/g, '↵') : text;
}

/** What a removed line's paragraph holds around its text: the same for every line of one rule and field. */
interface RemovedMarkup {
  /** Class names after `removed`. */
  readonly cls: string;
  /** Up to the struck text. */
  readonly open: string;
  /** From the end of the struck text to its rule's label. */
  readonly close: string;
}

function removedMarkup(stage: string, rule: string, field: string | null): RemovedMarkup {
  const moved = field === null ? '' : ` → ${field}`;
  const what = field === null ? 'removed' : `moved to ${field}`;
  return {
    cls: field === null ? '' : ' moved',
    open: `<span class="sr">${what} by rule ${esc(rule)}: </span><s>`,
    close: `</s>${ruleLabel(stage, rule, moved)}`,
  };
}

/** A kept paragraph or a removed line: one piece of the page (see tableInto). */
function renderPiece(
  doc: ReportDocument,
  piece: Piece,
  paragraphGap: boolean,
  removedText: (index: number) => string,
  markup: (stage: string, rule: string, field: string | null) => RemovedMarkup,
): string {
  const cls = paragraphGap ? ' para-gap' : '';
  if (piece.kind === 'kept') {
    let parts = '';
    for (const part of piece.parts) parts += renderPart(doc, part);
    return `<p id="p${piece.paragraph}" class="kept${cls}">${parts}</p>`;
  }
  if (piece.kind === 'removed') {
    const { removal, field } = piece;
    let flags = '';
    for (const i of piece.findings)
      flags += ` <a class="flag" href="#f${i}">finding: ${esc(doc.findings[i]!.rule)}</a>`;
    const m = markup(removal.stage, removal.rule, field);
    return `<p id="r${piece.index}" class="removed${m.cls}${cls}">${m.open}${removedText(piece.index)}${m.close}${flags}</p>`;
  }
  return '';
}

function metadataRows(doc: ReportDocument): string[][] {
  // The removed lines each metadata rule took, and the photo captions, in one pass over the log.
  const links = new Map<string, string[]>();
  const link = (key: string, html: string) => {
    const list = links.get(key);
    if (list) list.push(html);
    else links.set(key, [html]);
  };
  doc.removed.forEach((r, i) => {
    if (r.stage === 'metadata') link(r.rule, `<a href="#r${i}">line</a>`);
    if (r.rule === 'photo-caption') link('\u0000caption', `<a href="#r${i}">caption</a>`);
  });
  const from = (rule: string) => (links.get(rule) ?? []).join(', ');
  const value = (v: string | null | readonly string[]) =>
    v === null || (Array.isArray(v) && v.length === 0)
      ? '<span class="empty">none</span>'
      : Array.isArray(v)
        ? v.map((s) => esc(s)).join('<br>')
        : esc(v as string);
  const captions = from('\u0000caption');
  return [
    ['title', value(doc.title), from('title')],
    ['section', value(doc.section), from('title')],
    ['standfirst', value(doc.standfirst), from('standfirst')],
    ['byline', value(doc.byline), from('byline')],
    ['published', value(doc.published), from('dateline')],
    ['credits', value(doc.credits), captions],
  ];
}

function contextOf(doc: ReportDocument, index: number, parts: ReadonlyMap<number, readonly Part[]>): string {
  // The edit with a few words around it, from the rebuilt paragraph: "said. AAt least" → "said. At least".
  const edit = doc.edits[index]!;
  const inPara = parts.get(index);
  if (!inPara) return `${esc(edit.before)} → ${esc(edit.after)}`;
  let left = '';
  let right = '';
  let seen = false;
  for (const part of inPara) {
    const raw = part.kind === 'text' ? part.text : part.kind === 'edit' ? part.edit.after : '';
    if (part.kind === 'edit' && part.index === index) seen = true;
    else if (!seen) left += raw;
    else right += raw;
  }
  left = [...left]
    .slice(-24)
    .join('')
    .replace(/^\S*\s(?=\S)/u, '');
  right = [...right]
    .slice(0, 24)
    .join('')
    .replace(/\s\S*$/u, '');
  const beforeText = `${left}${edit.before}${right}`;
  const afterText = `${left}${edit.after}${right}`;
  return `<span class="mono">${esc(beforeText)}</span> → <span class="mono">${esc(afterText)}</span>`;
}

export function documentPage(input: DocumentPageInput): string {
  return documentPagePieces(input).join('');
}

/** The document page as pieces in order, to be joined (`documentPage`) or encoded (`utf8` in html.ts). */
export function documentPagePieces(input: DocumentPageInput): string[] {
  const { doc } = input;
  // The page's pieces, joined once at the end (see tableInto).
  const out: string[] = [
    pageHead({
      title: doc.title ?? doc.id,
      depth: 1,
      trail: [
        ['Documents', '../lists/documents-1.html'],
        [doc.id, null],
      ],
    }),
  ];
  const p = doc.provenance;
  const record = p.record;
  const facts: Array<[string, string]> = [
    [
      'Record',
      `id <code>${esc(doc.id)}</code>, ${input.position ?? 'line'} ${num(input.line)} of <code>${esc(input.file)}</code>`,
    ],
    ['Source path', `<code>${esc(p.sourcePath)}</code>`],
  ];
  if (record !== null) {
    const where = [
      record.line === null ? null : `line ${num(record.line)}`,
      record.byteOffset === null ? null : `byte ${num(record.byteOffset)}`,
      record.id === null ? null : `id ${record.id}`,
      record.url === null ? null : record.url,
    ].filter((x): x is string => x !== null);
    facts.push(['Record in source', esc(where.join(', '))]);
  }
  facts.push(
    ['Site', esc(input.site)],
    ['Language', `${esc(doc.language)} (confidence ${doc.languageConfidence.toFixed(2)})`],
    [
      'Decoding',
      `${esc(doc.decoding.encoding)}${doc.decoding.bom ? ', BOM' : ''}, line endings ${esc(doc.decoding.lineEndings)}`,
    ],
    ['Source sha256', `<code>${esc(p.sourceSha256)}</code> (${num(p.sourceBytes)} bytes)`],
    [
      'Produced by',
      `newsclean ${esc(p.pipelineVersion)}, code <code>${esc(p.codeFingerprint)}</code>, config <code>${esc(p.configHash)}</code>`,
    ],
    [
      'Changes',
      `<a href="#removed">${num(doc.removed.length)} removed lines</a>, <a href="#edits">${num(doc.edits.length)} edits</a>, <a href="#findings">${num(doc.findings.length)} findings</a>, ${num(doc.paragraphs.length)} paragraphs and ${num(doc.sentenceCount)} sentences kept`,
    ],
  );
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<h2 id="metadata-h">Metadata</h2>
`);
  tableInto(
    out,
    'Metadata fields and the lines they came from',
    ['field', 'value', 'from'],
    metadataRows(doc),
  );
  const sentencesNote =
    input.sentences === null
      ? '<p class="note">This output holds no sentences.jsonl, so sentence boundaries cannot be shown.</p>'
      : `<p class="toggle"><input type="checkbox" id="show-sentences"> <label for="show-sentences">Show sentence boundaries (${num(input.sentences.length)} sentences, each start marked s1, s2…)</label></p>`;
  out.push(`
<h2 id="raw-h">Raw text</h2>
<p class="note">Kept paragraphs as in the raw text, each edit shown as <del>before</del> → <ins>after</ins> with its rule; removed lines struck through and labelled with their rule (“→ title” when the line moved to a metadata field). The white space between lines is not stored in the dataset and is shown as line breaks.</p>
${sentencesNote}
<div class="raw"${doc.language === 'und' ? '' : ` lang="${esc(doc.language)}"`}>
`);

  // The raw text: kept paragraphs and removed lines in raw order, one a line.
  const pieces = documentPieces(doc, input.sentences ?? []);
  const paragraphGap = doc.decoding.lineEndings === 'crlf' ? 4 : 2;
  // Each edit's paragraph (its parts), for the edits table's context.
  const partsOfEdit = new Map<number, readonly Part[]>();
  // A removed line's text escaped once: the raw text and the removed lines' table both show it.
  const escapedRemoved = new Array<string | undefined>(doc.removed.length);
  const removedText = (index: number): string => {
    let html = escapedRemoved[index];
    if (html === undefined) {
      html = esc(doc.removed[index]!.text);
      escapedRemoved[index] = html;
    }
    return html;
  };
  // One rule's markup is built once per page, not once per line it removed; found by stage, then rule (a
  // removed line's field follows from its stage and rule), without building a key string per line.
  const markups = new Map<string, Map<string, RemovedMarkup>>();
  const markup = (stage: string, rule: string, field: string | null): RemovedMarkup => {
    let byRule = markups.get(stage);
    if (byRule === undefined) {
      byRule = new Map();
      markups.set(stage, byRule);
    }
    let found = byRule.get(rule);
    if (found === undefined) {
      found = removedMarkup(stage, rule, field);
      byRule.set(rule, found);
    }
    return found;
  };
  let gapBefore = false;
  let first = true;
  for (const piece of pieces) {
    if (piece.kind === 'gap') {
      gapBefore = piece.length >= paragraphGap;
      continue;
    }
    if (piece.kind === 'kept')
      for (const part of piece.parts)
        if (part.kind === 'edit' && !partsOfEdit.has(part.index)) partsOfEdit.set(part.index, piece.parts);
    const html = renderPiece(doc, piece, gapBefore, removedText, markup);
    out.push(first ? html : `\n${html}`);
    first = false;
    gapBefore = false;
  }

  const numeric = new Set([2]);
  out.push(`
</div>
<h2 id="removed">Removed lines (${num(doc.removed.length)})</h2>
`);
  if (doc.removed.length === 0) out.push('<p class="empty">None.</p>');
  else
    tableInto(
      out,
      'Removed lines, in raw order of the log',
      ['rule', 'stage', 'raw offsets', 'text'],
      doc.removed.map((r, i) => [
        `<a href="#r${i}">${esc(r.rule)}</a>`,
        esc(r.stage),
        `${num(r.rawStart)}–${num(r.rawEnd)}`,
        `<s>${r.text.length > 300 ? esc(`${r.text.slice(0, 300)}…`) : removedText(i)}</s>`,
      ]),
      numeric,
    );
  out.push(`
<h2 id="edits">Edits (${num(doc.edits.length)})</h2>
`);
  if (doc.edits.length === 0) out.push('<p class="empty">None.</p>');
  else
    tableInto(
      out,
      'Edits: raw text with a little context, before → after',
      ['rule', 'stage', 'raw offsets', 'before → after'],
      doc.edits.map((e, i) => [
        `<a href="#e${i}">${esc(e.rule)}</a>`,
        esc(e.stage),
        `${num(e.rawStart)}–${num(e.rawEnd)}`,
        contextOf(doc, i, partsOfEdit),
      ]),
      numeric,
    );
  out.push(`
<h2 id="findings">Findings (${num(doc.findings.length)})</h2>
`);
  if (doc.findings.length === 0) out.push('<p class="empty">None.</p>');
  else
    tableInto(
      out,
      'Findings: left unchanged, reported',
      ['rule', 'stage', 'raw offsets', 'text', 'message'],
      doc.findings.map((f, i) => [
        `<span id="f${i}">${esc(f.rule)}</span>`,
        esc(f.stage),
        `${num(f.rawStart)}–${num(f.rawEnd)}`,
        `<span class="mono">${esc(f.text.length > 300 ? `${f.text.slice(0, 300)}…` : f.text)}</span>`,
        esc(f.message),
      ]),
      numeric,
    );
  out.push(PAGE_TAIL);
  return out;
}
