/**
 * Build dist/ only when the sources changed: `npm start`, `npm run check`, `npm run eval` and `npm run bench`
 * call this instead of a full `tsc` every time; `npm run build` calls it with --force (always compile).
 * After tsc it writes dist/pipeline/build-info.js: the package version and the code fingerprint of dist/
 * (pipeline/build-info.ts says why). The key is the sha256 of every file tsc compiles (by path and
 * content) and of the TypeScript config and lockfile; it is stored in dist/.build-key once a build succeeded.
 * Plain JavaScript, so it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const KEY_FILE = join(root, 'dist', '.build-key');

function sources() {
  const files = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of ['pipeline', 'stages', 'eval', 'bench']) walk(dir);
  return files.sort();
}

const hash = createHash('sha256');
for (const file of sources())
  hash
    .update(`${file}\0`)
    .update(readFileSync(join(root, file)))
    .update('\0');
const key = hash.digest('hex');

const force = process.argv.includes('--force');
if (!force && existsSync(KEY_FILE) && readFileSync(KEY_FILE, 'utf8') === key) process.exit(0);
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
await writeBuildInfo();
writeFileSync(KEY_FILE, key);

/** The values pipeline/version.ts computes for the CLI, fixed into dist/ for code that has no node:fs. */
async function writeBuildInfo() {
  const dist = join(root, 'dist');
  const version = await import(pathToFileURL(join(dist, 'pipeline', 'version.js')).href);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const info = {
    pipelineVersion: pkg.version,
    codeFingerprint: version.codeFingerprint(dist, '.js', pkg.dependencies ?? {}),
  };
  writeFileSync(
    join(dist, 'pipeline', 'build-info.js'),
    `// Written by tools/build-if-changed.mjs after tsc (pipeline/build-info.ts).\nexport const BUILD_INFO = ${JSON.stringify(info)};\n`,
  );
}
