/**
 * The report in a real browser: Debian's Chromium, headless, driven by playwright-core, opening the pages from
 * file:// as a user would. Every request is routed: anything not file:// is aborted and fails the test, as does
 * any console error. axe-core (injected into each page) must find no serious or critical violation.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evalDataDir } from '../../../eval/data.js';
import { launchChromium } from '../../../tools/chromium.mjs';
import { cli, tempDir } from '../../cli.js';
import { filesUnder, seedsOutput } from './fixtures.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What went wrong in the browser since the last check: console errors, page errors, requests. */
const problems: string[] = [];
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const error = inject('chromiumError');
  if (error !== null) throw new Error(error);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Every request the pages make: file:// goes on, anything else is aborted and reported.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    problems.push(`request left the machine: ${url}`);
    return route.abort();
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a report file; the test ends with `expectNoProblems()`. */
async function open(page: Page, dir: string, file: string): Promise<void> {
  const response = await page.goto(pathToFileURL(join(dir, file)).href);
  expect(response?.ok() ?? true, file).toBe(true);
}

function expectNoProblems(): void {
  const found = problems.splice(0);
  expect(found).toEqual([]);
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the open page. `preload: false`: axe would fetch the
 * stylesheet with XMLHttpRequest to read it, which file:// pages may not do (a console error of axe's own).
 */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate<
    Violation[]
  >(`axe.run(document, { resultTypes: ['violations'], preload: false }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => String(n.target)) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const SEED_004 = 'docs/74b5994c8a505e26.html';

describe('the watch on the browser', () => {
  it('catches a request to another machine and a console error (so their absence below means something)', async () => {
    const page = await context.newPage();
    const dir = tempDir('newsclean-report-watch-');
    writeFileSync(
      join(dir, 'bad.html'),
      '<!DOCTYPE html><html lang="en"><title>x</title><img alt="" src="http://203.0.113.1/x.png"><script>console.error("boom")</script></html>',
    );
    await open(page, dir, 'bad.html');
    await page.waitForLoadState('load');
    const found = problems.splice(0);
    expect(found.some((p) => p.startsWith('request left the machine: http://203.0.113.1/x.png'))).toBe(true);
    expect(found.some((p) => p.includes('console error') && p.includes('boom'))).toBe(true);
    await page.close();
  });
});

describe('report of the seeds, in Chromium', () => {
  let report = '';
  let page: Page;
  beforeAll(async () => {
    const out = await seedsOutput({ report: true });
    report = join(out, 'report');
    page = await context.newPage();
  });

  it("strikes seed 004's 'Leave A Reply' and labels it comment-prompt", async () => {
    await open(page, report, SEED_004);
    const line = page.locator('p.removed', { hasText: 'Leave A Reply' });
    await expect.poll(() => line.count()).toBe(1);
    expect(await line.locator('s').innerText()).toBe('Leave A Reply');
    // Struck as the browser draws it, not only marked up: the computed text decoration.
    const decoration = await line.locator('s').evaluate((el) => {
      const view = globalThis as unknown as { getComputedStyle(e: unknown): { textDecorationLine: string } };
      return view.getComputedStyle(el).textDecorationLine;
    });
    expect(decoration).toContain('line-through');
    expect(await line.locator('.label').innerText()).toBe('comment-prompt');
    expect(await line.isVisible()).toBe(true);
    expectNoProblems();
  });

  it("shows the 'AAt least' → 'At least' edit, in the text and in the list of edits", async () => {
    await open(page, report, SEED_004);
    const edit = page.locator('.raw .edit', { has: page.locator('.label', { hasText: 'doubled-capital' }) });
    expect(await edit.count()).toBe(1);
    expect(await edit.locator('del').innerText()).toBe('A');
    // The paragraph read with the deleted text and without it (labels and markers aside): AAt → At.
    const id = await edit.getAttribute('id');
    const read = (drop: string) =>
      page.evaluate<string>(`(() => {
        const p = document.getElementById(${JSON.stringify(id)}).closest('p').cloneNode(true);
        for (const el of p.querySelectorAll('.label, .sb, .sr, .arrow, ${drop}')) el.remove();
        return p.textContent;
      })()`);
    expect(await read('ins')).toContain('said. AAt least 100,000 protesters');
    expect(await read('del')).toContain('said. At least 100,000 protesters');
    const row = page.locator('#edits + div tr', { hasText: 'doubled-capital' });
    expect(await row.innerText()).toMatch(/AAt least[^→]*→[^→]*\bAt least/);
    expect(await row.innerText()).not.toMatch(/→[^→]*AAt/);
    expectNoProblems();
  });

  it('shows sentence boundaries on request, from the keyboard', async () => {
    await open(page, report, SEED_004);
    const marks = page.locator('.raw .sb');
    const count = await marks.count();
    expect(count).toBe(26); // sentenceCount of seed 004's record
    expect(await marks.first().isVisible()).toBe(false);
    await page.getByLabel(/Show sentence boundaries/).focus();
    await page.keyboard.press('Space');
    expect(await marks.first().isVisible()).toBe(true);
    expect(await marks.nth(count - 1).isVisible()).toBe(true);
    expectNoProblems();
  });

  it('starts with a skip link that moves focus to the content', async () => {
    await open(page, report, 'index.html');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    expectNoProblems();
  });

  it('links a count of the overview to the rule view, which lists its examples and leads to each place', async () => {
    await open(page, report, 'index.html');
    const row = page.locator('#rules ~ div tr', {
      has: page.locator('th a', { hasText: /^comment-prompt$/ }),
    });
    const lines = row.locator('td').nth(2).locator('a');
    expect(await lines.innerText()).toBe('4');
    await lines.click();
    expect(page.url()).toMatch(/rules\/boilerplate\.comment-prompt\.html#examples$/);
    const examples = page.locator('ol.examples > li');
    expect(await examples.count()).toBe(4);
    // Seed 002 ends with "Add a Comment" and the e-mail notice, seed 004 with "Leave A Reply" and the notice.
    expect(await examples.filter({ hasText: 'Add a Comment' }).count()).toBe(1);
    expect(await examples.filter({ hasText: 'Your email address will not be published' }).count()).toBe(2);
    const leave = examples.filter({ hasText: 'Leave A Reply' });
    expect(await leave.count()).toBe(1);
    await leave.locator('a').first().click();
    expect(page.url()).toMatch(/docs\/74b5994c8a505e26\.html#r\d+$/);
    const target = page.locator(':target');
    expect(await target.locator('s').innerText()).toBe('Leave A Reply');
    expectNoProblems();
  });

  it('has no serious or critical accessibility violation (axe-core) on each kind of page', async () => {
    for (const file of [
      'index.html',
      SEED_004,
      'rules/boilerplate.comment-prompt.html',
      'rules/fix.doubled-capital.html',
      'lists/documents-1.html',
    ]) {
      await open(page, report, file);
      expect(await seriousViolations(page), file).toEqual([]);
    }
    expectNoProblems();
  });
});

describe('report of the extraction-dev pages, in Chromium', () => {
  let report = '';
  let page: Page;
  beforeAll(async () => {
    // The dev pages' text dumps, cleaned into a temporary folder (never copied into the repository).
    const dev = join(evalDataDir(), 'extraction-dev');
    const inDir = join(tempDir('newsclean-report-dev-'), 'in');
    mkdirSync(inDir, { recursive: true });
    for (const name of readdirSync(dev).filter((n) => n.endsWith('.raw.txt')))
      copyFileSync(join(dev, name), join(inDir, name));
    const outDir = join(inDir, '..', 'out');
    const ran = cli(['run', '--in', inDir, '--out', outDir, '--quiet', '--report']);
    expect(ran.status, ran.stderr).toBe(0);
    report = join(outDir, 'report');
    page = await context.newPage();
  }, 180_000);

  it('opens every page without a console error or a request leaving the machine', async () => {
    const pages = filesUnder(report).filter((f) => f.endsWith('.html'));
    expect(pages.filter((f) => f.startsWith('docs/')).length).toBe(72);
    for (const file of pages) await open(page, report, file);
    expectNoProblems();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const files = filesUnder(report);
    // The overview, the rule views of the rules that remove most, and the documents with the most changes.
    const rules = files.filter((f) =>
      /^rules\/(density\.outside-article|boilerplate\.[^.]+|fix\.[^.]+)\.html$/.test(f),
    );
    const docs = files
      .filter((f) => f.startsWith('docs/'))
      .map((f) => [f, readFileSync(join(report, f), 'utf8').length] as const)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 3)
      .map(([f]) => f);
    for (const file of ['index.html', ...rules.slice(0, 4), ...docs]) {
      await open(page, report, file);
      expect(await seriousViolations(page), file).toEqual([]);
    }
    expectNoProblems();
  });
});
