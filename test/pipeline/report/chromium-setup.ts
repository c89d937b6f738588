/**
 * vitest globalSetup: the browser tests drive Debian's Chromium (/usr/bin/chromium) with playwright-core, which
 * downloads no browser of its own. When it is missing and we are root, it is installed from Debian here
 * (apt-get update, apt-get install -y chromium), so `npm test` and `.ci/run` pass on a fresh machine; when it
 * is already there this costs one file check. When it cannot be installed nothing is skipped: the browser tests
 * fail with the reason, which they receive through `inject('chromiumError')`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

import { CHROMIUM } from '../../../tools/chromium.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why Chromium is not available, or null when it is. */
    chromiumError: string | null;
  }
}

function apt(args: readonly string[]): string | null {
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

export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0)
    return `Chromium is not installed at ${CHROMIUM}, and only root can install it here: run \`apt-get install -y chromium\` (Debian) and run the tests again.`;
  process.stderr.write(`newsclean tests: installing Debian's chromium for the report's browser tests…\n`);
  const failed = apt(['update']) ?? apt(['install', '-y', 'chromium']);
  if (failed !== null) return `Chromium is not installed at ${CHROMIUM} and installing it failed: ${failed}`;
  return existsSync(CHROMIUM) ? null : `apt-get installed chromium but ${CHROMIUM} is still missing`;
}

export default function setup(project: TestProject): void {
  project.provide('chromiumError', ensureChromium());
}
