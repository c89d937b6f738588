/**
 * The dataset card (out/README.md): Hugging Face YAML front matter that points each config at a file the run
 * wrote, with features matching the records, then the card for people.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

function run(out: string, ...extra: string[]): string {
  const r = cli(['run', '--in', RAW, '--out', out, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(join(out, 'README.md'), 'utf8');
}

const frontMatter = (card: string) => {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(card);
  expect(m, 'the card starts with YAML front matter').not.toBeNull();
  return m![1]!;
};

/** The front matter parsed by PyYAML, when python3 has it (an independent YAML reader). */
function parsed(yaml: string): Record<string, unknown> | null {
  const r = spawnSync(
    'python3',
    ['-c', 'import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.stdin.read())))'],
    {
      input: yaml,
      encoding: 'utf8',
    },
  );
  return r.status === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : null;
}

describe('the dataset card', () => {
  const dir = tempDir();
  let card = '';
  beforeAll(() => {
    card = run(join(dir, 'default'));
  });

  it('out/README.md in git is the card a default run on raw/ writes, so `npm start` leaves the tree clean', () => {
    expect(readFileSync(join(ROOT, 'out', 'README.md'), 'utf8')).toBe(card);
  });

  it('points the documents and sentences configs at JSON Lines by default, with features', () => {
    const yaml = frontMatter(card);
    expect(yaml).toContain(
      '- config_name: documents\n  data_files:\n  - split: train\n    path: documents.jsonl',
    );
    expect(yaml).toContain(
      '- config_name: sentences\n  data_files:\n  - split: train\n    path: sentences.jsonl',
    );
    expect(yaml).toContain('license: other');
    expect(yaml).toContain('size_categories:\n- n<1K');
    expect(yaml).toContain('language:\n- en');
    const value = parsed(yaml);
    if (value === null) return;
    const info = value.dataset_info as Array<{ config_name: string; features: Array<{ name: string }> }>;
    const documents = info.find((c) => c.config_name === 'documents')!;
    const first = JSON.parse(
      readFileSync(join(dir, 'default', 'documents.jsonl'), 'utf8').split('\n')[0]!,
    ) as object;
    // The record's fields in its order; `markup` (HTML input only, so absent from this text document) after credits.
    const fields = Object.keys(first);
    fields.splice(fields.indexOf('credits') + 1, 0, 'markup');
    expect(documents.features.map((f) => f.name)).toEqual(fields);
  });

  it('prefers Parquet when written, names only files that exist, and describes lean records', () => {
    const out = join(dir, 'parquet');
    const lean = run(out, '--formats', 'csv,parquet', '--lean', 'sentences');
    const yaml = frontMatter(lean);
    const paths = [...yaml.matchAll(/path: (\S+)/g)].map((m) => m[1]!);
    expect(paths).toEqual(['documents.parquet', 'sentences.parquet']);
    for (const path of paths) expect(existsSync(join(out, path))).toBe(true);
    const value = parsed(yaml);
    if (value !== null) {
      const info = value.dataset_info as Array<{ config_name: string; features: Array<{ name: string }> }>;
      const sentences = info.find((c) => c.config_name === 'sentences')!;
      expect(sentences.features.map((f) => f.name)).not.toContain('provenance');
    }
    expect(lean).toContain('--lean sentences');
  });
});
