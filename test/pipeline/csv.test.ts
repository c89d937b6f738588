/**
 * The CSV files read back to exactly the JSON Lines records (issue 13, items 2 and 3), by two independent
 * readers: Python's `csv` module and csv-parse. Inputs: the seeds in raw/ and adversarial text (bare LF and
 * CR inside fields, quotes, commas, control characters, emoji, formula-like cells, file names holding a
 * newline, a comma or a quote), and every page of the three dev sets in ../shared/eval. The expected cells are built here from the JSONL fields, column by column,
 * as the README documents them, not by the code under test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { evalDataDir } from '../../eval/data.js';
import { cli, type Json, readJsonl, tempDir } from '../cli.js';
import { RAW } from '../helpers.js';

const BODY =
  'The council met on Monday. It agreed the plan, after a long debate.\n\nA second paragraph ends here.';

/** Adversarial inputs: file name → text. */
const FILES: Record<string, string> = {
  'multi-line.txt': 'T\n\nNo comma here. It ends.\n\nSecond. Ends.\n',
  'lines-in-paragraph.txt':
    'Title line\n\nOne sentence runs\nacross a line break. Another\nsentence, with a comma.\n',
  'cr-only.txt': 'Old Mac title\r\rFirst paragraph. It has two sentences.\r\rSecond, with a comma.\r',
  'quotes.txt': `"Quoted" title, with a comma\n\nShe said "no, never" and left. He said ""twice"".\n\n${BODY}`,
  'controls.txt': `Bell \u0007 title\n\nA line with a vertical tab \u000b and a form feed \u000c inside. It ends.\n\n${BODY}`,
  'emoji.txt': `Flags 🇧🇾 and family 👨‍👩‍👧\n\nThe crowd cheered 🎉, then left. Über straße.\n\n${BODY}`,
  'formula-title.txt': `=HYPERLINK("http://x","click")\n\n${BODY}`,
  'plus.txt': `+1 for the plan\n\n${BODY}`,
  'minus.txt': `-5 degrees in Minsk\n\n-10 tonight, forecasters said. It will be cold.\n\n${BODY}`,
  'at.txt': `@council replies\n\n@mayor said the vote was fair. Nobody agreed.\n\n${BODY}`,
  'apostrophe.txt': `'=already quoted'\n\n'Tis the season, he said. Everyone laughed.\n\n${BODY}`,
  'a\nnewline in the name.txt': `Newline file\n\n${BODY}`,
  'comma, in the name.txt': `Comma file\n\n${BODY}`,
  'quote " in the name.txt': `Quote file\n\n${BODY}`,
  '=cmd|calc.txt': `Formula file name\n\n${BODY}`,
};

const JSONL_TEXTS = [
  `Tab\tinside a title\n\n${BODY}`,
  `\tTab first\n\nA paragraph. It ends.\n\n${BODY}`,
  `CRLF title\r\n\r\nA paragraph with\r\na CRLF inside. It ends.\r\n\r\n${BODY}`,
  `Mixed\r\n\nA paragraph with a bare CR\rin it. It ends.\n\n${BODY}`,
  `Line separator\u2028title\n\nParagraph\u2029separator. It ends.\n\n${BODY}`,
];

/** A cell as the README says it is written: null empty, numbers in decimal, arrays and objects as JSON. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function expectedDocumentRow(d: Json): string[] {
  const p = d.provenance as Json;
  const n = (key: string) => (d[key] as unknown[]).length;
  return [
    d.id,
    p.sourcePath,
    p.sourceSha256,
    p.pipelineVersion,
    p.codeFingerprint,
    p.configHash,
    d.language,
    d.languageConfidence,
    d.title,
    d.section,
    d.standfirst,
    d.byline,
    d.published,
    d.credits,
    d.text,
    n('paragraphs'),
    d.sentenceCount,
    n('edits'),
    n('removed'),
    n('findings'),
    d.edits,
    d.removed,
    d.findings,
  ].map(cell);
}

function expectedSentenceRow(s: Json): string[] {
  const p = s.provenance as Json;
  return [
    s.docId,
    s.index,
    s.paragraph,
    s.rawStart,
    s.rawEnd,
    s.text,
    p.sourcePath,
    p.sourceSha256,
    p.pipelineVersion,
    p.codeFingerprint,
    p.configHash,
  ].map(cell);
}

/**
 * The dataset card's rule for formula-like cells: one `'` was put in front of a cell that starts (after any
 * single quotes) with = + - @ tab or CR; take it off again.
 */
const restore = (value: string): string => (/^''*[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

function pythonRows(path: string): string[][] {
  const script =
    'import csv, json, sys\n' +
    // The logs of a long page make cells larger than Python's default limit of 128 KiB (README says so).
    'csv.field_size_limit(sys.maxsize)\n' +
    'with open(sys.argv[1], newline="", encoding="utf-8") as f:\n' +
    '    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n';
  const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 csv failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[][];
}

const csvParseRows = (path: string): string[][] =>
  parse(readFileSync(path, 'utf8'), { relax_column_count: false }) as string[][];

/** One test per file and reader: one row per record, every cell equal to the JSONL field. */
function readsBack(out: string, minDocuments: number): void {
  const files = [['documents', expectedDocumentRow] as const, ['sentences', expectedSentenceRow] as const];
  for (const [name, expectedRow] of files) {
    for (const [reader, read] of [
      ['python csv', pythonRows],
      ['csv-parse', csvParseRows],
    ] as const) {
      test(`${name}.csv by ${reader}: one row per record, every cell equal to the JSONL field`, () => {
        const records = readJsonl(join(out, `${name}.jsonl`));
        const rows = read(join(out, `${name}.csv`));
        const [, ...data] = rows;
        expect(records.length).toBeGreaterThanOrEqual(name === 'documents' ? minDocuments : 4 * minDocuments);
        expect(data).toHaveLength(records.length);
        for (const [i, record] of records.entries())
          expect(data[i]!.map(restore)).toEqual(expectedRow(record));
      });
    }
  }
}

describe('CSV reads back to the JSON Lines records', () => {
  const dir = tempDir('newsclean-csv-');
  const input = join(dir, 'in');
  const out = join(dir, 'out');

  beforeAll(() => {
    cpSync(RAW, input, { recursive: true });
    mkdirSync(join(input, 'hostile'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(input, 'hostile', name), text);
    writeFileSync(
      join(input, 'hostile', 'records.jsonl'),
      JSONL_TEXTS.map((text, i) => `${JSON.stringify({ id: `r${i}`, text })}\n`).join(''),
    );
    const r = cli(['run', '--in', input, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  readsBack(out, 25);

  test('no CSV cell starts like a formula; the JSONL keeps the exact text', () => {
    for (const name of ['documents', 'sentences']) {
      const cells = pythonRows(join(out, `${name}.csv`)).flat();
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    }
    const documents = readJsonl(join(out, 'documents.jsonl'));
    const byPath = (path: string) =>
      documents.find((d) => (d.provenance as Json).sourcePath === `hostile/${path}`)!;
    const rows = pythonRows(join(out, 'documents.csv'));
    const title = rows[0]!.indexOf('title');
    const row = (path: string) =>
      rows.find((r) => r[1] === `hostile/${path}` || r[1] === `'hostile/${path}`)!;
    expect(byPath('formula-title.txt').title).toBe('=HYPERLINK("http://x","click")');
    expect(row('formula-title.txt')[title]).toBe(`'=HYPERLINK("http://x","click")`);
    expect(row('plus.txt')[title]).toBe("'+1 for the plan");
    expect(row('at.txt')[title]).toBe("'@council replies");
    // A text that starts with a quote and a formula character gets one more quote, so the rule is reversible.
    expect(byPath('apostrophe.txt').title).toBe("'=already quoted'");
    expect(row('apostrophe.txt')[title]).toBe("''=already quoted'");
    // An ordinary leading apostrophe is left alone.
    expect(rows.flat().some((c) => c.startsWith("'Tis the season"))).toBe(true);
    // A neutralised cell is quoted in the file itself, as the README says (not only read back right).
    const raw = readFileSync(join(out, 'documents.csv'), 'utf8');
    expect(raw).toContain(`,"'+1 for the plan",`);
    expect(raw).toContain(`,"''=already quoted'",`);
    // The dataset card written with the data says how to undo it.
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain("^'+[=+\\-@\\t\\r]");
    // Numbers are not text: a sentence's offsets are plain digits.
    const paragraphCount = rows[0]!.indexOf('paragraph_count');
    expect(rows.slice(1).every((r) => /^\d+$/.test(r[paragraphCount]!))).toBe(true);
  });

  test('every document of the hostile inputs is there (nothing rejected)', () => {
    const records = readJsonl(join(out, 'documents.jsonl'));
    expect(records).toHaveLength(5 + Object.keys(FILES).length + JSONL_TEXTS.length);
    expect(readFileSync(join(out, 'rejected.jsonl'), 'utf8')).toBe('');
  });
});

describe('CSV reads back to the JSON Lines records on every dev page (three eval sets)', () => {
  const dir = tempDir('newsclean-csv-dev-');
  const input = join(dir, 'in');
  const out = join(dir, 'out');
  let pages = 0;

  beforeAll(() => {
    // Copied, not linked: links inside --in are not followed. The copies live in a temporary folder only.
    for (const set of ['extraction-dev', 'readability-pages', 'snippets-dev']) {
      const from = join(evalDataDir(), set);
      mkdirSync(join(input, set), { recursive: true });
      for (const name of readdirSync(from).filter((n) => n.endsWith('.raw.txt'))) {
        cpSync(join(from, name), join(input, set, name.replace(/\.raw\.txt$/, '.txt')));
        pages++;
      }
    }
    const r = cli(['run', '--in', input, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(pages).toBeGreaterThan(600);
  }, 120_000);

  readsBack(out, 600);
});
