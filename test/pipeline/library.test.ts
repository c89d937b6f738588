/**
 * The library API (pipeline/index.ts): clean() returns exactly the record `newsclean run` writes, checked
 * against the golden files of the seeds (test/golden, read by eye when written), and the read-only registries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_PLACEHOLDER } from '../../pipeline/check.js';
import {
  CONTENT_PARAMS,
  ConfigError,
  clean,
  cleanWithSentences,
  configHash,
  defaultConfig,
  FIX_RULES,
  isRejected,
  MARKUP_PARAMS,
  parseConfig,
  RULE_IDS,
  RULES,
} from '../../pipeline/index.js';
import { runningCodeFingerprint } from '../../pipeline/version.js';
import { RAW, ROOT } from '../helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const lines = (file: string) => readFileSync(join(GOLDEN, file), 'utf8').split('\n').filter(Boolean);
/** A record as the golden files hold it: the code fingerprint as zeros (pipeline/check.ts says why). */
const asGolden = (record: unknown) =>
  JSON.stringify(record).replaceAll(runningCodeFingerprint(), FINGERPRINT_PLACEHOLDER);
const seeds = readdirSync(RAW)
  .filter((name) => name.endsWith('.txt'))
  .sort();

describe('clean()', () => {
  const golden = lines('documents.jsonl').map(
    (line) => JSON.parse(line) as { provenance: { sourcePath: string } },
  );

  it('returns, for each seed, exactly its record in test/golden/documents.jsonl', () => {
    expect(seeds).toHaveLength(5);
    for (const name of seeds) {
      const expected = golden.find((record) => record.provenance.sourcePath === name);
      expect(expected, name).toBeDefined();
      const record = clean(readFileSync(join(RAW, name)), { sourcePath: name });
      // Key order and values: JSON.stringify of the parsed golden line is the line in a canonical spelling.
      expect(asGolden(record), name).toBe(JSON.stringify(expected));
    }
  });

  it('cleans a string as its UTF-8 bytes', () => {
    const name = seeds[0]!;
    const text = readFileSync(join(RAW, name), 'utf8');
    expect(clean(text, { sourcePath: name })).toEqual(
      clean(readFileSync(join(RAW, name)), { sourcePath: name }),
    );
  });

  it('gives the sentences of sentences.jsonl with cleanWithSentences()', () => {
    const golden = lines('sentences.jsonl').map((line) => JSON.parse(line) as { docId: string });
    for (const name of seeds) {
      const records = cleanWithSentences(readFileSync(join(RAW, name)), { sourcePath: name });
      if ('code' in records) throw new Error(`${name} rejected: ${records.reason}`);
      const expected = golden.filter((s) => s.docId === records.document.id);
      expect(expected.length, name).toBeGreaterThan(0);
      expect(records.sentences.map(asGolden), name).toEqual(expected.map((s) => JSON.stringify(s)));
    }
  });

  it('returns a rejection record, not an exception, for input that cannot be cleaned', () => {
    const binary = clean(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]), {
      sourcePath: 'a.bin',
    });
    expect(isRejected(binary)).toBe(true);
    expect(binary).toMatchObject({ sourcePath: 'a.bin', code: 'binary', record: null });
    const empty = clean('');
    expect(empty).toMatchObject({ code: 'empty', sourcePath: '' });
    expect(isRejected(clean('Title\n\nA sentence of the story that is long enough to keep.'))).toBe(false);
  });

  it('takes a config as written in a config file, and rejects a wrong one with the CLI message', () => {
    const seed = seeds.find((name) => name.startsWith('004'))!;
    const bytes = readFileSync(join(RAW, seed));
    const rules = (record: ReturnType<typeof clean>) =>
      isRejected(record) ? [] : record.edits.map((edit) => edit.rule);
    expect(rules(clean(bytes))).toContain('doubled-capital');
    const off = clean(bytes, { config: { cleaning: { fix: { disable: ['doubled-capital'] } } } });
    expect(rules(off)).not.toContain('doubled-capital');
    // Another config, another hash in the provenance.
    expect(isRejected(off) ? null : off.provenance.configHash).not.toBe(
      isRejected(clean(bytes))
        ? null
        : (clean(bytes) as { provenance: { configHash: string } }).provenance.configHash,
    );
    expect(() => clean(bytes, { config: { cleaning: { fix: { disable: ['doubled-capitol'] } } } })).toThrow(
      ConfigError,
    );
    expect(() => clean(bytes, { config: { concurrency: 0 } })).toThrow(/expected `concurrency` to be/);
  });

  it('hashes the HTML-only sections only when they differ from their defaults', () => {
    const hash = (cleaning: unknown) => configHash(parseConfig({ cleaning }).cleaning);
    const plain = hash({});
    // Written out at their defaults they are the default config: the same hash as leaving them out.
    expect(
      hash({
        html: { params: { ...CONTENT_PARAMS } },
        markup: { disable: [], params: { ...MARKUP_PARAMS } },
      }),
    ).toBe(plain);
    // Any other value is another config, and each section counts on its own.
    const html = hash({ html: { params: { minChars: 30 } } });
    const markup = hash({ markup: { params: { protectMinChars: 150 } } });
    const disabled = hash({ markup: { disable: ['link-text'] } });
    expect(new Set([plain, html, markup, disabled]).size).toBe(4);
    expect(
      hash({ html: { params: { minChars: 30 } }, markup: { params: { protectMinChars: 150 } } }),
    ).not.toBe(html);
    // A text section still counts whatever its value.
    expect(hash({ fix: { disable: [] } })).toBe(plain);
    expect(hash({ fix: { maxEdits: 5 } })).not.toBe(plain);
  });
});

describe('the rule registry', () => {
  it('lists every rule config can disable, with its stage, languages and why', () => {
    for (const [stage, ids] of Object.entries(RULE_IDS))
      expect(
        RULES.filter((rule) => rule.stage === stage).map((rule) => rule.id),
        stage,
      ).toEqual(ids);
    for (const rule of RULES) {
      expect(rule.why.length, rule.id).toBeGreaterThan(10);
      expect(rule.languages === 'any' || rule.languages.length > 0, rule.id).toBe(true);
    }
    expect(RULES.find((rule) => rule.id === 'doubled-capital')?.example).toEqual(FIX_RULES[0]?.example);
  });

  it('is read-only', () => {
    expect(Object.isFrozen(RULES)).toBe(true);
    expect(Object.isFrozen(RULES[0])).toBe(true);
    expect(() => {
      (RULES as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('gives the defaults of every option through defaultConfig() and parseConfig()', () => {
    expect(defaultConfig()).toEqual(parseConfig({}));
    expect(defaultConfig().cleaning.density.params).toEqual(parseConfig({}).cleaning.density.params);
    expect(defaultConfig().cleaning.siteRepeated.minDocs).toBe(3);
  });
});
