/**
 * Progress for operators: a bar on a terminal, a plain line every few seconds otherwise, a JSON log line
 * every few seconds with --log-format json, or nothing with --quiet. The bar and the ETA follow bytes read
 * from disk, compressed as they are stored (one large JSON Lines file still moves the bar); "MB of text" and
 * MB/s count the uncompressed text of the documents written; docs/s counts input records written. Elapsed
 * time and the file last read keep moving while one large document is cleaned.
 */
import { createRequire } from 'node:module';

/**
 * cli-progress (a CommonJS package of 16 modules) is loaded when a bar is drawn, on a terminal only: a run in a
 * script, a pipe or a cron job never loads it. Through require, so that createProgress stays synchronous.
 */
function barLibrary(): typeof import('cli-progress') {
  return createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
}

export interface Progress {
  start(total: { readonly files: number; readonly bytes: number }): void;
  /** Bytes read from input files, as on disk (compressed size for .gz/.zst), against the total on disk. */
  read(bytes: number): void;
  /** The input file whose records are being read now: shown so that a long document still shows activity. */
  reading(path: string): void;
  /** One input record written out (document, rejection or duplicate), with its size in bytes. */
  record(bytes: number): void;
  finish(): void;
}

export const silentProgress: Progress = { start() {}, read() {}, reading() {}, record() {}, finish() {} };

export type LogFormat = 'text' | 'json';

export function createProgress(options: {
  quiet: boolean;
  stream: NodeJS.WriteStream;
  format?: LogFormat;
  intervalMs?: number;
}): Progress {
  if (options.quiet) return silentProgress;
  let records = 0;
  let recordBytes = 0;
  let readBytes = 0;
  let total = { files: 0, bytes: 0 };
  let lastRead = '';
  const started = Date.now();
  const stats = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const share = total.bytes ? Math.min(1, readBytes / total.bytes) : 0;
    const eta = share > 0 ? (seconds / share) * (1 - share) : null;
    return {
      records,
      megabytes: recordBytes / 1e6,
      docsPerSecond: records / seconds,
      megabytesPerSecond: recordBytes / 1e6 / seconds,
      readShare: share,
      etaSeconds: eta === null ? null : Math.round(eta),
      elapsedSeconds: Math.floor(seconds),
    };
  };
  if (options.stream.isTTY && options.format !== 'json') {
    const cliProgress = barLibrary();
    const bar = new cliProgress.SingleBar(
      {
        stream: options.stream,
        format:
          'cleaning {bar} {percentage}% read | {records} docs | {mb} MB of text | {rate} docs/s | {elapsed} s | ETA {etaText} | {file}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = () => {
      const s = stats();
      // Our own ETA (from the share of input read): cli-progress's prints INF/NULL on an uneven start.
      const etaText = s.etaSeconds === null ? '-' : `${s.etaSeconds}s`;
      return {
        records,
        mb: s.megabytes.toFixed(1),
        rate: s.docsPerSecond.toFixed(0),
        etaText,
        elapsed: s.elapsedSeconds,
        file: lastRead,
      };
    };
    const redraw = () => bar.update(Math.min(readBytes, Math.max(1, total.bytes)), payload());
    // Redrawn every second as well as on each record: one large document must not look like a hang.
    let ticker: NodeJS.Timeout | undefined;
    return {
      start(t) {
        total = t;
        bar.start(Math.max(1, total.bytes), 0, payload());
        ticker = setInterval(redraw, 1000);
        ticker.unref();
      },
      read(b) {
        readBytes += b;
      },
      reading(path) {
        lastRead = path;
      },
      record(b) {
        records++;
        recordBytes += b;
        redraw();
      },
      finish() {
        if (ticker) clearInterval(ticker);
        bar.stop();
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const line = () => {
    const s = stats();
    if (options.format === 'json') {
      options.stream.write(
        `${JSON.stringify({
          level: 'info',
          event: 'progress',
          time: new Date().toISOString(),
          files: total.files,
          records: s.records,
          megabytes: round(s.megabytes),
          docsPerSecond: round(s.docsPerSecond),
          megabytesPerSecond: round(s.megabytesPerSecond),
          read: round(s.readShare),
          etaSeconds: s.etaSeconds,
          elapsedSeconds: s.elapsedSeconds,
          lastRead,
        })}\n`,
      );
      return;
    }
    options.stream.write(
      `newsclean: ${s.records} docs (${s.megabytes.toFixed(1)} MB of text), ${s.docsPerSecond.toFixed(0)} docs/s, ` +
        `${s.megabytesPerSecond.toFixed(1)} MB/s, ${(s.readShare * 100).toFixed(0)}% of ${total.files} input files read ` +
        `(bytes on disk, compressed for .gz/.zst), ${s.elapsedSeconds} s elapsed` +
        `${s.etaSeconds === null ? '' : `, ETA ${s.etaSeconds} s`}${lastRead ? `; last read ${lastRead}` : ''}\n`,
    );
  };
  return {
    start(t) {
      total = t;
      timer = setInterval(line, options.intervalMs ?? 5000);
      timer.unref();
    },
    read(b) {
      readBytes += b;
    },
    reading(path) {
      lastRead = path;
    },
    record(b) {
      records++;
      recordBytes += b;
    },
    finish() {
      if (timer) clearInterval(timer);
    },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
