/**
 * Operator messages. Text for people (summary on stdout, problems on stderr); with --log-format json, one
 * JSON object per line on stderr ({level, event, time, message, ...fields}) for log collectors, so stdout
 * stays empty and nothing has to be parsed out of prose.
 */
import type { LogFormat } from './progress.js';

export interface Logger {
  readonly format: LogFormat;
  info(event: string, message: string, fields?: Record<string, unknown>): void;
  error(event: string, message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(options: {
  format: LogFormat;
  quiet: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}): Logger {
  const json = (level: string, event: string, message: string, fields: Record<string, unknown> = {}) =>
    options.stderr.write(
      `${JSON.stringify({ level, event, time: new Date().toISOString(), message, ...fields })}\n`,
    );
  if (options.format === 'json') {
    return {
      format: 'json',
      info(event, message, fields) {
        if (!options.quiet) json('info', event, message, fields);
      },
      error(event, message, fields) {
        json('error', event, message, fields);
      },
    };
  }
  return {
    format: 'text',
    info(_event, message) {
      if (!options.quiet) options.stdout.write(`${message}\n`);
    },
    error(_event, message) {
      options.stderr.write(`${message}\n`);
    },
  };
}
