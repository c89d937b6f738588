import { describe, expect, it } from 'vitest';
import { type BodySetResult, evaluateSuite, zeroHarmOf } from '../../eval/evaluate.js';

describe('evaluateSuite options (npm run eval --set / --half)', () => {
  const whole = evaluateSuite({ sets: ['extraction-dev'] });
  const tune = evaluateSuite({ sets: ['extraction-dev'], half: 'tune' });

  it('scores only the sets asked for, and only the half asked for', () => {
    expect(whole.sets.map((s) => s.set)).toEqual(['extraction-dev']);
    expect(tune.half).toBe('tune');
    expect(tune.sets[0]!.pages.length).toBeGreaterThan(20);
    expect(tune.sets[0]!.pages.every((p) => p.half === 'tune')).toBe(true);
    expect([...tune.predictions.get('extraction-dev')!.get('newsclean')!.keys()]).toEqual(
      tune.sets[0]!.pages.map((p) => p.id),
    );
  });

  it('the tune half scored alone gives the tune figures of the whole run', () => {
    const ours = (suite: typeof whole) => suite.sets[0]!.systems.find((s) => s.system === 'newsclean')!;
    expect(ours(tune).whole).toEqual(ours(whole).tune);
    expect(ours(tune).tune).toEqual(ours(whole).tune);
    expect(ours(tune).holdout.pages).toBe(0);
    const harm = (suite: typeof whole) => (suite.sets[0] as BodySetResult).zeroHarm;
    expect(harm(tune).whole).toEqual(harm(whole).tune);
  });

  it('the rule weights printed for tuning come from the tune half alone', () => {
    const tuneRules = (whole.sets[0] as BodySetResult).tuneRules;
    expect(tuneRules.length).toBeGreaterThan(3);
    expect(tuneRules).toEqual((tune.sets[0] as BodySetResult).rules);
    const blocks = (rules: BodySetResult['rules']) => rules.reduce((n, r) => n + r.blocks, 0);
    expect(blocks(tuneRules)).toBeLessThan(blocks((whole.sets[0] as BodySetResult).rules));
  });

  it('edits made to the clean bodies are counted per rule and language, a half never more than the whole', () => {
    const edits = (suite: typeof whole) => (suite.sets[0] as BodySetResult).cleanBodyEdits;
    expect(edits(whole).length).toBeGreaterThan(0);
    for (const e of edits(tune)) {
      const all = edits(whole).find((w) => w.edit === e.edit && w.lang === e.lang);
      expect(all?.count, e.edit).toBeGreaterThanOrEqual(e.count);
    }
    const keys = edits(whole).map((e) => `${e.edit} ${e.lang}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('zeroHarmOf (a clean body through the pipeline)', () => {
  it('names each block the pipeline removes from clean text with its rule and token count', () => {
    const body = [
      'Storm closes the harbour for a second day',
      'The harbour master said on Tuesday that the storm would keep every ferry in port until the weekend, and that the fishing fleet had already been brought inside the breakwater.',
      'Share this article',
      'Repairs to the north pier, damaged in the first night of the storm, are expected to take several weeks once the sea calms down again.',
    ].join('\n\n');
    const harm = zeroHarmOf(body);
    // The share label goes (a line a clean body should not hold); the title is moved to metadata, not lost.
    expect(harm.removals).toEqual([{ rule: 'boilerplate/share-prompt', tokens: 3 }]);
    expect(harm.total).toBeGreaterThan(harm.kept);
  });
});
