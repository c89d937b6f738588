/**
 * `newsclean schema --out DIR`: the folder is written whole or not at all, like out/ (DESIGN.md: atomic
 * writes). It used to write each file in place, so a crash could leave a half-written schema.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { replaceFolder } from '../../pipeline/output.js';
import { cli, tempDir } from '../cli.js';

// The record types the README's dataset section documents.
const RECORD_TYPES = ['document', 'sentence', 'rejected', 'duplicate', 'near-duplicate'];

describe('newsclean schema --out', () => {
  test('writes one JSON Schema per record type into a new folder', () => {
    const out = join(tempDir('newsclean-schema-'), 'nested', 'schema');
    const result = cli(['schema', '--out', out]);
    expect(result.status).toBe(0);
    const names = readdirSync(out);
    for (const type of RECORD_TYPES) expect(names).toContain(`${type}.schema.json`);
    for (const name of names) {
      expect(name).toMatch(/\.schema\.json$/);
      const schema = JSON.parse(readFileSync(join(out, name), 'utf8')) as { title?: string };
      expect(schema.title).toBe(`newsclean ${name.replace('.schema.json', '')} record`);
    }
    // Nothing is left beside it: the staging folder was swapped in.
    expect(readdirSync(dirname(out))).toEqual(['schema']);
  });

  test('a second run replaces the folder: a schema of a record type that no longer exists does not linger', () => {
    const out = join(tempDir('newsclean-schema-'), 'schema');
    mkdirSync(out);
    writeFileSync(join(out, 'retired.schema.json'), '{"title":"an older version"}\n');
    writeFileSync(join(out, 'document.schema.json'), 'half-writ');
    expect(cli(['schema', '--out', out]).status).toBe(0);
    expect(readdirSync(out)).not.toContain('retired.schema.json');
    expect(() => JSON.parse(readFileSync(join(out, 'document.schema.json'), 'utf8'))).not.toThrow();
  });

  test('refuses a folder holding other files (a dataset), exit 4, and leaves it as it was', () => {
    const out = tempDir('newsclean-schema-');
    writeFileSync(join(out, 'documents.jsonl'), '{"id":"a"}\n');
    writeFileSync(join(out, 'document.schema.json'), '{"old":true}\n');
    const result = cli(['schema', '--out', out]);
    expect(result.status).toBe(4);
    expect(result.stderr).toContain('documents.jsonl');
    expect(result.stderr).toContain('replaced as a whole');
    expect(readdirSync(out).sort()).toEqual(['document.schema.json', 'documents.jsonl']);
    expect(readFileSync(join(out, 'document.schema.json'), 'utf8')).toBe('{"old":true}\n');
  });

  test('refuses a file given as the folder, exit 4', () => {
    const file = join(tempDir('newsclean-schema-'), 'schema');
    writeFileSync(file, 'not a folder');
    const result = cli(['schema', '--out', file]);
    expect(result.status).toBe(4);
    expect(result.stderr).toContain('not a folder');
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });
});

describe('replaceFolder', () => {
  test('a write failing halfway leaves the previous folder whole and no staging folder behind', async () => {
    const parent = tempDir('newsclean-replace-');
    const target = join(parent, 'schema');
    mkdirSync(target);
    writeFileSync(join(target, 'a.schema.json'), 'previous a');
    writeFileSync(join(target, 'b.schema.json'), 'previous b');
    // The second file cannot be written: its folder would have to be the file written just before it.
    const files = { 'a.schema.json': 'new a', 'a.schema.json/b.schema.json': 'new b' };
    await expect(replaceFolder(target, files, (name) => name.endsWith('.schema.json'))).rejects.toThrow(
      /cannot write a\.schema\.json\/b\.schema\.json/,
    );
    expect(readFileSync(join(target, 'a.schema.json'), 'utf8')).toBe('previous a');
    expect(readFileSync(join(target, 'b.schema.json'), 'utf8')).toBe('previous b');
    expect(readdirSync(parent)).toEqual(['schema']);
    expect(existsSync(join(target, 'a.schema.json', 'b.schema.json'))).toBe(false);
  });
});
