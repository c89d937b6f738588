/**
 * Our scorer is a port of ../shared/eval/score_extraction.py, the benchmark's reference. Where python3 is
 * available, write each system's predictions to a temporary folder, score them with the reference and
 * require the same figures to the four decimals both print.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalDataDir, loadGoldenRules, loadPages } from '../../eval/data.js';
import { evaluate } from '../../eval/evaluate.js';

const python = spawnSync('python3', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'newsclean-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!python)('agreement with the reference scorer (python3 score_extraction.py)', () => {
  const evaluation = evaluate(loadPages(), loadGoldenRules());
  const names: Record<string, string> = {
    newsclean: 'newsclean',
    'keep-everything': 'keep everything',
    'c4-lines': 'C4 line rules',
  };
  it.each(Object.keys(names))('%s', (system) => {
    const out = join(dir, system);
    mkdirSync(out, { recursive: true });
    for (const [id, text] of evaluation.predictions.get(system)!) writeFileSync(join(out, `${id}.txt`), text);
    const stdout = execFileSync(
      'python3',
      [join(evalDataDir(), 'score_extraction.py'), join(evalDataDir(), 'extraction-dev'), out],
      { encoding: 'utf8' },
    );
    const reference = JSON.parse(stdout) as Record<string, number>;
    const ours = evaluation.systems.find((s) => s.name === names[system])!.extraction!;
    expect(ours).toEqual(reference);
  });
});
