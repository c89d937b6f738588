/**
 * Temporary folders for tests. `tempDir()` makes one under os.tmpdir() and records it; test/temp-setup.ts (a
 * vitest setupFile) removes every recorded folder when the test file ends, and test/temp-root.ts (globalSetup)
 * points TMPDIR at a fresh folder per run and fails the run when a test left anything in it. Make temporary
 * folders with this helper, never with mkdtempSync(tmpdir()) directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

export function tempDir(prefix = 'newsclean-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir() made in this test file (called after the file's own afterAll hooks). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
