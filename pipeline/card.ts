/**
 * The dataset card every run writes as out/README.md: YAML front matter in the Hugging Face Hub's format
 * (one config per record type with its data file and features, the license left for the user, a size
 * category, the languages found), then the card for people. `datasets.load_dataset(out)` reads the front
 * matter to find the files. Nothing in it changes from run to run on the same input and options.
 */
import { jsonSchemaOf } from './schemas.js';
import type { DatasetWriter } from './writers/index.js';
import { recordSchemas } from './writers/lean-schemas.js';
import type { OutputOptions } from './writers/options.js';

/** The part of a JSON Schema that records use. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
}

function nonNull(schema: JsonSchema): JsonSchema {
  if (schema.anyOf) return schema.anyOf.find((s) => s.type !== 'null') ?? {};
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.find((t) => t !== 'null') };
  return schema;
}

const DTYPES: Record<string, string> = {
  string: 'string',
  integer: 'int64',
  number: 'float64',
  boolean: 'bool',
};

/** A Hugging Face `features` entry for one field, as YAML lines at the given indent. */
function feature(name: string | null, given: JsonSchema, indent: string): string[] {
  const schema = nonNull(given);
  const head = name === null ? [] : [`${indent}- name: ${name}`];
  const inner = name === null ? indent : `${indent}  `;
  if (schema.type === 'object') {
    const fields = Object.entries(schema.properties ?? {}).flatMap(([key, value]) =>
      feature(key, value, `${inner}`),
    );
    return [...head, `${inner}struct:`, ...fields];
  }
  if (schema.type === 'array') {
    const item = nonNull(schema.items ?? {});
    if (item.type === 'object') {
      const fields = Object.entries(item.properties ?? {}).flatMap(([key, value]) =>
        feature(key, value, inner),
      );
      return [...head, `${inner}list:`, ...fields];
    }
    return [...head, `${inner}sequence: ${DTYPES[String(item.type)] ?? 'string'}`];
  }
  return [...head, `${inner}dtype: ${DTYPES[String(schema.type)] ?? 'string'}`];
}

/** The Hub's size categories, by number of documents. */
export function sizeCategory(n: number): string {
  const bounds: ReadonlyArray<readonly [number, string]> = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
    [1e9, '100M<n<1B'],
  ];
  return bounds.find(([limit]) => n < limit)?.[1] ?? 'n>1B';
}

/** The file `datasets` should load for a record type: Parquet, else JSON Lines, else CSV (flat, less typed). */
const PREFERENCE = ['parquet', 'json', 'csv'];

export interface CardFacts {
  readonly documents: number;
  /** ISO 639-1 codes found, most documents first ('und' left out). */
  readonly languages: readonly string[];
}

export function datasetCard(
  writers: readonly DatasetWriter[],
  output: OutputOptions,
  facts: CardFacts,
): string {
  const schemas = recordSchemas(output.lean);
  const lines = [
    '---',
    'pretty_name: newsclean output',
    'license: other # set the license of your sources here',
  ];
  if (facts.languages.length) lines.push('language:', ...facts.languages.map((code) => `- ${code}`));
  lines.push(
    'size_categories:',
    `- ${sizeCategory(facts.documents)}`,
    'task_categories:',
    '- text-generation',
  );
  lines.push('tags:', '- newsclean', '- news');
  const chosen = (['documents', 'sentences'] as const).flatMap((holds) => {
    const candidates = writers.filter((writer) => writer.holds === holds);
    const best = [...candidates].sort(
      (a, b) => PREFERENCE.indexOf(a.format) - PREFERENCE.indexOf(b.format),
    )[0];
    return best ? [{ holds, writer: best }] : [];
  });
  lines.push('configs:');
  for (const [i, { holds, writer }] of chosen.entries()) {
    lines.push(`- config_name: ${holds}`, '  data_files:', '  - split: train', `    path: ${writer.file}`);
    if (i === 0) lines.push('  default: true');
  }
  const typed = chosen.filter(({ writer }) => writer.format !== 'csv');
  if (typed.length) {
    lines.push('dataset_info:');
    for (const { holds } of typed) {
      const json = jsonSchemaOf(holds === 'documents' ? schemas.document : schemas.sentence) as JsonSchema;
      lines.push(`- config_name: ${holds}`, '  features:');
      for (const [name, schema] of Object.entries(json.properties ?? {}))
        lines.push(...feature(name, schema, '  '));
    }
  }
  lines.push('---', '');
  return `${lines.join('\n')}\n${humanCard(writers, output)}`;
}

/** The card for people: what the folder is, which files hold what, and how the options shaped them. */
function humanCard(writers: readonly DatasetWriter[], output: OutputOptions): string {
  const files = writers.map((writer) => `\`${writer.file}\``).join(', ');
  const lean: string[] = [];
  if (output.lean.includes('sentences'))
    lean.push(
      'Sentences carry no `provenance` (run with `--lean sentences`): join them to their document on `docId` = `id`, whose `provenance` is the same for all its sentences.',
    );
  if (output.lean.includes('paragraphs'))
    lean.push(
      "Paragraphs carry no `text` (run with `--lean paragraphs`): paragraph `i`'s text is `text[textStart:textEnd]` of its document (code points), the same string the full record holds.",
    );
  return `# newsclean output

Written by \`newsclean run\`; do not edit: the next run replaces this whole folder.
The fields of every file are described in the dataset card of the newsclean README and in \`schema/\`.
For a document read from HTML, \`decoding\` says which encoding its bytes were decoded with and why
(\`encodingSource\`: BOM, HTTP header, meta, detected or default; \`declared\`, \`replaced\`, \`note\`).
Dataset files (byte-identical for the same input and config): ${files}, rejected.jsonl, duplicates.jsonl,
near-duplicates.jsonl, schema/*.schema.json.

Offsets (\`rawStart\`/\`rawEnd\`) count Unicode code points into the decoded input, so \`raw[rawStart:rawEnd]\` in
Python is the span. A document read from HTML (\`.html\`, \`.htm\`) is cleaned from the page's text view (its
visible text, one block element per paragraph, a blank line between blocks; \`htmlTextView(html).text\` of the
newsclean library rebuilds it): its \`rawStart\`/\`rawEnd\` count into that view, and its paragraphs and removals
also carry \`htmlStart\`/\`htmlEnd\`, code points into the decoded HTML (\`html[htmlStart:htmlEnd]\` is the source
of the page block they came from). Documents read from text have no \`htmlStart\`/\`htmlEnd\`.

A document read from HTML also has \`markup\`: what the page's markup says about its article (JSON-LD
\`NewsArticle\`/\`Article\`, Open Graph, Twitter and Dublin Core meta tags, \`<link rel=canonical>\`,
\`<html lang>\`, \`<title>\`): \`title\`, \`byline\`, \`authors\`, \`published\`, \`modified\`, \`section\`,
\`language\`, \`canonicalUrl\`, \`siteName\`, each \`{value, source}\` (source \`json-ld\`, \`og\`, \`twitter\`,
\`dc\`, \`meta\`, \`link\`, \`html-lang\` or \`title\`) or null. The document's \`title\`, \`section\`, \`byline\`
and \`published\` take the markup's values where it has them, the text heuristics' otherwise; \`language\`
stays the detected one. The CSV files leave \`markup\` out (JSON Lines and Parquet hold it); documents read
from text have none.

${lean.length ? `${lean.join('\n')}\n\n` : ''}In the CSV files, a text cell that starts with = + - @ tab or CR has one \`'\` in front, so that spreadsheets
do not run it as a formula (OWASP's CSV injection guidance): remove the first character of every cell
matching \`^'+[=+\\-@\\t\\r]\` to get the exact text, which the JSON Lines and Parquet files always hold.
\`run.json\` is the run report (timings, memory): it differs from run to run.
\`manifest.jsonl\` lets the next run into this folder reuse unchanged documents (see the README).
`;
}
