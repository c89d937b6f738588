/**
 * Exit codes operators script against (README: 0 ok, 2 usage or config, 3 too many rejected, 4 output not
 * written), each with a clear message and, when nothing could be written, nothing half-written.
 * Tests run as root, where permissions do not block writes: an --out below a regular file cannot be written.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../temp.js';
import { runCli, snapshot } from './corpus.js';
import { RAW_DIR } from './fixtures.js';

const tmp = () => tempDir('newsclean-exit-');

describe('exit codes', () => {
  test('0: success, with the summary on stdout', () => {
    const out = join(tmp(), 'out');
    const r = runCli(['run', '--in', RAW_DIR, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/5 input files, 5 records → 5 documents/);
  });

  test('2: an unknown flag or a bad value, with the reason', () => {
    const bad = runCli(['run', '--in', RAW_DIR, '--frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--frobnicate'");
    const zero = runCli(['run', '--in', RAW_DIR, '--concurrency', '0']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('expected a whole number from 1 to 64 (worker threads), got `0`');
    const format = runCli(['run', '--in', RAW_DIR, '--log-format', 'xml']);
    expect(format.status).toBe(2);
    const dir = tmp();
    const missing = runCli(['run', '--in', join(dir, 'no-such-folder'), '--out', join(dir, 'out')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the input folder --in');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('2: a config error names the key, in text and as a JSON log event', () => {
    const dir = tmp();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ input: { jsonl: { textField: '', colour: 'red' } } }));
    const out = join(dir, 'out');
    const text = runCli(['run', '--in', RAW_DIR, '--out', out, '--config', config]);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain('input.jsonl.colour');
    const json = runCli(['run', '--in', RAW_DIR, '--out', out, '--config', config, '--log-format', 'json']);
    expect(json.status).toBe(2);
    const events = json.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; event: string; message: string });
    expect(events.at(-1)).toMatchObject({ level: 'error', event: 'config-error' });
    expect(events.at(-1)?.message).toContain('input.jsonl.textField');
    expect(json.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['config.json']); // nothing written
  });

  test('3: more inputs rejected than --max-rejected, counted per record; the output is still written', () => {
    const dir = tmp();
    const input = join(dir, 'in');
    mkdirSync(input);
    writeFileSync(join(input, 'good.txt'), readFileSync(join(RAW_DIR, '000_8fb8cfed5590595c.txt')));
    // One file, three records: two of them malformed.
    writeFileSync(join(input, 'dump.jsonl'), '{"text": "A fine page. It has two sentences."}\n{oops\n[]\n');
    const out = join(dir, 'out');
    const strict = runCli(['run', '--in', input, '--out', out, '--max-rejected', '0.3']);
    expect(strict.status).toBe(3);
    expect(strict.stderr).toContain('2 of 4 input records rejected, more than --max-rejected 0.3');
    expect(readFileSync(join(out, 'rejected.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const lenient = runCli(['run', '--in', input, '--out', out, '--max-rejected', '0.5', '--quiet']);
    expect(lenient.status).toBe(0);
  });

  test('4: output cannot be written (its parent is a regular file): clear message, nothing half-written', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const before = snapshot(dir);
    const r = runCli(['run', '--in', RAW_DIR, '--out', join(dir, 'not-a-folder', 'out')]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/cannot create a staging folder next to .*not-a-folder\/out/);
    expect(r.stderr).toContain('The previous output, if any, was left as it was.');
    expect(snapshot(dir)).toEqual(before);
  });

  test('4: --out names an existing regular file: it is not replaced by a folder', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'results.txt'), 'precious');
    const r = runCli(['run', '--in', RAW_DIR, '--out', join(dir, 'results.txt'), '--log-format', 'json']);
    expect(r.status).toBe(4);
    const last = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { event: string; message: string };
    expect(last.event).toBe('output-failed');
    expect(last.message).toContain('exists and is not a folder');
    expect(snapshot(dir)).toEqual({ 'results.txt': 'precious' });
  });
});

describe('structured logs', () => {
  test('--log-format json: one JSON object per line on stderr, stdout empty', () => {
    const out = join(tmp(), 'out');
    const r = runCli(['run', '--in', RAW_DIR, '--out', out, '--log-format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['run-started', 'run-finished']);
    expect(events[1]).toMatchObject({
      level: 'info',
      outputs: { documents: 5, sentences: expect.any(Number), rejected: 0, duplicates: 0 },
      inputs: { files: 5, records: 5 },
      peakRssBytes: expect.any(Number),
    });
  });

  test('run.json reports inputs, outputs, rejections by reason, counts per rule, throughput and peak memory', () => {
    const out = join(tmp(), 'out');
    expect(runCli(['run', '--in', RAW_DIR, '--out', out, '--quiet']).status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'inputs',
        'outputs',
        'rejectedByCode',
        'counts',
        'incremental',
        'throughput',
        'peakRssBytes',
        'timings',
      ]),
    );
    expect(report.counts).toMatchObject({ 'fix.doubled-capital': 1 });
    expect(report.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});
