/**
 * Build dist/ only when the sources changed: `npm start`, `npm run check`, `npm run eval` and `npm run bench`
 * call this instead of a full `tsc` every time. The key is the sha256 of every file tsc compiles (by path and
 * content) and of the TypeScript config and lockfile; it is stored in dist/.build-key once a build succeeded.
 * Plain JavaScript, so it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

if (existsSync(KEY_FILE) && readFileSync(KEY_FILE, 'utf8') === key) process.exit(0);
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(KEY_FILE, key);
