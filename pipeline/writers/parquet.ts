/**
 * Parquet writers: documents.parquet and sentences.parquet, one row per record, with the records' own nesting
 * (provenance a struct, paragraphs and the logs lists of structs, nullable fields optional), derived from the
 * JSON Schemas of pipeline/schemas.ts so the columns cannot drift from the JSON Lines fields. Pages are zstd
 * compressed; a row group is cut once it holds ROW_GROUP_BYTES of records, so the writer's memory stays flat
 * and readers can stream the file group by group.
 *
 * A document's part travels from the worker as its JSON lines (the same bytes as the JSON Lines writers); the
 * sink parses them into rows. A span is [first row, rows]. A re-run reads a row group back with hyparquet and
 * turns each row into its JSON line again, which must give the very bytes that were written (the manifest's
 * digest checks it), so reuse works for Parquet-only output too.
 *
 * The sinks and readers, main thread only: writers/parquet-writer.ts loads this module (and hyparquet) when a
 * run first opens or reads a Parquet file, so the worker threads never load it.
 */

import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { ColumnSource } from 'hyparquet-writer';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { z } from 'zod';
import { LineWriter } from '../output.js';
import { jsonSchemaOf } from '../schemas.js';
import type { Part, PartReader, PartSink, SinkClosed, Span } from '../sinks.js';
import { partBytes, partInMemory, zstdCompressor } from '../sinks.js';
import type { PageCodec } from './parquet-writer.js';

/** The part of a JSON Schema that records use. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  /** The properties a value always has; the others are optional (HTML offsets: absent for text input). */
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
}

/** What a value of the column is, to turn what hyparquet reads back into the record's JSON value. */
type Shape =
  | { readonly kind: 'integer' | 'number' | 'string' | 'boolean' }
  | {
      readonly kind: 'object';
      readonly fields: ReadonlyArray<readonly [string, Shape]>;
      /** Keys a record may leave out: read back as absent, not as null. */
      readonly optional: ReadonlySet<string>;
    }
  | { readonly kind: 'array'; readonly item: Shape };

function nonNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (schema.anyOf) {
    const others = schema.anyOf.filter((s) => s.type !== 'null');
    if (others.length !== 1) throw new Error('parquet: a union other than "X or null"');
    return { schema: others[0]!, nullable: others.length < schema.anyOf.length };
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    if (types.length !== 1) throw new Error('parquet: a union of types');
    return { schema: { ...schema, type: types[0]! }, nullable: types.length < schema.type.length };
  }
  return { schema, nullable: false };
}

/** The Parquet schema elements (depth first) and the shape of one field. */
function field(
  name: string,
  given: JsonSchema,
  repetition: 'REQUIRED' | 'OPTIONAL',
): [SchemaElement[], Shape] {
  const { schema, nullable } = nonNull(given);
  const repetition_type = nullable ? 'OPTIONAL' : repetition;
  switch (schema.type) {
    case 'object': {
      const required = new Set(schema.required ?? Object.keys(schema.properties ?? {}));
      const children = Object.entries(schema.properties ?? {}).map(([key, value]) =>
        field(key, value, required.has(key) ? 'REQUIRED' : 'OPTIONAL'),
      );
      return [
        [
          { name, repetition_type, num_children: children.length },
          ...children.flatMap(([elements]) => elements),
        ],
        {
          kind: 'object',
          fields: children.map(([, shape], i) => [Object.keys(schema.properties ?? {})[i]!, shape]),
          optional: new Set(Object.keys(schema.properties ?? {}).filter((key) => !required.has(key))),
        },
      ];
    }
    case 'array': {
      const [elements, item] = field('element', schema.items ?? {}, 'REQUIRED');
      return [
        [
          { name, repetition_type, num_children: 1, converted_type: 'LIST' },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          ...elements,
        ],
        { kind: 'array', item },
      ];
    }
    case 'string':
      return [[{ name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8' }], { kind: 'string' }];
    case 'integer':
      return [[{ name, repetition_type, type: 'INT64' }], { kind: 'integer' }];
    case 'number':
      return [[{ name, repetition_type, type: 'DOUBLE' }], { kind: 'number' }];
    case 'boolean':
      return [[{ name, repetition_type, type: 'BOOLEAN' }], { kind: 'boolean' }];
    default:
      throw new Error(`parquet: no column type for JSON Schema type ${String(schema.type)} (${name})`);
  }
}

interface Table {
  readonly schema: SchemaElement[];
  readonly columns: ReadonlyArray<readonly [string, Shape]>;
  /** Top-level fields a record may leave out (markup: absent for text input): read back as absent. */
  readonly optional: ReadonlySet<string>;
}

/**
 * A record schema as a Parquet table: one top-level column per record field, in the record's key order.
 * Built once per record schema and process, and only where a Parquet file is written or read (the main
 * thread): worker threads never need it.
 */
const tables = new WeakMap<z.ZodType, Table>();
export function parquetTable(record: z.ZodType): Table {
  let table = tables.get(record);
  if (table === undefined) {
    table = buildTable(jsonSchemaOf(record) as JsonSchema);
    tables.set(record, table);
  }
  return table;
}

function buildTable(json: JsonSchema): Table {
  const required = new Set(json.required ?? Object.keys(json.properties ?? {}));
  const columns = Object.entries(json.properties ?? {}).map(
    ([name, schema]) => [name, field(name, schema, required.has(name) ? 'REQUIRED' : 'OPTIONAL')] as const,
  );
  return {
    schema: [
      { name: 'root', num_children: columns.length },
      ...columns.flatMap(([, [elements]]) => elements),
    ],
    columns: columns.map(([name, [, shape]]) => [name, shape] as const),
    optional: new Set(columns.map(([name]) => name).filter((name) => !required.has(name))),
  };
}

/** A value read back as the record holds it: INT64 bigints as numbers, struct keys in the record's order. */
function restore(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case 'integer':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'object': {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, inner] of shape.fields) {
        const field = restore(source[key], inner);
        if (field !== null || !shape.optional.has(key)) out[key] = field;
      }
      return out;
    }
    case 'array':
      return (value as unknown[]).map((item) => restore(item, shape.item));
    default:
      return value;
  }
}

/** A record's value as the Parquet writer takes it: INT64 columns as bigints. */
function prepare(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case 'integer':
      return BigInt(value as number);
    case 'object': {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, inner] of shape.fields) out[key] = prepare(source[key], inner);
      return out;
    }
    case 'array':
      return (value as unknown[]).map((item) => prepare(item, shape.item));
    default:
      return value;
  }
}

/** Page decompressors hyparquet lacks (SNAPPY is built in); the report's reader uses them too. */
export const compressors = {
  ZSTD: (input: Uint8Array, _length: number) => zstdDecompress(input),
  GZIP: (input: Uint8Array, _length: number) => new Uint8Array(gunzipSync(input)),
};

export class ParquetSink implements PartSink {
  private readonly out: LineWriter;
  private readonly bytes = new ByteWriter();
  private readonly writer: ParquetWriter;
  private rows: Array<Record<string, unknown>> = [];
  private rowBytes = 0;
  private rowCount = 0;

  private constructor(
    path: string,
    name: string,
    private readonly table: Table,
    codec: PageCodec,
    zstd: (bytes: Uint8Array) => Uint8Array,
    private readonly rowGroupBytes: number,
  ) {
    this.out = new LineWriter(path, name);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: table.schema,
      codec,
      // SNAPPY is built in; zlib's gzip is deterministic (no time stamp in its header).
      compressors: { ZSTD: zstd, GZIP: (bytes) => gzipSync(bytes) },
      createdBy: 'newsclean (hyparquet-writer)',
    });
  }

  static async open(
    path: string,
    name: string,
    table: Table,
    codec: PageCodec,
    rowGroupBytes: number,
  ): Promise<ParquetSink> {
    return new ParquetSink(path, name, table, codec, await zstdCompressor(), rowGroupBytes);
  }

  async append(part: Part): Promise<Span> {
    const text = Buffer.concat(await partInMemory(part)).toString('utf8');
    const span = [this.rowCount, 0] as [number, number];
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.rows.push(JSON.parse(line) as Record<string, unknown>);
      span[1]++;
    }
    this.rowCount += span[1];
    this.rowBytes += partBytes(part);
    if (this.rowBytes >= this.rowGroupBytes) await this.flushGroup();
    return span;
  }

  private async flushGroup(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.rowBytes = 0;
    const columnData: ColumnSource[] = this.table.columns.map(([name, shape]) => ({
      name,
      data: rows.map((row) => prepare(row[name], shape)),
    }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
    await this.drain();
  }

  private async drain(): Promise<void> {
    const chunk = new Uint8Array(this.bytes.getBuffer());
    this.bytes.index = 0;
    if (chunk.byteLength) await this.out.write(chunk);
  }

  async close(): Promise<SinkClosed> {
    await this.flushGroup();
    await this.writer.finish();
    await this.drain();
    await this.out.close();
    return { size: this.out.bytes, meta: null };
  }

  async abandon(): Promise<void> {
    await this.out.close().catch(() => undefined);
  }
}

/** Rows of a Parquet file as the JSON lines they were written from, read a row group at a time. */
export class ParquetReader implements PartReader {
  private group: { readonly start: number; readonly lines: readonly string[] } | null = null;

  private constructor(
    private readonly file: AsyncBuffer,
    private readonly metadata: FileMetaData,
    private readonly table: Table,
  ) {}

  static async open(path: string, table: Table): Promise<ParquetReader> {
    const file = await asyncBufferFromFile(path);
    return new ParquetReader(file, await parquetMetadataAsync(file), table);
  }

  /** Every row as its JSON line (check mode shows Parquet files this way). */
  async allLines(): Promise<string[]> {
    return this.lines(0, Number(this.metadata.num_rows));
  }

  private async lines(rowStart: number, rowEnd: number): Promise<string[]> {
    const rows = await parquetReadObjects({
      file: this.file,
      metadata: this.metadata,
      rowStart,
      rowEnd,
      compressors,
    });
    return rows.map((row) => {
      const record = Object.fromEntries(
        this.table.columns
          .map(([name, shape]) => [name, restore(row[name], shape)] as const)
          .filter(([name, value]) => value !== null || !this.table.optional.has(name)),
      );
      return `${JSON.stringify(record)}\n`;
    });
  }

  async read([first, count]: Span): Promise<Buffer> {
    if (count === 0) return Buffer.alloc(0);
    if (
      !this.group ||
      first < this.group.start ||
      first + count > this.group.start + this.group.lines.length
    ) {
      let start = 0;
      for (const group of this.metadata.row_groups) {
        const end = start + Number(group.num_rows);
        if (first >= start && first < end) {
          this.group = { start, lines: await this.lines(start, end) };
          break;
        }
        start = end;
      }
    }
    const group = this.group;
    if (!group || first + count > group.start + group.lines.length)
      throw new Error('rows outside a row group');
    return Buffer.from(group.lines.slice(first - group.start, first - group.start + count).join(''));
  }

  async close(): Promise<void> {}
}
