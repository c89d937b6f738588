/**
 * Our scorers are ports of ../shared/eval/score_extraction.py and score_snippets.py, the references. Where
 * python3 is available, write each system's predictions on every set to a temporary folder, score them with
 * the reference and require the same figures to the four decimals both print: for the whole sets, and for
 * the pipeline on each half (score_extraction.py --ids; score_snippets.py on a folder of that half's snippet files).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalDataDir } from '../../eval/data.js';
import { evaluateSuite, SYSTEMS, type SystemId } from '../../eval/evaluate.js';
import { HALVES } from '../../eval/split.js';

const python = spawnSync('python3', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'newsclean-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = (script: string, args: readonly string[]) =>
  JSON.parse(execFileSync('python3', [join(evalDataDir(), script), ...args], { encoding: 'utf8' })) as Record<
    string,
    number
  >;

describe.skipIf(!python)('agreement with the reference scorers (python3)', () => {
  const suite = evaluateSuite();
  const cases = suite.sets.flatMap((result) =>
    (Object.keys(SYSTEMS) as SystemId[]).map((system) => ({ set: result.set, system })),
  );

  // Halves for the pipeline only: the baselines go through the same scoring code.
  it.each(cases)('$set, $system', ({ set, system }) => {
    const result = suite.sets.find((s) => s.set === set)!;
    const out = join(dir, set, system);
    mkdirSync(out, { recursive: true });
    for (const [id, text] of suite.predictions.get(set)!.get(system)!)
      writeFileSync(join(out, `${id}.txt`), text);
    const ours = result.systems.find((s) => s.system === system)!;
    const data = join(evalDataDir(), set);
    if (result.kind === 'body') {
      expect(ours.whole).toEqual(reference('score_extraction.py', [data, out]));
      for (const half of system === 'newsclean' ? HALVES : []) {
        const ids = join(dir, set, `${system}.${half}.ids`);
        writeFileSync(
          ids,
          result.pages
            .filter((p) => p.half === half)
            .map((p) => `${p.id}\n`)
            .join(''),
        );
        expect(ours[half]).toEqual(reference('score_extraction.py', [data, out, '--ids', ids]));
      }
    } else {
      expect(ours.whole).toEqual(reference('score_snippets.py', [data, out]));
      for (const half of system === 'newsclean' ? HALVES : []) {
        const links = join(dir, set, `${system}.${half}-snippets`);
        mkdirSync(links, { recursive: true });
        for (const p of result.pages.filter((page) => page.half === half)) {
          symlinkSync(join(data, `${p.id}.snippets.json`), join(links, `${p.id}.snippets.json`));
        }
        expect(ours[half]).toEqual(reference('score_snippets.py', [links, out]));
      }
    }
  });
});
