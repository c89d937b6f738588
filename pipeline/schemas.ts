/**
 * The record types newsclean writes, as zod schemas: the single source of the JSON Schemas in out/schema/
 * and of the field list in the README's dataset card. Key order here is the key order in the files.
 */
import { z } from 'zod';
import { ENCODING_SOURCES, HTML_ENCODINGS } from '../stages/encodings.js';
import { MARKUP_SOURCES } from '../stages/lexicon.js';

/**
 * The version of the record layout (the fields of every record type and what they mean), separate from the
 * package version. It goes up by one on a breaking change: a field removed or renamed, a field's meaning or
 * unit changed, a rule id renamed or removed (CHANGELOG.md). Adding a field or a rule is not breaking.
 */
export const SCHEMA_VERSION = 1;

const offsetNote = 'Unicode code points into the decoded raw text (BOM removed, nothing else changed).';
const rawStart = z.number().int().min(0).describe(`Start offset, inclusive: ${offsetNote}`);
const rawEnd = z.number().int().min(0).describe(`End offset, exclusive: ${offsetNote}`);
const htmlNote =
  'Unicode code points into the decoded HTML: html[htmlStart:htmlEnd] is the source of the page block(s) the span came from. Only in documents read from HTML, whose rawStart/rawEnd count into the text view of the page (htmlTextView); absent for text input.';
const htmlStart = z.number().int().min(0).optional().describe(`Start offset, inclusive: ${htmlNote}`);
const htmlEnd = z.number().int().min(0).optional().describe(`End offset, exclusive: ${htmlNote}`);
const stage = z.string().describe('Stage that made the change (a file name in stages/).');
const CODE_FINGERPRINT_NOTE =
  'First 16 hex digits of the sha256 of the cleaning code (stages/ and the record-building pipeline files, by relative path and content, and the runtime dependency versions): it changes whenever the rules do, with or without a version bump.';
const rule = z.string().describe('Stable kebab-case id of the rule within its stage.');

export const SourceRecordSchema = z.object({
  line: z.number().int().min(1).nullable().describe('1-based line number in a JSON Lines file.'),
  byteOffset: z.number().int().min(0).nullable().describe('Byte offset of the record in a WARC/WET file.'),
  id: z.string().nullable().describe("The record's own id field, if it has one."),
  url: z.string().nullable().describe("The record's URL (JSON Lines url field or WARC-Target-URI)."),
  warcRecordId: z.string().nullable(),
  warcDate: z.string().nullable(),
});

export const ProvenanceSchema = z
  .object({
    sourcePath: z.string().describe('Input file path relative to the input folder, with / separators.'),
    sourceSha256: z.string().describe('sha256 of the raw input bytes, hex.'),
    sourceBytes: z.number().int().min(0).describe('Size of the raw input in bytes.'),
    record: SourceRecordSchema.nullable().describe(
      'For container inputs (JSON Lines, WARC/WET): which record of the file; null for a plain text file.',
    ),
    httpContentType: z
      .string()
      .optional()
      .describe(
        'For a WARC response record: its HTTP Content-Type header as sent (at most 200 characters); its charset is the first hint for decoding the page.',
      ),
    pipelineVersion: z.string().describe('newsclean version that wrote the record.'),
    codeFingerprint: z.string().describe(CODE_FINGERPRINT_NOTE),
    configHash: z.string().describe('First 16 hex digits of the sha256 of the canonical cleaning config.'),
  })
  .describe('Where a record came from and what produced it.');

/** What every log entry starts with: which stage and rule, and the raw span it concerns. */
const logged = { stage, rule, rawStart, rawEnd };

export const EditSchema = z
  .object({
    ...logged,
    before: z.string().describe('Raw text at [rawStart, rawEnd).'),
    after: z.string().describe('What replaced it in the clean text.'),
  })
  .describe('One change to kept text.');

export const RemovalSchema = z
  .object({
    ...logged,
    htmlStart,
    htmlEnd,
    text: z.string().describe('The removed line, as in the raw text.'),
  })
  .describe('One line that left the body: boilerplate, duplicate, or moved to a metadata field.');

export const FindingSchema = z
  .object({
    ...logged,
    text: z.string().describe('The raw text the finding is about.'),
    message: z.string(),
  })
  .describe('Something that looks wrong but was left unchanged because no rule was sure.');

const markupSource = z
  .enum(MARKUP_SOURCES)
  .describe(
    'Where the value came from: json-ld (the article object of <script type="application/ld+json">), og (Open Graph og:* and article:*), twitter (twitter:*), dc (Dublin Core dc.*/dcterms.*), meta (other <meta name>), link (<link rel="canonical">), html-lang (<html lang>), title (the <title> element).',
  );
const sourced = <T extends z.ZodType>(value: T, what: string) =>
  z.object({ value, source: markupSource }).nullable().describe(`${what} Null when the markup has none.`);

export const MarkupSchema = z
  .object({
    title: sourced(z.string(), "The article's title; a site name around it cut off (stripSiteName)."),
    byline: sourced(z.string(), 'The authors, joined with ", ".'),
    authors: sourced(z.array(z.string()), 'The authors, one name each (no URL, handle or the site itself).'),
    published: sourced(
      z.string(),
      'Publication date, ISO 8601 as precise as the page gives it; no invented time zone.',
    ),
    modified: sourced(z.string(), 'Last modification date, ISO 8601 like published.'),
    section: sourced(z.string(), 'The section the page names (articleSection, article:section).'),
    language: sourced(
      z.string(),
      "The language the page declares, as its primary subtag (de for de-DE); the document's `language` stays the detected one.",
    ),
    canonicalUrl: sourced(z.string(), 'The absolute http(s) URL the page names as its own.'),
    siteName: sourced(z.string(), "The site's name (og:site_name, the JSON-LD publisher)."),
  })
  .describe(
    "HTML input only: what the page's markup (JSON-LD, Open Graph, meta tags, <title>) says about its article, each value with its source. title, section, byline and published take these values when present. Absent for text input.",
  );

export const ParagraphSchema = z.object({
  index: z.number().int().min(0),
  rawStart,
  rawEnd,
  htmlStart,
  htmlEnd,
  text: z.string().describe('The paragraph after edits; raw[rawStart:rawEnd] with the edits inside applied.'),
});

export const DocumentRecordSchema = z
  .object({
    id: z.string().describe('First 16 hex digits of sourceSha256: identical inputs are one document.'),
    provenance: ProvenanceSchema,
    decoding: z.object({
      encoding: z
        .enum(HTML_ENCODINGS)
        .describe(
          'The encoding the raw bytes were decoded with (a WHATWG Encoding Standard name): utf-8, utf-16le or utf-16be for text input; any of them for HTML input.',
        ),
      bom: z.boolean().describe('The input started with a byte order mark (removed before offsets count).'),
      lineEndings: z.enum(['lf', 'crlf', 'cr', 'mixed', 'none']),
      encodingSource: z
        .enum(ENCODING_SOURCES)
        .optional()
        .describe(
          'HTML input only: where the encoding came from: the byte order mark, the HTTP Content-Type header (WARC), the <meta> prescan, detection (valid UTF-8, else chardet), or the windows-1252 default.',
        ),
      declared: z
        .array(
          z.object({
            source: z.enum(['http-header', 'meta']),
            label: z.string().describe('The charset label as written (the meta prescan lowercases it).'),
            encoding: z
              .enum(HTML_ENCODINGS)
              .nullable()
              .describe('The encoding the label names by the WHATWG table, null when it names none.'),
          }),
        )
        .optional()
        .describe('HTML input only: every encoding the page or its HTTP header declared, used or not.'),
      replaced: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('HTML input only: invalid byte sequences replaced by U+FFFD.'),
      note: z
        .string()
        .optional()
        .describe(
          'HTML input only, when the first choice did not hold: why a declaration was passed over, what detection found, how many sequences were replaced.',
        ),
    }),
    language: z
      .string()
      .describe(
        "ISO 639-1 code of the document's language (detected with franc on a sample of its longest lines), 'und' when it could not be told.",
      ),
    languageConfidence: z
      .number()
      .min(0)
      .max(1)
      .describe(
        "How far the second-best language is behind the best, as a share of the tenth-best's distance, 0 to 1; 1 for a script-only language or one set by config's language.force.",
      ),
    title: z.string().nullable(),
    section: z.string().nullable().describe('Site section after a trailing " | " in the title line.'),
    standfirst: z.array(z.string()).describe('Summary lines between the title and the article.'),
    byline: z.string().nullable().describe('Author or agency from a "By ..." line.'),
    published: z
      .string()
      .nullable()
      .describe('ISO 8601 date or date-time as precise as the page gives it; no time zone is invented.'),
    credits: z.array(z.string()).describe('Picture credits taken from captions ("PA", "AP").'),
    markup: MarkupSchema.optional(),
    text: z.string().describe('The clean article body: paragraphs separated by a blank line.'),
    paragraphs: z.array(ParagraphSchema),
    sentenceCount: z.number().int().min(0),
    edits: z.array(EditSchema),
    removed: z.array(RemovalSchema),
    findings: z.array(FindingSchema),
  })
  .describe('One cleaned news document (documents.jsonl).');

export const SentenceRecordSchema = z
  .object({
    docId: z.string(),
    index: z.number().int().min(0).describe('Position of the sentence in its document, from 0.'),
    paragraph: z.number().int().min(0).describe('Index into the document paragraphs.'),
    rawStart,
    rawEnd,
    text: z.string().describe('raw[rawStart:rawEnd] with the logged edits inside it applied.'),
    provenance: ProvenanceSchema,
  })
  .describe('One sentence of a document body (sentences.jsonl).');

export const RejectedRecordSchema = z
  .object({
    sourcePath: z.string(),
    record: SourceRecordSchema.nullable().describe('Which record of a container file, if any.'),
    sourceSha256: z.string().nullable().describe('Null when the file could not be read.'),
    code: z.enum([
      'empty',
      'binary',
      'invalid-utf8',
      'utf16-without-bom',
      'too-large',
      'unreadable',
      'malformed-record',
      'symlink',
    ]),
    reason: z.string().describe('What was wrong, in words, with the byte offset where one applies.'),
    pipelineVersion: z.string(),
    codeFingerprint: z.string().describe(CODE_FINGERPRINT_NOTE),
    configHash: z.string(),
  })
  .describe('An input that could not be processed (rejected.jsonl).');

export const DuplicateRecordSchema = z
  .object({
    sourcePath: z.string(),
    record: SourceRecordSchema.nullable().describe('Which record of a container file, if any.'),
    sourceSha256: z.string(),
    duplicateOf: z.string().describe('id of the document with the same bytes.'),
    canonicalPath: z.string().describe('sourcePath of that document: the first in sorted path order.'),
    pipelineVersion: z.string(),
    codeFingerprint: z.string().describe(CODE_FINGERPRINT_NOTE),
    configHash: z.string(),
  })
  .describe('An input whose bytes equal an earlier input (duplicates.jsonl); it is not cleaned twice.');

export const NearDuplicateRecordSchema = z
  .object({
    clusterId: z.string().describe('id of the cluster: the smallest member document id.'),
    members: z
      .array(z.object({ id: z.string(), sourcePath: z.string() }))
      .describe('The documents of the cluster, by id; every one is also in documents.jsonl.'),
    minSimilarity: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'Lowest estimated Jaccard similarity of word shingles (MinHash) between two directly joined members.',
      ),
    pipelineVersion: z.string(),
    codeFingerprint: z.string().describe(CODE_FINGERPRINT_NOTE),
    configHash: z.string(),
  })
  .describe('Documents that tell the same text with small changes (near-duplicates.jsonl); none is dropped.');

export type SourceRecord = z.infer<typeof SourceRecordSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>;
export type MarkupRecord = z.infer<typeof MarkupSchema>;
export type SentenceRecord = z.infer<typeof SentenceRecordSchema>;
export type RejectedRecord = z.infer<typeof RejectedRecordSchema>;
export type DuplicateRecord = z.infer<typeof DuplicateRecordSchema>;
export type NearDuplicateRecord = z.infer<typeof NearDuplicateRecordSchema>;

export const RECORD_SCHEMAS = {
  document: DocumentRecordSchema,
  sentence: SentenceRecordSchema,
  rejected: RejectedRecordSchema,
  duplicate: DuplicateRecordSchema,
  'near-duplicate': NearDuplicateRecordSchema,
} as const;

/**
 * JSON Schema (draft 2020-12) text for each record type, keyed by file name; `records` replaces some record
 * types' schemas (the lean records of writers/lean-schemas.ts).
 */
export function jsonSchemas(
  records: Partial<Record<keyof typeof RECORD_SCHEMAS, z.ZodType>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries({ ...RECORD_SCHEMAS, ...records })) {
    const json = jsonSchemaOf(schema);
    out[`${name}.schema.json`] =
      `${JSON.stringify({ ...json, title: `newsclean ${name} record` }, null, 2)}\n`;
  }
  return out;
}

/**
 * The JSON Schema of a record schema, generated once per process (the schemas are constants): the run's
 * schema/ files, the Parquet columns and the dataset card all read it. Frozen, since it is shared.
 */
const generated = new WeakMap<z.ZodType, Readonly<Record<string, unknown>>>();
export function jsonSchemaOf(schema: z.ZodType): Readonly<Record<string, unknown>> {
  let json = generated.get(schema);
  if (json === undefined) {
    json = Object.freeze(z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>);
    generated.set(schema, json);
  }
  return json;
}
