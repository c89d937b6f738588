/**
 * Crash safety with a real process: `kill -9` in the middle of a run leaves the previous out/ exactly as it
 * was; the next run tidies up and writes what an uninterrupted run writes, byte for byte.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../temp.js';
import { CLI, datasetBytes, runCli, snapshot, writeCorpus } from './corpus.js';
import { RAW_DIR } from './fixtures.js';

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/** A pid that is certainly not running any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

// The built module, as the CLI runs it.
const OUTPUT_MODULE = join(import.meta.dirname, '../../dist/pipeline/output.js');

describe('crash safety', () => {
  let dir: string;
  let input: string;
  let reference: Record<string, string>;

  beforeAll(() => {
    dir = tempDir('newsclean-crash-');
    input = join(dir, 'in');
    writeCorpus(input, 1500);
    const ref = join(dir, 'reference');
    expect(runCli(['run', '--in', input, '--out', ref, '--quiet']).status).toBe(0);
    reference = datasetBytes(ref);
  });

  test('kill -9 mid-run: previous out/ intact; the re-run equals an uninterrupted run', async () => {
    const out = join(dir, 'out');
    expect(runCli(['run', '--in', RAW_DIR, '--out', out, '--quiet']).status).toBe(0);
    const previous = snapshot(out);

    const child = spawn(process.execPath, [CLI, 'run', '--in', input, '--out', out, '--quiet'], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const staging = join(dir, `.out.staging-${child.pid}`);
    // Mid-run: the new dataset has started to be written, and is far from done.
    const midRun = await until(() => {
      try {
        return statSync(join(staging, 'sentences.jsonl')).size > 100_000;
      } catch {
        return false;
      }
    }, 20_000);
    expect(midRun).toBe(true);
    expect(statSync(join(staging, 'sentences.jsonl')).size).toBeLessThan(
      reference['sentences.jsonl']!.length / 2,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(snapshot(out)).toEqual(previous);
    expect(existsSync(staging)).toBe(true); // the debris of the killed run, tidied by the next one

    const rerun = runCli(['run', '--in', input, '--out', out, '--quiet']);
    expect(rerun.status).toBe(0);
    const after = datasetBytes(out);
    for (const name of Object.keys(reference))
      expect(after[name] === reference[name], `${name} differs from an uninterrupted run`).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('.out.'))).toEqual([]);
  });

  test('killed between the two renames of the swap: the next run puts the saved output back first', async () => {
    const out = join(dir, 'swap-out');
    expect(runCli(['run', '--in', RAW_DIR, '--out', out, '--quiet']).status).toBe(0);
    const previous = snapshot(out);
    // The state a kill leaves after "out → .out.old-PID" and before ".out.staging-PID → out".
    const pid = deadPid();
    renameSync(out, join(dir, `.swap-out.old-${pid}`));
    // Opening a staging folder (the first thing a run does) tidies up: the saved output goes back.
    const { Staging } = (await import(OUTPUT_MODULE)) as typeof import('../../pipeline/output.js');
    const staging = await Staging.open(out);
    expect(snapshot(out)).toEqual(previous);
    await staging.abandon();
    expect(readdirSync(dir).filter((name) => name.startsWith('.swap-out.'))).toEqual([]);
    // And a full run from that state completes normally.
    expect(runCli(['run', '--in', RAW_DIR, '--out', out, '--quiet']).status).toBe(0);
  });
});
