/** The README is the dataset card: it must name every record field and every rule users can meet. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentRecordSchema, SentenceRecordSchema } from '../pipeline/schemas.js';
import { DEFAULT_RULES, IMAGE_ALT_RULE } from '../stages/boilerplate.js';
import { DENSITY_PARAMS, DENSITY_RULES } from '../stages/density.js';
import { FIX_RULES } from '../stages/fix.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every field of documents.jsonl and sentences.jsonl', () => {
    for (const schema of [DocumentRecordSchema, SentenceRecordSchema]) {
      for (const key of Object.keys(schema.shape)) expect(readme, key).toContain(`\`${key}`);
    }
  });

  it('lists every boilerplate, density and fix rule by id', () => {
    const ids = [
      ...DEFAULT_RULES.map((r) => r.id),
      IMAGE_ALT_RULE.id,
      ...Object.values(DENSITY_RULES).map((r) => r.id),
      ...FIX_RULES.map((r) => r.id),
    ];
    for (const id of ids) expect(readme, id).toContain(`\`${id}\``);
  });

  it('documents every density parameter by name', () => {
    for (const key of Object.keys(DENSITY_PARAMS)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('keeps the quick start that CI relies on', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
