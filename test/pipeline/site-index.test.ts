/**
 * The site pass (pipeline/site-index.ts) must not keep a document's text alive once it has counted its lines:
 * V8 holds the subject of a thread's last RegExp match (the legacy `RegExp.input`), and for a document of many
 * MB that is as much heap as the document, for the rest of the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import { buildSiteIndex } from '../../pipeline/site-index.js';

const dir = mkdtempSync(join(tmpdir(), 'newsclean-site-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The legacy static that names the subject of this thread's last successful match. */
const lastSubject = (): string => (RegExp as unknown as { readonly input: string }).input;

test('after the site pass, the last document text is no longer the subject of the last RegExp match', async () => {
  const line = 'Prices rose again in the capital on Tuesday, officials said.\n';
  const text = `A headline\n\n${line.repeat(2000)}`;
  writeFileSync(join(dir, 'a.txt'), text);
  const config = parseConfig({});
  // The site pass runs regular expressions over each text (line keys); this one would otherwise stay held.
  const index = await buildSiteIndex(dir, ['a.txt'], config, join(dir, 'spill.tmp'));
  expect(index.stats.pairs).toBeGreaterThan(0);
  expect(lastSubject().length).toBeLessThan(line.length);
  // Control: the static does hold a long subject after a match on it, so the assertion above can fail.
  /Prices/.exec(text);
  expect(lastSubject().length).toBe(text.length);
});
