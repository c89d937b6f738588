/**
 * The names the output options choose from, in a module of their own with no imports: config parsing
 * (pipeline/config.ts) reads them, and it must load in a browser, where the writers and sinks cannot.
 */
export const FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

export const COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
