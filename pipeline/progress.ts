/** Progress for operators: a bar on a terminal, a plain line every few seconds otherwise, or nothing. */
import cliProgress from 'cli-progress';

export interface Progress {
  start(totalFiles: number): void;
  tick(bytes: number): void;
  finish(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, finish() {} };

export function createProgress(options: { quiet: boolean; stream: NodeJS.WriteStream }): Progress {
  if (options.quiet) return silentProgress;
  let done = 0;
  let bytes = 0;
  let total = 0;
  const started = Date.now();
  const rate = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return { docs: done / seconds, mb: bytes / 1e6 / seconds };
  };
  if (options.stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: options.stream,
        format: 'cleaning {bar} {value}/{total} inputs | {mb} MB | {rate} docs/s | ETA {eta_formatted}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(n) {
        total = n;
        bar.start(total, 0, { mb: '0.0', rate: '0' });
      },
      tick(b) {
        done++;
        bytes += b;
        const r = rate();
        bar.update(done, { mb: (bytes / 1e6).toFixed(1), rate: r.docs.toFixed(0) });
      },
      finish() {
        bar.stop();
      },
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const line = () => {
    const r = rate();
    options.stream.write(
      `newsclean: ${done}/${total} inputs, ${(bytes / 1e6).toFixed(1)} MB, ${r.docs.toFixed(0)} docs/s, ${r.mb.toFixed(1)} MB/s\n`,
    );
  };
  return {
    start(n) {
      total = n;
      timer = setInterval(line, 5000);
      timer.unref();
    },
    tick(b) {
      done++;
      bytes += b;
    },
    finish() {
      if (timer) clearInterval(timer);
    },
  };
}
