/**
 * One document under the size cap must not take the run down (issue 13, item 6): 6 MB of `word ` used to
 * take 4.2 GB and write 340 MB of repeated-word findings; 8 MiB ran a worker out of memory (exit 70).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../temp.js';

const CLI = join(import.meta.dirname, '../../dist/pipeline/cli.js');

/** The bound the README states: peak RSS of a run with one worker, per MB of its one document. */
const BASE_BYTES = 110e6;
const BYTES_PER_MB = 160e6;

describe('item 6: a large repetitive document', () => {
  test('2 MB of `word `: findings capped with a summary entry, memory within the stated bound', () => {
    const dir = tempDir('newsclean-sizes-');
    mkdirSync(join(dir, 'in'));
    const text = 'word '.repeat(400_000);
    writeFileSync(join(dir, 'in', 'words.txt'), text);
    // repeated-word is an English rule, and `word word …` is no language franc can tell: say it is English.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ cleaning: { language: { force: 'en' } } }));
    const out = join(dir, 'out');
    const result = spawnSync(
      process.execPath,
      [
        CLI,
        'run',
        '--in',
        join(dir, 'in'),
        '--out',
        out,
        '--quiet',
        '--concurrency',
        '1',
        '--config',
        config,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [document] = readFileSync(join(out, 'documents.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (line) => JSON.parse(line) as { findings: Array<{ rule: string; message: string }>; text: string },
      );
    expect(document!.text).toBe(text.trim());
    const summaries = document!.findings.filter((f) => f.rule === 'findings-not-logged');
    expect(document!.findings).toHaveLength(1001);
    expect(summaries).toHaveLength(1);
    // 399,999 repeats of "word word", 1000 logged.
    expect(summaries[0]!.message).toMatch(/^398999 more `repeated-word` finding\(s\)/);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { peakRssBytes: number };
    expect(report.peakRssBytes).toBeLessThan(BASE_BYTES + BYTES_PER_MB * (text.length / 1e6));
  });
});
