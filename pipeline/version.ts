/** The pipeline version, read from package.json so there is one place to bump it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'newsclean') return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('newsclean: package.json not found above the pipeline module');
    dir = parent;
  }
}

export const PIPELINE_VERSION: string = (
  JSON.parse(readFileSync(findPackageJson(), 'utf8')) as { version: string }
).version;
