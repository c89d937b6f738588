/**
 * What the command line needs of the report before it builds one: the defaults of its flags and its error.
 * A module of its own so that the CLI loads the report's builder (build.ts, and hyparquet through source.ts)
 * only when a command writes a report.
 */

/** The output folder cannot be reported on (no documents file). */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

export const DEFAULT_SEED = 'newsclean-report';
export const DEFAULT_MAX_DOCUMENT_PAGES = 1000;
