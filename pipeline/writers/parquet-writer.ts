/**
 * The Parquet dataset writers (documents.parquet, sentences.parquet): what the run and the workers need of
 * them. A worker encodes a document's part as its JSON lines (the JSON Lines writers' encode), and only the
 * main thread's sink and reader deal in Parquet, so they load writers/parquet.ts (hyparquet, hyparquet-writer)
 * and the record schemas (zod) when a run first opens or reads a Parquet file: a worker thread never loads
 * them, which took about a third of its start-up CPU.
 */
import type { Compression } from '../sinks.js';
import type { Lean } from './lean.js';
import type { DatasetWriter, LineFormat } from './types.js';

/** Records (as JSON) per row group, at most: about this much text before compression. */
export const ROW_GROUP_BYTES = 32 * 1024 * 1024;

/** Page compression: --compress none gives SNAPPY (Parquet's usual default), gzip GZIP, zstd ZSTD. */
export type PageCodec = 'SNAPPY' | 'GZIP' | 'ZSTD';
export const PAGE_CODEC: Record<Compression, PageCodec> = { none: 'SNAPPY', gzip: 'GZIP', zstd: 'ZSTD' };

/** The Parquet table of the file's records (as the lean choices shape them), built on the first use. */
async function table(holds: LineFormat['holds'], lean: readonly Lean[]) {
  const [{ parquetTable }, { recordSchemas }] = await Promise.all([
    import('./parquet.js'),
    import('./lean-schemas.js'),
  ]);
  const schemas = recordSchemas(lean);
  return parquetTable(holds === 'documents' ? schemas.document : schemas.sentence);
}

/** lines: the JSON Lines format of the same records (its encode makes the parts); lean: the records' shape. */
export function parquetWriter(
  lines: LineFormat,
  file: string,
  lean: readonly Lean[],
  codec: PageCodec,
  rowGroupBytes: number = ROW_GROUP_BYTES,
): DatasetWriter {
  return {
    ...lines,
    file,
    format: 'parquet',
    header: '',
    layout: '',
    sink: async (path) =>
      (await import('./parquet.js')).ParquetSink.open(
        path,
        file,
        await table(lines.holds, lean),
        codec,
        rowGroupBytes,
      ),
    reader: async (path) =>
      (await import('./parquet.js')).ParquetReader.open(path, await table(lines.holds, lean)),
  };
}
