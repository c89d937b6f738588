/** The README is the dataset card: it must name every record field and every rule users can meet. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentRecordSchema, SentenceRecordSchema } from '../pipeline/schemas.js';
import { DEFAULT_RULES, IMAGE_ALT_RULE } from '../stages/boilerplate.js';
import { DENSITY_PARAMS, DENSITY_RULES } from '../stages/density.js';
import { FIX_RULES } from '../stages/fix.js';
import { CONTENT_PARAMS, type Languages, languagesLabel } from '../stages/lexicon.js';
import { EVERY_MARKUP_RULE, MARKUP_PARAMS } from '../stages/markup.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every field of documents.jsonl and sentences.jsonl', () => {
    for (const schema of [DocumentRecordSchema, SentenceRecordSchema]) {
      for (const key of Object.keys(schema.shape)) expect(readme, key).toContain(`\`${key}`);
    }
  });

  it('lists every markup, boilerplate, density and fix rule by id', () => {
    const ids = [
      ...EVERY_MARKUP_RULE.map((r) => r.id),
      ...DEFAULT_RULES.map((r) => r.id),
      IMAGE_ALT_RULE.id,
      ...Object.values(DENSITY_RULES).map((r) => r.id),
      ...FIX_RULES.map((r) => r.id),
    ];
    for (const id of ids) expect(readme, id).toContain(`\`${id}\``);
  });

  it('gives every rule of the registries its declared languages in the rule table', () => {
    const rules: { id: string; languages: Languages }[] = [
      ...EVERY_MARKUP_RULE,
      ...DEFAULT_RULES.map((r) => ({ id: r.id, languages: r.languages ?? 'any' })),
      IMAGE_ALT_RULE,
      ...Object.values(DENSITY_RULES),
      ...FIX_RULES,
    ];
    // Rows of the rule table: | stage | rule(s) | languages | what it does | example |
    const start = readme.indexOf('| stage | rule | languages | what it does | example |');
    expect(start).toBeGreaterThan(-1);
    const rows = readme
      .slice(start)
      .split('\n\n')[0]!
      .split('\n')
      .slice(2)
      .map((row) => row.split(' | '));
    for (const rule of rules) {
      const row = rows.find((cells) => (cells[1] ?? '').split(', ').includes(`\`${rule.id}\``));
      expect(row, rule.id).toBeDefined();
      expect(row![2], rule.id).toBe(`\`${languagesLabel(rule.languages)}\``);
    }
  });

  it('documents every density parameter by name', () => {
    for (const key of Object.keys(DENSITY_PARAMS)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('documents every threshold of the HTML stages by name, with its default', () => {
    const rows = (heading: string) => {
      const table = readme.slice(readme.indexOf(heading));
      return table.slice(0, table.indexOf('\n\n'));
    };
    for (const [heading, params] of [
      ['| `html.params` key |', CONTENT_PARAMS],
      ['| `markup.params` key |', MARKUP_PARAMS],
    ] as const) {
      const table = rows(heading);
      for (const [key, value] of Object.entries(params)) {
        const row = table.split('\n').find((line) => line.split(' | ')[0]!.includes(`\`${key}\``));
        expect(row, key).toBeDefined();
        // The keys of a row and its defaults are listed in the same order.
        const keys = row!
          .split(' | ')[0]!
          .match(/`[a-zA-Z]+`/g)!
          .map((k) => k.slice(1, -1));
        const defaults = row!.split(' | ')[1]!.split(', ').map(Number);
        expect(defaults[keys.indexOf(key)], key).toBe(value);
      }
    }
  });

  it('keeps the quick start that CI relies on', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
