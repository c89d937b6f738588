/**
 * The package as a user gets it: `npm pack` of the built repository, installed into an empty project (its
 * dependencies from the npm registry, through the local cache when it has them). The project then runs
 * `npx newsclean --help`, imports clean() from 'newsclean' and 'newsclean/browser', and type-checks a consumer
 * file with the repository's tsc against the installed declarations.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let dir: string;
let project: string;
let tarball: string;
let files: string[];

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function ok(result: ReturnType<typeof run>, what: string): string {
  if (result.status !== 0)
    throw new Error(`${what} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

beforeAll(() => {
  dir = tempDir();
  const packed = JSON.parse(
    ok(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT), 'npm pack'),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(dir, packed[0]!.filename);
  files = packed[0]!.files.map((file) => file.path);
  project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  ok(
    run(
      'npm',
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      project,
    ),
    'npm install of the tarball',
  );
}, 240_000);

describe('npm pack', () => {
  it('holds the built library and CLI with their types, and no tests, fixtures, eval data or pictures', () => {
    for (const file of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/pipeline/cli.js',
      'dist/pipeline/index.js',
      'dist/pipeline/index.d.ts',
      'dist/pipeline/browser.js',
      'dist/pipeline/browser.d.ts',
      'dist/pipeline/worker.js',
    ])
      expect(files, file).toContain(file);
    const unwanted = files.filter(
      (file) => !/^(dist\/(pipeline|stages)\/|[A-Z]+\.md$|LICENSE$|package\.json$)/.test(file),
    );
    expect(unwanted).toEqual([]);
    expect(
      files.filter((file) => file.endsWith('.map') || (file.endsWith('.ts') && !file.endsWith('.d.ts'))),
    ).toEqual([]);
    // Small: the code and its declarations (about 240 kB today).
    expect(readFileSync(tarball).byteLength).toBeLessThan(500_000);
  });
});

describe('the tarball installed into an empty project', () => {
  it('gives the command: npx newsclean --help', () => {
    const result = run('npx', ['newsclean', '--help'], project);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: newsclean/);
  });

  it("gives clean() from 'newsclean' and 'newsclean/browser', and cleanStream(), the same record as the CLI writes", () => {
    const seed = '004_213902cbc18ef981.txt';
    writeFileSync(
      join(project, 'use.mjs'),
      `import { readFileSync } from 'node:fs';
import { clean } from 'newsclean';
import { clean as inBrowser } from 'newsclean/browser';
import { cleanStream } from 'newsclean';
const bytes = readFileSync(process.argv[2]);
const a = clean(bytes, { sourcePath: '${seed}' });
const b = inBrowser(bytes, { sourcePath: '${seed}' });
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the two entries differ');
// cleanStream's worker threads load the installed package's own files.
const streamed = [];
for await (const record of cleanStream([{ input: bytes, sourcePath: '${seed}' }], { concurrency: 1 })) streamed.push(record);
if (JSON.stringify(streamed) !== JSON.stringify([a])) throw new Error('cleanStream differs from clean');
process.stdout.write(JSON.stringify(a));
`,
    );
    const record = JSON.parse(
      ok(run(process.execPath, ['use.mjs', join(RAW, seed)], project), 'use.mjs'),
    ) as {
      id: string;
      provenance: { sourcePath: string; codeFingerprint: string };
      edits: Array<{ rule: string }>;
    };
    expect(record.id).toBe('74b5994c8a505e26');
    expect(record.provenance.sourcePath).toBe(seed);
    expect(record.edits.map((edit) => edit.rule)).toContain('doubled-capital');
    // The installed CLI writes the same fingerprint: the code is the same wherever it is installed.
    const out = join(dir, 'out');
    ok(run('npx', ['newsclean', 'run', '--in', RAW, '--out', out, '--quiet'], project), 'newsclean run');
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { codeFingerprint: string };
    expect(record.provenance.codeFingerprint).toBe(report.codeFingerprint);
  });

  it('gives types: a consumer type-checks, and a misuse fails to compile', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { type CleanDocument, clean, isRejected, RULES, run } from 'newsclean';
import { clean as inBrowser } from 'newsclean/browser';
const record = clean('Title\\n\\nA sentence of the story that is long enough to keep.', { sourcePath: 'a.txt' });
if (!isRejected(record)) {
  const doc: CleanDocument = record;
  const title: string | null = doc.title;
  const rules: readonly string[] = RULES.map((rule) => rule.id);
  console.log(title, rules.length, isRejected(inBrowser('x')), typeof run);
}
`,
    );
    writeFileSync(
      join(project, 'misuse.ts'),
      `import { clean } from 'newsclean';
const count: number = clean('x', { sourcePath: 3 }).title;
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // As `tsc --init` writes it; the declarations themselves are checked by the repository's typecheck.
          skipLibCheck: true,
          // Node's types from the repository: a Node project has them; nothing else is assumed.
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts', 'misuse.ts'],
      }),
    );
    const result = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(result.status).not.toBe(0);
    const errors = result.stdout.split('\n').filter((line) => /^\S+\(\d+,\d+\): error/.test(line));
    // consumer.ts compiles; each misuse in misuse.ts is an error naming the API's types.
    expect(errors.filter((line) => !line.startsWith('misuse.ts(2,'))).toEqual([]);
    expect(result.stdout).toContain("Type 'number' is not assignable to type 'string'");
    expect(result.stdout).toContain("Property 'title' does not exist on type");
  });
});
