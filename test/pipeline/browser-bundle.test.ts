/**
 * clean() in a browser: the package's browser entry (dist/pipeline/browser.js, as built by `npm run build`) is
 * bundled by esbuild for the browser platform, where a Node-only import (node:fs, worker threads, node:crypto)
 * fails the build, and the bundle runs in headless Chromium (Debian's, as the report's browser tests run it).
 * On every seed it must return the very record clean() returns in Node, and the one in test/golden.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../tools/chromium.mjs';
import { tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

interface NodeEntry {
  clean(input: Uint8Array, options?: { sourcePath?: string }): unknown;
}
interface BuildInfoModule {
  BUILD_INFO: { pipelineVersion: string; codeFingerprint: string } | null;
}

const DIST = join(ROOT, 'dist', 'pipeline');
const seeds = readdirSync(RAW)
  .filter((name) => name.endsWith('.txt'))
  .sort();
const problems: string[] = [];
let browser: Browser;
let page: Page;
let bundleBytes = 0;

beforeAll(async () => {
  const error = inject('chromiumError');
  if (error !== null) throw new Error(error);
  const dir = tempDir();
  const result = await build({
    entryPoints: [join(DIST, 'browser.js')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'newsclean',
    outfile: join(dir, 'newsclean.js'),
    metafile: true,
    logLevel: 'silent',
  });
  bundleBytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>newsclean</title><script src="newsclean.js"></script></html>\n',
  );
  browser = await launchChromium();
  page = await browser.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    problems.push(`request left the machine: ${url}`);
    return route.abort();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** clean() of the bundle in the page, its result as JSON text. */
function cleanInBrowser(bytes: Uint8Array, sourcePath: string): Promise<string> {
  return page.evaluate(
    ({ bytes, sourcePath }) => {
      const api = (
        globalThis as unknown as {
          newsclean: { clean(input: Uint8Array, options: { sourcePath: string }): unknown };
        }
      ).newsclean;
      return JSON.stringify(api.clean(new Uint8Array(bytes), { sourcePath }));
    },
    { bytes: [...bytes], sourcePath },
  );
}

describe('clean() bundled for the browser', () => {
  it('bundles without any Node-only module, into one file', () => {
    // The build above fails on node:* or a Node built-in; the page loaded it without an error.
    expect(bundleBytes).toBeGreaterThan(100_000);
    expect(problems).toEqual([]);
  });

  it('returns on every seed the record clean() returns in Node, and the golden one', async () => {
    const node = (await import(pathToFileURL(join(DIST, 'index.js')).href)) as NodeEntry;
    const { BUILD_INFO } = (await import(pathToFileURL(join(DIST, 'build-info.js')).href)) as BuildInfoModule;
    expect(BUILD_INFO?.codeFingerprint).toMatch(/^[0-9a-f]{16}$/);
    const golden = readFileSync(join(ROOT, 'test', 'golden', 'documents.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { provenance: { sourcePath: string } });
    expect(seeds).toHaveLength(5);
    for (const name of seeds) {
      const bytes = readFileSync(join(RAW, name));
      const inBrowser = await cleanInBrowser(bytes, name);
      expect(inBrowser, name).toBe(JSON.stringify(node.clean(bytes, { sourcePath: name })));
      // The provenance names the built code: the fingerprint the CLI of this build writes (zeros in golden).
      const expected = golden.find((record) => record.provenance.sourcePath === name);
      expect(inBrowser.replaceAll(BUILD_INFO!.codeFingerprint, '0000000000000000'), name).toBe(
        JSON.stringify(expected),
      );
    }
    expect(problems).toEqual([]);
  });

  it('rejects bad input with the same record as in Node', async () => {
    const node = (await import(pathToFileURL(join(DIST, 'index.js')).href)) as NodeEntry;
    // A UTF-16 byte order mark followed by an odd byte: not valid UTF-16.
    const bytes = new Uint8Array([0xff, 0xfe, 0x00]);
    const inBrowser = await cleanInBrowser(bytes, 'odd.txt');
    expect(JSON.parse(inBrowser)).toMatchObject({ sourcePath: 'odd.txt', code: 'invalid-utf8' });
    expect(inBrowser).toBe(JSON.stringify(node.clean(bytes, { sourcePath: 'odd.txt' })));
    expect(problems).toEqual([]);
  });
});
