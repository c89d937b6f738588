/**
 * npm run screenshots: cleans raw/ into a temporary folder with the audit report, opens its overview and seed
 * 004's document view in headless Chromium (Debian's, as the browser tests use it) and saves them as
 * docs/report-overview.png and docs/report-document.png, the pictures in the README. Run after `npm run build`
 * (the npm script does); needs /usr/bin/chromium (`apt-get install -y chromium`, or any `npm test` as root).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../dist/pipeline/config.js';
import { run } from '../dist/pipeline/run.js';
import { launchChromium } from './chromium.mjs';

const USAGE = `Usage: npm run screenshots

Cleans raw/ with the audit report and saves docs/report-overview.png and docs/report-document.png from
headless Chromium (/usr/bin/chromium). Takes no options.
`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`screenshots: unknown argument ${args[0]}\n\n${USAGE}`);
  process.exit(2);
}

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'newsclean-screenshots-'));
const outDir = join(work, 'out');
const images = join(root, 'docs');
mkdirSync(images, { recursive: true });
try {
  await run({ inDir: join(root, 'raw'), outDir, config: parseConfig({}), concurrency: 1, report: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file://') ? route.continue() : route.abort(),
    );
    const shoot = async (file, image, element) => {
      await page.goto(pathToFileURL(join(outDir, 'report', file)).href);
      const path = join(images, image);
      await (element ? page.locator(element).screenshot({ path }) : page.screenshot({ path }));
      process.stdout.write(`wrote docs/${image}\n`);
    };
    await shoot('index.html', 'report-overview.png');
    // Seed 004's raw text: its edits (AAt → At) and its struck comment prompt (Leave A Reply).
    await shoot('docs/74b5994c8a505e26.html', 'report-document.png', '.raw');
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
