/**
 * How the report's browser tests and `npm run screenshots` start Chromium: Debian's package, driven by
 * playwright-core (which downloads no browser). Background networking, component updates and sync are off, so
 * the browser itself makes no request; playwright gives each launch a fresh, empty profile.
 */
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
