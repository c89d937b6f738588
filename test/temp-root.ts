/**
 * vitest globalSetup: tests (and the CLI runs they spawn, which inherit the environment) get a fresh TMPDIR per
 * run, so os.tmpdir() in them is one folder of this run. After the run anything left in it is a test that
 * did not remove what it made: the run lists it, fails, and removes it, so /tmp never fills up. Roots left by
 * runs that were killed (their process is gone) are removed when the next run starts.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../pipeline/output.js';

const PREFIX = 'newsclean-vitest-';

export default function setup(): () => void {
  const parent = tmpdir();
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(PREFIX) ? Number.parseInt(name.slice(PREFIX.length), 10) : 0;
    if (pid > 0 && !pidAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const root = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} temporary folder(s) or file(s) behind (now removed): ${left.join(', ')}. ` +
          'Make temporary folders with tempDir() from test/temp.ts, which removes them after the test file.',
      );
    }
  };
}
