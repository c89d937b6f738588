/**
 * vitest globalSetup: the browser tests drive Debian's Chromium (/usr/bin/chromium) with playwright-core, which
 * downloads no browser of its own. When it is missing and we are root, it is installed from Debian here
 * (apt-get update, apt-get install -y chromium), so `npm test` and `.ci/run` pass on a fresh machine; when it
 * is already there this costs one file check. When it cannot be installed nothing is skipped: the browser tests
 * fail with the reason, which they receive through `inject('chromiumError')`.
 */
import type { TestProject } from 'vitest/node';

import { CHROMIUM } from '../../../tools/chromium.mjs';
import { ensureDebianPackage } from '../../apt.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why Chromium is not available, or null when it is. */
    chromiumError: string | null;
  }
}

export function ensureChromium(): string | null {
  return ensureDebianPackage('chromium', CHROMIUM, "the report's browser tests");
}

export default function setup(project: TestProject): void {
  project.provide('chromiumError', ensureChromium());
}
