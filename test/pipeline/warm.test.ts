/**
 * A run's worker threads clean a small made-up page before the first batch (pipeline/worker.ts warm()), and a
 * --no-incremental run starts them before anything else of the run: neither may change what the dataset says,
 * and a run that fails after starting them must still end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import type { Provenance } from '../../pipeline/schemas.js';
import { cleanItem, warm } from '../../pipeline/worker.js';
import { datasetWriters, resolveOutput } from '../../pipeline/writers/options.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../temp.js';
import { datasetBytes, runCli, writeCorpus } from './corpus.js';

const provenance: Provenance = {
  sourcePath: 'seed.txt',
  sourceSha256: 'b'.repeat(64),
  sourceBytes: 0,
  record: null,
  pipelineVersion: '0.0.0',
  codeFingerprint: 'code',
  configHash: 'config',
};

describe('warm()', () => {
  it('leaves nothing behind: a page cleaned before and after it gives the same records', () => {
    const cleaning = parseConfig({}).cleaning;
    const output = resolveOutput(parseConfig({}).output);
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'raw', '000_8fb8cfed5590595c.txt')));
    const item = { provenance, bytes, site: 'example.com' };
    const writers = datasetWriters(output);
    const before = cleanItem(item, cleaning, new Set(), writers);
    warm({ cleaning, output });
    warm({
      cleaning: parseConfig({ cleaning: { fix: { disable: ['doubled-full-stop'] } } }).cleaning,
      output,
    });
    const after = cleanItem(item, cleaning, new Set(), writers);
    expect(after.kind).toBe('document');
    expect(after).toEqual(before);
  });
});

describe('--no-incremental, its threads started first', () => {
  it('writes the same dataset as a run that may reuse (into a fresh folder)', () => {
    const dir = tempDir('newsclean-warm-');
    const input = join(dir, 'in');
    writeCorpus(input, 60); // more files than a run cleans in its own thread
    const fresh = runCli(['run', '--in', input, '--out', join(dir, 'a'), '--concurrency', '2', '--quiet']);
    const early = runCli([
      'run',
      '--in',
      input,
      '--out',
      join(dir, 'b'),
      '--concurrency',
      '2',
      '--quiet',
      '--no-incremental',
    ]);
    expect(fresh.status).toBe(0);
    expect(early.status).toBe(0);
    const a = datasetBytes(join(dir, 'a'));
    const b = datasetBytes(join(dir, 'b'));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(b[name] === a[name], `${name} differs`).toBe(true);
  });

  it('ends with exit code 4 when the output cannot be staged after the threads started', () => {
    const dir = tempDir('newsclean-warm-');
    const input = join(dir, 'in');
    writeCorpus(input, 40);
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const r = runCli(['run', '--in', input, '--out', join(dir, 'not-a-folder', 'out'), '--no-incremental']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/cannot create a staging folder/);
  });
});
