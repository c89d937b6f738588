/**
 * The API reference (README "Use as a library", `npm run docs`) builds from the TSDoc comments without a
 * warning: an export that names a type the entry points do not export, or a broken link, fails here rather
 * than in the generated pages (typedoc.json treats warnings as errors). Nothing is written (--emit none).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers.js';

it('TypeDoc documents both entry points without a warning', () => {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'typedoc'), ['--emit', 'none'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(result.stdout + result.stderr).not.toMatch(/\[(warning|error)\]/);
  expect(result.status).toBe(0);
}, 150_000);
