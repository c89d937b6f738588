/**
 * HTML building blocks of the report: escaping, numbers, the page frame and the one stylesheet. Pages are
 * strings built from plain data; nothing here reads the clock or the environment, so the same data gives
 * the same bytes.
 */

const SPECIAL = /[&<>"']/;

/** Text or an attribute value, escaped. Text without a special character (most of it) is returned as is. */
export function esc(text: string): string {
  const first = text.search(SPECIAL);
  if (first < 0) return text;
  let out = text.slice(0, first);
  let from = first;
  for (let i = first; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38:
        entity = '&amp;';
        break;
      case 60:
        entity = '&lt;';
        break;
      case 62:
        entity = '&gt;';
        break;
      case 34:
        entity = '&quot;';
        break;
      case 39:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    out += text.slice(from, i) + entity;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Largest scratch buffer `utf8` keeps between pages (bytes); a larger page gets one of its own. */
const SCRATCH_KEPT = 4 << 20;
let scratch = Buffer.alloc(0);

/**
 * The UTF-8 bytes of `pieces` joined, without joining them: each piece is encoded into a scratch buffer (at most
 * 3 bytes per UTF-16 unit) and the bytes are copied out once. Joining a page's pieces first builds a flat
 * two-byte string of the whole page, which is then read again to encode it. A piece that ends in a high
 * surrogate could be the first half of a pair the next piece ends (a malformed record's lone surrogates): the
 * page is then joined first, so its bytes are those of the joined string in every case.
 */
export function utf8(pieces: readonly string[]): Buffer {
  let units = 0;
  for (const piece of pieces) {
    units += piece.length;
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) return Buffer.from(pieces.join(''), 'utf8');
  }
  const room = units * 3;
  let buffer = scratch;
  if (buffer.length < room) {
    buffer = Buffer.allocUnsafe(room);
    if (room <= SCRATCH_KEPT) scratch = buffer;
  }
  let at = 0;
  for (const piece of pieces) at += buffer.write(piece, at);
  // A copy: the scratch buffer is written again by the next page while this one is being written to disk.
  return Buffer.from(buffer.subarray(0, at));
}

/** 000 to 999, the groups after a thousands comma. */
const GROUPS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** A whole number with thousands separated by commas (not toLocaleString: its output depends on the machine). */
export function num(n: number): string {
  const whole = Math.abs(Math.round(n));
  const sign = n < 0 && whole !== 0 ? '-' : '';
  if (whole < 1000) return sign + String(whole);
  // A document page prints two offsets a logged line: the groups are read from a table, not sliced from digits.
  if (whole < 1e15) {
    let out = GROUPS[whole % 1000]!;
    let rest = Math.floor(whole / 1000);
    for (; rest >= 1000; rest = Math.floor(rest / 1000)) out = `${GROUPS[rest % 1000]!},${out}`;
    return `${sign}${rest},${out}`;
  }
  const digits = String(whole);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return sign + out;
}

/** A share as a percentage with one decimal. */
export function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** A number that links to its examples (plain text when it is zero or has none). */
export function numLink(n: number, href: string | null, label: string): string {
  if (n === 0 || href === null) return num(n);
  return `<a href="${esc(href)}" aria-label="${esc(`${num(n)} ${label}: examples`)}">${num(n)}</a>`;
}

/** File-name-safe form of a key (a rule, a language, a site); stable, and distinct for distinct keys. */
export function slug(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  if (safe === key) return key;
  // Different keys can map to the same safe form: a short hash of the key tells them apart.
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return `${safe}-${(h >>> 0).toString(16)}`;
}

export interface PageOptions {
  readonly title: string;
  /** How many folders below report/ the page sits (0 for index.html): links to shared files go up that far. */
  readonly depth: number;
  readonly body: string;
  /** Breadcrumbs after "Overview": [label, href] pairs, the last one the page itself (no href). */
  readonly trail?: ReadonlyArray<readonly [string, string | null]>;
}

export function page(options: PageOptions): string {
  return pageHead(options) + options.body + PAGE_TAIL;
}

/** A page's frame up to its body (what `page` writes before it). */
export function pageHead(options: Omit<PageOptions, 'body'>): string {
  const up = '../'.repeat(options.depth);
  const trail = [['Overview', `${up}index.html`] as const, ...(options.trail ?? [])];
  const crumbs = trail
    .map(([label, href], i) =>
      href === null || i === trail.length - 1
        ? `<li><span aria-current="page">${esc(label)}</span></li>`
        : `<li><a href="${esc(href)}">${esc(label)}</a></li>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · newsclean report</title>
<link rel="stylesheet" href="${up}style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<nav aria-label="Breadcrumbs"><ol class="crumbs">${crumbs}</ol></nav>
</header>
<main id="main" tabindex="-1">
<h1>${esc(options.title)}</h1>
`;
}

/** A page's frame after its body. */
export const PAGE_TAIL = `
</main>
<footer><p>newsclean audit report: static files, no network. Built from the output folder's dataset files.</p></footer>
</body>
</html>
`;

/** A table with a caption and header cells; `cells` are HTML already. Numeric columns are right-aligned. */
export function table(
  caption: string,
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: ReadonlySet<number> = new Set(),
): string {
  const out: string[] = [];
  tableInto(out, caption, head, rows, numeric);
  return out.join('');
}

/**
 * `table`, its pieces appended to `out`. A large page is built as one array of pieces joined once: appending
 * to a string instead builds a rope of as many nodes, which costs more to build, to collect, and to copy
 * flat again when the page is written.
 */
export function tableInto(
  out: string[],
  caption: string,
  head: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: ReadonlySet<number> = new Set(),
): void {
  const th = head
    .map((h, i) => `<th scope="col"${numeric.has(i) ? ' class="n"' : ''}>${esc(h)}</th>`)
    .join('');
  const open = head.map((_, i) =>
    i === 0 ? '<th scope="row">' : numeric.has(i) ? '<td class="n">' : '<td>',
  );
  out.push(`<div class="scroll" role="region" aria-label="${esc(caption)}" tabindex="0"><table>
<caption>${esc(caption)}</caption>
<thead><tr>${th}</tr></thead>
<tbody>
`);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    // A row is one piece: what costs is the number of pieces, more than their length.
    let tr = r === 0 ? '<tr>' : '\n<tr>';
    for (let i = 0; i < row.length; i++)
      tr += `${open[i] ?? (i === 0 ? '<th scope="row">' : numeric.has(i) ? '<td class="n">' : '<td>')}${row[i]}${i === 0 ? '</th>' : '</td>'}`;
    out.push(`${tr}</tr>`);
  }
  out.push('\n</tbody>\n</table></div>');
}

/**
 * The stylesheet. Removed text is struck through AND labelled with its rule; edits show both sides with
 * words (an arrow and "was"/"now" for screen readers), so nothing depends on colour alone. Colours keep a
 * contrast of at least 4.5:1 on their backgrounds.
 */
export const STYLE = `:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --link: #0b4f9c;
  --del-bg: #fde8e8; --del-ink: #7a1010; --ins-bg: #e3f4e6; --ins-ink: #0d4d1c; --find-bg: #fff2c2; --meta-bg: #e6eefb; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
footer { color: var(--muted); font-size: 0.875rem; border-top: 1px solid var(--line); margin-top: 2rem; }
a { color: var(--link); text-decoration: underline; }
a:focus-visible, [tabindex]:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #c25e00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem; }
.skip:focus { left: 0.5rem; }
.crumbs { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; padding: 0.75rem 0 0; margin: 0; font-size: 0.9rem; }
.crumbs li + li::before { content: "›"; margin-right: 0.25rem; color: var(--muted); }
h1 { font-size: 1.6rem; margin: 0.75rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.scroll { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th[scope="row"] { font-weight: normal; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-size: 0.9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.9em; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; }
figcaption { font-weight: 600; font-size: 0.95rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1b1b1b; }
svg a:focus-visible rect { stroke: #c25e00; stroke-width: 3; }
.raw { border: 1px solid var(--line); padding: 0.75rem; }
.raw p { margin: 0 0 0.35rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.raw p.para-gap { margin-top: 0.9rem; }
.removed { background: var(--del-bg); color: var(--del-ink); }
.removed s { text-decoration-thickness: 2px; }
.label { display: inline-block; font: 600 0.75rem/1.4 system-ui, sans-serif; border: 1px solid currentColor; border-radius: 3px; padding: 0 0.3rem; margin-left: 0.4rem; white-space: nowrap; text-decoration: none; }
.removed .label { color: var(--del-ink); }
.moved { background: var(--meta-bg); }
.edit del { background: var(--del-bg); color: var(--del-ink); }
.edit ins { background: var(--ins-bg); color: var(--ins-ink); text-decoration: none; border-bottom: 2px solid var(--ins-ink); }
.edit .arrow { color: var(--muted); }
.edit .label { color: var(--ins-ink); }
mark.finding { background: var(--find-bg); color: inherit; }
.flag { font: 600 0.75rem system-ui, sans-serif; color: #5c4400; background: var(--find-bg); border: 1px solid #5c4400; border-radius: 3px; padding: 0 0.25rem; }
.sb { display: none; font: 600 0.75rem system-ui, sans-serif; color: #3b2a78; border: 1px solid #3b2a78; border-radius: 3px; padding: 0 0.2rem; margin-right: 0.15rem; }
body:has(#show-sentences:checked) .sb { display: inline; }
.toggle { margin: 0.5rem 0; }
.empty { color: var(--muted); font-style: italic; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
ol.examples { padding-left: 1.5rem; }
ol.examples li { margin-bottom: 0.75rem; }
ol.examples blockquote { margin: 0.25rem 0; padding: 0.25rem 0.5rem; border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
`;
