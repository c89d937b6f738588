/**
 * The README's "Use as a library" examples, run as a user would run them: each ```js block is written to a
 * project whose node_modules/newsclean is this repository (so 'newsclean' resolves through package.json
 * `exports` to the built dist/), run with node, and its output must be the ```text block under it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './cli.js';
import { RAW, ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('\n## Use as a library\n');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
/** Each ```js block and the ```text block right after it. */
const examples = [...section.matchAll(/```js\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/g)].map((m) => ({
  code: m[1]!,
  output: m[2]!,
}));

describe('README "Use as a library"', () => {
  it('has three examples, each with its output', () => {
    expect(start).toBeGreaterThan(-1);
    expect(examples).toHaveLength(3);
    expect((section.match(/```js/g) ?? []).length).toBe(3);
  });

  it.each(examples.map((example, i) => [i + 1, example] as const))(
    'example %i prints what the README says',
    (_n, { code, output }) => {
      const project = tempDir();
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(ROOT, join(project, 'node_modules', 'newsclean'), 'dir');
      // The run example reads raw/ in its working folder.
      cpSync(RAW, join(project, 'raw'), { recursive: true });
      writeFileSync(join(project, 'example.mjs'), code);
      const result = spawnSync(process.execPath, ['example.mjs'], {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(output);
    },
  );
});
