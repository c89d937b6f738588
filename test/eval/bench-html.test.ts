/** bench/html.ts's large page: real markup from several pages one after another, to the size asked for. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { bigHtmlPage } from '../../bench/html.js';

const dir = mkdtempSync(join(tmpdir(), 'newsclean-bench-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bigHtmlPage', () => {
  it("keeps the first page's head and puts every page's body in turn until the size is reached", () => {
    const paths = ['one', 'two'].map((name) => {
      const path = join(dir, `${name}.html.gz`);
      const html = `<html><head><title>${name}</title></head><body class="x"><p>Body of page ${name}, a paragraph of text.</p></body></html>`;
      writeFileSync(path, gzipSync(html));
      return path;
    });
    const page = bigHtmlPage(paths, 0.001);
    expect(Buffer.byteLength(page)).toBeGreaterThanOrEqual(1000);
    expect(Buffer.byteLength(page)).toBeLessThan(1200);
    expect(page.match(/<head>/gu)).toHaveLength(1);
    expect(page).toContain('<title>one</title>');
    expect(page).not.toContain('<title>two</title>');
    const bodies = [...page.matchAll(/Body of page (\w+)/gu)].map((m) => m[1]);
    expect(bodies.slice(0, 4)).toEqual(['one', 'two', 'one', 'two']);
    expect(page.trimEnd().endsWith('</body></html>')).toBe(true);
  });
});
