/**
 * Debian packages the tests need (Chromium for the report's browser tests, redis-server for the queue's), installed
 * by vitest global setups when missing, so that `npm test` and `.ci/run` pass on a fresh machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One apt-get command; null when it succeeded, else why it failed. Waits for another apt-get's lock. */
export function apt(args: readonly string[]): string | null {
  const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (result.error) return `apt-get ${args.join(' ')} could not run: ${result.error.message}`;
  if (result.status !== 0)
    return `apt-get ${args.join(' ')} exited with ${result.status}: ${(result.stderr || result.stdout).trim().slice(-800)}`;
  return null;
}

/**
 * Installs Debian's `pkg` unless `binary` exists: null when the binary is there afterwards, else why not
 * (only root can install; the tests that need it then fail with this reason, nothing is skipped).
 */
export function ensureDebianPackage(pkg: string, binary: string, purpose: string): string | null {
  if (existsSync(binary)) return null;
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0)
    return `${pkg} is not installed (${binary} is missing), and only root can install it here: run \`apt-get install -y ${pkg}\` (Debian) and run the tests again.`;
  process.stderr.write(`newsclean tests: installing Debian's ${pkg} for ${purpose}…\n`);
  const failed = apt(['update']) ?? apt(['install', '-y', pkg]);
  if (failed !== null) return `${binary} is missing and installing Debian's ${pkg} failed: ${failed}`;
  return existsSync(binary) ? null : `apt-get installed ${pkg} but ${binary} is still missing`;
}
