/** Progress without a terminal: a plain line (or a JSON log line) every interval, nothing with --quiet. */
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { createProgress } from '../../pipeline/progress.js';

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drive(format: 'text' | 'json', quiet = false): Promise<string> {
  const { stream, text } = fakeStream();
  const progress = createProgress({ quiet, stream, format, intervalMs: 20 });
  progress.start({ files: 4, bytes: 1000 });
  progress.reading('a/b.jsonl.gz');
  progress.read(500);
  for (let i = 0; i < 3; i++) progress.record(2_000_000);
  await wait(70);
  progress.finish();
  const after = text();
  await wait(50);
  expect(text()).toBe(after); // nothing after finish()
  return after;
}

test('plain lines: docs, MB, rates, share of input read and ETA', async () => {
  const lines = (await drive('text')).trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(2);
  expect(lines[0]).toMatch(
    /^newsclean: 3 docs \(6\.0 MB of text\), \d+ docs\/s, [\d.]+ MB\/s, 50% of 4 input files read \(bytes on disk, compressed for \.gz\/\.zst\), \d+ s elapsed, ETA \d+ s; last read a\/b\.jsonl\.gz$/,
  );
});

test('while one large document is cleaning, the lines still move: elapsed time and the file last read', async () => {
  const { stream, text } = fakeStream();
  const progress = createProgress({ quiet: false, stream, intervalMs: 400 });
  progress.start({ files: 1, bytes: 1000 });
  progress.reading('big.txt');
  progress.read(1000);
  await wait(1500);
  progress.finish();
  const lines = text().trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(2);
  for (const line of lines)
    expect(line).toMatch(/^newsclean: 0 docs .* \d+ s elapsed.*; last read big\.txt$/);
  expect(lines.at(-1)).toMatch(/ 1 s elapsed/);
});

test('JSON lines with --log-format json', async () => {
  const lines = (await drive('json')).trim().split('\n');
  const event = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(event).toMatchObject({
    level: 'info',
    event: 'progress',
    files: 4,
    records: 3,
    megabytes: 6,
    read: 0.5,
    elapsedSeconds: expect.any(Number),
    lastRead: 'a/b.jsonl.gz',
  });
});

test('--quiet prints nothing', async () => {
  expect(await drive('text', true)).toBe('');
});

test('a bar on a terminal (cli-progress, loaded only then): docs, MB of text and the file read', async () => {
  const { stream, text } = fakeStream();
  Object.assign(stream, { isTTY: true, columns: 200 });
  const progress = createProgress({ quiet: false, stream });
  progress.start({ files: 4, bytes: 1000 });
  progress.reading('a/b.jsonl.gz');
  progress.read(500);
  for (let i = 0; i < 3; i++) progress.record(2_000_000);
  progress.finish();
  await wait(20);
  expect(text()).toContain('cleaning ');
  expect(text()).toMatch(/\| 3 docs \| 6\.0 MB of text \| .*\| a\/b\.jsonl\.gz/);
});
