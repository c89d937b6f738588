/**
 * Golden files: test/golden holds the expected dataset for raw/, read by eye when first written.
 * Regenerate only on purpose: UPDATE_GOLDEN=1 npm test, then review the diff before committing.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareFolders, runFingerprint, withoutFingerprint } from '../../pipeline/check.js';
import { DATASET_FILES } from '../../pipeline/run.js';
import { cli, tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const COMPARED = [...DATASET_FILES, 'schema'];

describe('golden output for raw/', () => {
  const out = join(tempDir(), 'out');
  const result = cli(['run', '--in', RAW, '--out', out, '--quiet']);

  it('runs cleanly', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is byte-identical to test/golden', async () => {
    if (process.env.UPDATE_GOLDEN === '1') {
      rmSync(GOLDEN, { recursive: true, force: true });
      mkdirSync(GOLDEN, { recursive: true });
      for (const name of COMPARED) cpSync(join(out, name), join(GOLDEN, name), { recursive: true });
      // The code fingerprint is stored as zeros (pipeline/check.ts says why).
      const code = await runFingerprint(out);
      expect(code).toMatch(/^[0-9a-f]{16}$/);
      for (const name of DATASET_FILES) {
        const path = join(GOLDEN, name);
        writeFileSync(path, withoutFingerprint(readFileSync(path, 'utf8'), code));
      }
      return;
    }
    expect(existsSync(GOLDEN), 'test/golden is missing: UPDATE_GOLDEN=1 npm test writes it').toBe(true);
    const comparison = await compareFolders(GOLDEN, out);
    expect(comparison.diffs.join('\n')).toBe('');
  });
});

describe('newsclean check', () => {
  it('exits 0 when the output matches the golden files', () => {
    const result = cli(['check', '--golden', GOLDEN, '--in', RAW]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('output matches');
  });

  it('exits 1 and prints a readable diff naming the file and the changed field', () => {
    const golden = join(tempDir(), 'golden');
    cpSync(GOLDEN, golden, { recursive: true });
    const path = join(golden, 'documents.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    const first = JSON.parse(lines[0]!) as { title: string };
    first.title = 'A title the pipeline never wrote';
    lines[0] = JSON.stringify(first);
    writeFileSync(path, lines.join('\n'));
    rmSync(join(golden, 'sentences.csv'));

    const result = cli(['check', '--golden', golden, '--in', RAW]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('--- golden/documents.jsonl');
    expect(result.stdout).toContain('-  "title": "A title the pipeline never wrote"');
    expect(result.stdout).toMatch(/\+ {2}"title": "Lukashenko invited/);
    expect(result.stdout).toContain('sentences.csv: not in the golden folder');
    expect(result.stderr).toContain('2 file(s) differ');
  });
});
