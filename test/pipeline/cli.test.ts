/** The command line end to end: flags, config errors, bad inputs next to good ones, record shapes. */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  DocumentRecordSchema,
  NearDuplicateRecordSchema,
  RejectedRecordSchema,
  SentenceRecordSchema,
} from '../../pipeline/schemas.js';
import { cli, readJsonl, tempDir } from '../cli.js';
import { RAW, ROOT } from '../helpers.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('newsclean CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/run \[options\]/);
    expect(result.stdout).toMatch(/check \[options\]/);
    expect(result.stdout).toMatch(/schema \[options\]/);
  });

  it('--version prints the package version', () => {
    const result = cli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('an unknown flag is a usage error: exit 2', () => {
    const result = cli(['run', '--no-such-flag']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });

  it('--concurrency 0 is refused with a readable message: exit 2', () => {
    const result = cli(['run', '--concurrency', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected a whole number from 1 to 64 (worker threads), got `0`');
  });

  it('a config with an unknown key names the key and its path: exit 2', () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ cleaning: { fix: { disable: [], colour: 'red' } } }));
    const result = cli(['run', '--in', RAW, '--out', join(dir, 'out'), '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('`cleaning.fix.colour`');
  });

  it('a config value of the wrong type says what was expected and what was given: exit 2', () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ cleaning: { decode: { maxBytes: -1 } } }));
    const result = cli(['run', '--in', RAW, '--out', join(dir, 'out'), '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/expected `cleaning\.decode\.maxBytes` to be .*, got `-1`/);
  });

  it('a config file that is not JSON is a config error: exit 2', () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, '{ not json');
    expect(cli(['run', '--in', RAW, '--out', join(dir, 'out'), '--config', config]).status).toBe(2);
  });
});

describe('a batch with bad inputs', () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const out = join(dir, 'out');
  cpSync(RAW, input, { recursive: true });
  mkdirSync(join(input, 'bad'));
  writeFileSync(
    join(input, 'bad', 'binary.txt'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
  );
  writeFileSync(join(input, 'bad', 'empty.txt'), '');
  writeFileSync(
    join(input, 'bad', 'latin1.txt'),
    Buffer.from('Caf\xe9 au lait\n\nSecond paragraph.', 'latin1'),
  );
  writeFileSync(join(input, 'copy-of-001.txt'), readFileSync(join(RAW, '001_dda71ece31420e93.txt')));
  writeFileSync(
    join(input, 'emoji.txt'),
    'Fans cheer 🎉 in Minsk\n\nThe crowd 🎉🎉 sang. Police watched from a distance.\n',
  );
  const crlf =
    'Title line here\r\n\r\nThe first line of the body is a sentence about the protests in Minsk.\r\nThe second line of it says more about what the police did on Sunday.\r\n';
  writeFileSync(join(input, 'crlf.txt'), crlf);
  const result = cli(['run', '--in', input, '--out', out, '--concurrency', '2']);

  it('goes on and exits 0 (rejections under the threshold)', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /11 input files, 11 records → 7 documents, .* 3 rejected \(1 binary, 1 empty, 1 invalid-utf8\), 1 duplicate in/s,
    );
  });

  it('writes each bad input to rejected.jsonl with its path, code and reason', () => {
    const rejected = readJsonl(join(out, 'rejected.jsonl')).map((r) => RejectedRecordSchema.parse(r));
    expect(rejected.map((r) => [r.sourcePath, r.code])).toEqual([
      ['bad/binary.txt', 'binary'],
      ['bad/empty.txt', 'empty'],
      ['bad/latin1.txt', 'invalid-utf8'],
    ]);
    expect(rejected[2]!.reason).toContain('byte 3');
  });

  it('records an identical file once, and the copy in duplicates.jsonl', () => {
    const sha = createHash('sha256')
      .update(readFileSync(join(RAW, '001_dda71ece31420e93.txt')))
      .digest('hex');
    const duplicates = readJsonl(join(out, 'duplicates.jsonl'));
    expect(duplicates).toMatchObject([
      {
        sourcePath: 'copy-of-001.txt',
        record: null,
        canonicalPath: '001_dda71ece31420e93.txt',
        duplicateOf: sha.slice(0, 16),
      },
    ]);
  });

  it('writes the good documents in sorted path order, each valid against its schema', () => {
    const documents = readJsonl(join(out, 'documents.jsonl')).map((d) =>
      DocumentRecordSchema.strict().parse(d),
    );
    expect(documents.map((d) => d.provenance.sourcePath)).toEqual([
      '000_8fb8cfed5590595c.txt',
      '001_dda71ece31420e93.txt',
      '002_ab25870fd85ba532.txt',
      '003_50f3dc58f48f5c21.txt',
      '004_213902cbc18ef981.txt',
      'crlf.txt',
      'emoji.txt',
    ]);
    for (const d of documents) {
      expect(d.id).toBe(d.provenance.sourceSha256.slice(0, 16));
      expect(d.provenance.pipelineVersion).toBe(version);
      expect(d.provenance.configHash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('counts offsets in code points, so Python-style slicing of the raw text gives the sentence', () => {
    const raw = [...'Fans cheer 🎉 in Minsk\n\nThe crowd 🎉🎉 sang. Police watched from a distance.\n'];
    const sentences = readJsonl(join(out, 'sentences.jsonl'))
      .map((s) => SentenceRecordSchema.strict().parse(s))
      .filter((s) => s.provenance.sourcePath === 'emoji.txt');
    expect(sentences.map((s) => s.text)).toEqual(['The crowd 🎉🎉 sang.', 'Police watched from a distance.']);
    for (const s of sentences) expect(raw.slice(s.rawStart, s.rawEnd).join('')).toBe(s.text);
  });

  it('handles CRLF input: the line break inside a paragraph is normalised and logged', () => {
    const doc = readJsonl(join(out, 'documents.jsonl'))
      .map((d) => DocumentRecordSchema.parse(d))
      .find((d) => d.provenance.sourcePath === 'crlf.txt')!;
    expect(doc.decoding.lineEndings).toBe('crlf');
    expect(doc.text).toBe(
      'The first line of the body is a sentence about the protests in Minsk.\nThe second line of it says more about what the police did on Sunday.',
    );
    const at = crlf.indexOf('\r\nThe second');
    expect(doc.edits).toEqual([
      { stage: 'segment', rule: 'line-break', rawStart: at, rawEnd: at + 2, before: '\r\n', after: '\n' },
    ]);
  });

  it('writes RFC 4180 CSV that parses back to the JSONL records', () => {
    const jsonl = readJsonl(join(out, 'documents.jsonl')).map((d) => DocumentRecordSchema.parse(d));
    const rows = parse(readFileSync(join(out, 'documents.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.id)).toEqual(jsonl.map((d) => d.id));
    rows.forEach((row, i) => {
      expect(row.text).toBe(jsonl[i]!.text);
      expect(JSON.parse(row.edits!)).toEqual(jsonl[i]!.edits);
    });
    const sentences = parse(readFileSync(join(out, 'sentences.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const sentenceJsonl = readJsonl(join(out, 'sentences.jsonl')).map((s) => SentenceRecordSchema.parse(s));
    expect(sentences.map((s) => s.text)).toEqual(sentenceJsonl.map((s) => s.text));
  });

  it('reports counts per stage and rule in run.json', () => {
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      counts: Record<string, number>;
      rejectedByCode: Record<string, number>;
      outputs: Record<string, number>;
      languages: Record<string, number>;
    };
    expect(report.rejectedByCode).toEqual({ binary: 1, empty: 1, 'invalid-utf8': 1 });
    // Every cleaned document is counted once under its language; the seeds are English news.
    const languageTotal = Object.values(report.languages).reduce((a, b) => a + b, 0);
    expect(languageTotal).toBe(report.outputs.documents);
    expect(report.languages.en).toBeGreaterThanOrEqual(5);
    expect(report.counts['language.en']).toBe(report.languages.en);
    expect(report.counts['fix.doubled-capital']).toBe(1);
    expect(report.counts['boilerplate.comment-prompt']).toBe(4);
    expect(report.outputs.duplicates).toBe(1);
  });
});

describe('near-duplicate documents', () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const out = join(dir, 'out');
  cpSync(RAW, input, { recursive: true });
  const story = readFileSync(join(RAW, '004_213902cbc18ef981.txt'), 'utf8');
  // A second outlet's copy: another section label, one word changed, one typo left in.
  writeFileSync(
    join(input, 'other-outlet.txt'),
    story.replace(' | European news', ' | World').replace('Sochi', 'Sochi,').replace('AAt least', 'At least'),
  );
  const result = cli(['run', '--in', input, '--out', out, '--quiet']);

  it('are recorded as a cluster in near-duplicates.jsonl, and both stay in documents.jsonl', () => {
    expect(result.status).toBe(0);
    const clustersFound = readJsonl(join(out, 'near-duplicates.jsonl')).map((c) =>
      NearDuplicateRecordSchema.strict().parse(c),
    );
    expect(clustersFound).toHaveLength(1);
    expect(clustersFound[0]!.members.map((m) => m.sourcePath).sort()).toEqual([
      '004_213902cbc18ef981.txt',
      'other-outlet.txt',
    ]);
    expect(clustersFound[0]!.clusterId).toBe([...clustersFound[0]!.members.map((m) => m.id)].sort()[0]);
    const paths = readJsonl(join(out, 'documents.jsonl')).map(
      (d) => DocumentRecordSchema.parse(d).provenance.sourcePath,
    );
    expect(paths).toContain('other-outlet.txt');
    expect(paths).toContain('004_213902cbc18ef981.txt');
  });
});

describe('near-duplicate documents on an incremental re-run', () => {
  it('are found again from the signatures kept in the manifest, byte for byte', () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    const out = join(dir, 'out');
    cpSync(RAW, input, { recursive: true });
    const story = readFileSync(join(RAW, '001_dda71ece31420e93.txt'), 'utf8');
    writeFileSync(join(input, 'copy-with-a-fix.txt'), story.replace('Aug. 9', 'August 9'));
    expect(cli(['run', '--in', input, '--out', out, '--quiet']).status).toBe(0);
    const first = readFileSync(join(out, 'near-duplicates.jsonl'), 'utf8');
    expect(first.split('\n').filter(Boolean)).toHaveLength(1);
    expect(cli(['run', '--in', input, '--out', out, '--quiet']).status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      incremental: { reused: number };
    };
    expect(report.incremental.reused).toBe(6);
    expect(readFileSync(join(out, 'near-duplicates.jsonl'), 'utf8')).toBe(first);
  });
});
