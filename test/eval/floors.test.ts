/**
 * Evaluation gate: the figures `npm run eval` prints may not fall below these floors. Lowering a floor is a
 * deliberate change with a reason in the commit; raise a floor when a change lifts the figure for good.
 * Reads ../shared/eval beside the repository (as CI has it) and fails loudly when it is missing.
 */
import { describe, expect, it } from 'vitest';
import { loadGoldenRules, loadPages } from '../../eval/data.js';
import { evaluate } from '../../eval/evaluate.js';

const FLOORS = {
  /**
   * On the 72 extraction-dev pages (keep-everything 0.66, C4 line rules 0.88, issue 4 target 0.93). The
   * pipeline scores 0.970 (P 0.962, R 0.979); the floors leave about a point and a half for deliberate
   * trade-offs, and recall (losing article text) has the tighter margin.
   */
  f1: 0.955,
  precision: 0.945,
  recall: 0.965,
  /** Of the 52 English Golden Rules (issue 4 target 50); we miss only #18, "not implemented" upstream too. */
  goldenRules: 51,
};

const evaluation = evaluate(loadPages(), loadGoldenRules());
const system = (name: string) => {
  const found = evaluation.systems.find((s) => s.name === name);
  if (!found) throw new Error(`no system ${name}`);
  return found;
};

describe('evaluation floors', () => {
  it('scores all 72 dev pages and all 52 Golden Rules', () => {
    expect(evaluation.pages).toHaveLength(72);
    expect(evaluation.golden.total).toBe(52);
  });

  it(`extraction F1 >= ${FLOORS.f1}, precision >= ${FLOORS.precision}, recall >= ${FLOORS.recall}`, () => {
    const extraction = system('newsclean').extraction!;
    expect(extraction.f1).toBeGreaterThanOrEqual(FLOORS.f1);
    expect(extraction.precision).toBeGreaterThanOrEqual(FLOORS.precision);
    expect(extraction.recall).toBeGreaterThanOrEqual(FLOORS.recall);
  });

  it(`Golden Rules passed >= ${FLOORS.goldenRules}`, () => {
    expect(
      evaluation.golden.passed,
      JSON.stringify(evaluation.golden.failures, null, 1),
    ).toBeGreaterThanOrEqual(FLOORS.goldenRules);
  });

  it('beats both baselines computed in the same run', () => {
    const ours = system('newsclean').extraction!.f1;
    expect(ours).toBeGreaterThan(system('C4 line rules').extraction!.f1);
    expect(ours).toBeGreaterThan(system('keep everything').extraction!.f1);
  });

  it('reproduces the baseline figures of ../shared/eval/README.md (the scorer has not drifted)', () => {
    // README: keeping everything 0.660; C4 line rules 0.881 (our C4 variant: 0.8799, see eval/baselines.ts).
    expect(system('keep everything').extraction!.f1).toBeCloseTo(0.66, 2);
    expect(system('C4 line rules').extraction!.f1).toBeCloseTo(0.88, 2);
  });
});
