/**
 * Writers emit text piece by piece into a batch's arena (pipeline/writers/arena.ts) and documents.jsonl is
 * written from shared pieces (pipeline/writers/json.ts): the bytes must be exactly what encoding each part's
 * whole text, or JSON.stringify of the record, gives, whatever the buffer boundaries.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { partsDigest, spansDigest } from '../../pipeline/manifest.js';
import { LineWriter } from '../../pipeline/output.js';
import type { DocumentRecord } from '../../pipeline/schemas.js';
import type { Part } from '../../pipeline/sinks.js';
import { isSpilled, PlainSink, partBytes, partSlices } from '../../pipeline/sinks.js';
import { PartArena, SpillArena } from '../../pipeline/writers/arena.js';
import { emitDocumentLine, logsJson } from '../../pipeline/writers/json.js';
import { tempDir } from '../cli.js';

const bytesOf = (part: readonly Uint8Array[]) => Buffer.concat(part).toString('utf8');

describe('PartArena', () => {
  it('gives each part exactly its text in UTF-8, across buffer boundaries and multi-byte characters', () => {
    // A small buffer size makes parts cross from one buffer into the next all the time.
    const arena = new PartArena(64);
    const pieces = [
      'plain ',
      'Über straße ',
      '🇧🇾 👨‍👩‍👧 ',
      '€'.repeat(30),
      '',
      'x'.repeat(200),
      '"quoted",\r\n',
    ];
    const texts: string[] = [];
    const parts: Array<readonly Uint8Array[]> = [];
    for (let n = 0; n < 40; n++) {
      arena.begin();
      let text = '';
      for (let k = 0; k <= n % pieces.length; k++) {
        const piece = pieces[(n + k) % pieces.length]!;
        arena.emit(piece);
        text += piece;
      }
      texts.push(text);
      parts.push(arena.end());
    }
    expect(parts.map(bytesOf)).toEqual(texts);
    expect(parts.some((part) => part.length > 1)).toBe(true);
    // Every piece is a view into one of the buffers handed over, and no two parts overlap.
    const buffers = arena.buffers();
    for (const part of parts) for (const piece of part) expect(buffers).toContain(piece.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('an empty part is an empty list; a part larger than a buffer gets a buffer of its size', () => {
    const arena = new PartArena(64);
    arena.begin();
    expect(arena.end()).toEqual([]);
    arena.begin();
    const big = 'ä'.repeat(1000);
    arena.emit(big);
    expect(bytesOf(arena.end())).toBe(big);
  });
});

describe('SpillArena', () => {
  it('gives each part the bytes a PartArena gives, through its file, pieces past its buffer included', async () => {
    const file = join(tempDir(), 'spill', 'doc.spill');
    const spill = new SpillArena(file);
    const memory = new PartArena(64);
    // Past the spill buffer (1 MiB): written straight through; and many small pieces that fill it up.
    const pieces = ['Über straße ', '🇧🇾 ', '€'.repeat(400_000), '', 'x'.repeat(300), '"q",\r\n'];
    const spilled: Part[] = [];
    const held: Uint8Array[][] = [];
    for (let n = 0; n < 30; n++) {
      spill.begin();
      memory.begin();
      for (let k = 0; k <= n % pieces.length; k++) {
        spill.emit(pieces[(n + k) % pieces.length]!);
        memory.emit(pieces[(n + k) % pieces.length]!);
      }
      spilled.push(spill.end());
      held.push(memory.end());
    }
    spill.close();
    const read = async (part: Part) => {
      const slices: Uint8Array[] = [];
      for await (const slice of partSlices(part)) slices.push(slice);
      return Buffer.concat(slices);
    };
    for (const [n, part] of spilled.entries()) {
      expect((await read(part)).equals(Buffer.concat(held[n]!))).toBe(true);
      expect(partBytes(part)).toBe(partBytes(held[n]!));
    }
    expect(spilled.every((part) => part.every(isSpilled))).toBe(true);
    expect(await partsDigest(spilled)).toBe(spansDigest(held));
  });

  it('a part of many MiB written through a PlainSink from one reused slice buffer is the same bytes', async () => {
    const dir = tempDir();
    const spill = new SpillArena(join(dir, 'spill', 'big.spill'));
    // Every MiB slice different from the one before, so a slice overwritten before it reached the file shows.
    const texts = Array.from({ length: 5 }, (_, k) => `${String.fromCharCode(97 + k)}€`.repeat(300_000));
    spill.begin();
    for (const text of texts) spill.emit(text);
    const part = spill.end();
    spill.close();
    const expected = Buffer.from(texts.join(''), 'utf8');
    expect(expected.length).toBeGreaterThan(4 * 1024 * 1024);
    const sink = new PlainSink(join(dir, 'out.txt'), 'out.txt', 'header\n');
    const small = [Buffer.from('before\n')];
    await sink.append(small);
    const span = await sink.append(part);
    await sink.append([Buffer.from('after\n')]);
    await sink.close();
    const file = readFileSync(join(dir, 'out.txt'));
    expect(span).toEqual([14, expected.length]);
    expect(file.subarray(span[0], span[0] + span[1]).equals(expected)).toBe(true);
    expect(file.subarray(0, 14).toString()).toBe('header\nbefore\n');
    expect(file.subarray(14 + expected.length).toString()).toBe('after\n');
    // The digest reads the same slices through one buffer too.
    expect(await partsDigest([part])).toBe(spansDigest([[expected]]));
  });

  it('a part mixing pieces in memory and spilled pieces is written in order, byte for byte', async () => {
    const dir = tempDir();
    const spill = new SpillArena(join(dir, 'spill', 'mixed.spill'));
    // Two spilled pieces of more than one slice each, different in every MiB, between pieces in memory.
    const spilledText = (k: number) => `${String.fromCharCode(100 + k)}é`.repeat(700_000);
    const spilled: Part[] = [];
    for (const k of [0, 1]) {
      spill.begin();
      spill.emit(spilledText(k));
      spilled.push(spill.end());
    }
    spill.close();
    const mixed: Part = [
      Buffer.from('one\n'),
      ...spilled[0]!,
      Buffer.alloc(0),
      Buffer.from('two €\n'),
      ...spilled[1]!,
      Buffer.from('three\n'),
    ];
    const expected = Buffer.from(`one\n${spilledText(0)}two €\n${spilledText(1)}three\n`, 'utf8');
    const sink = new PlainSink(join(dir, 'out.txt'), 'out.txt', '');
    await sink.append([Buffer.from('first\n')]);
    const span = await sink.append(mixed);
    await sink.append([Buffer.from('last\n')]);
    await sink.close();
    const file = readFileSync(join(dir, 'out.txt'));
    expect(span).toEqual([6, expected.length]);
    expect(file.equals(Buffer.concat([Buffer.from('first\n'), expected, Buffer.from('last\n')]))).toBe(true);
  });
});

describe('PlainSink with parts in memory', () => {
  it('writes many small parts byte for byte, gathered, never waiting for each on the file', async () => {
    const dir = tempDir();
    const through = vi.spyOn(LineWriter.prototype, 'writeThrough');
    try {
      const sink = new PlainSink(join(dir, 'out.csv'), 'out.csv', 'id,text\n');
      const parts: Uint8Array[][] = [];
      // Far more than the writer gathers at once (256 KiB), in parts of one to three pieces.
      for (let n = 0; n < 3000; n++) {
        const line = `${n},"Über ${'x'.repeat(n % 200)} 🇧🇾"\r\n`;
        parts.push(
          n % 3 === 0
            ? [Buffer.from(line)]
            : [Buffer.from(line.slice(0, 5)), Buffer.alloc(0), Buffer.from(line.slice(5))],
        );
      }
      const spans = [];
      for (const part of parts) spans.push(await sink.append(part));
      const closed = await sink.close();
      const file = readFileSync(join(dir, 'out.csv'));
      const expected = Buffer.concat([Buffer.from('id,text\n'), ...parts.flat()]);
      expect(file.equals(expected)).toBe(true);
      expect(closed.size).toBe(expected.length);
      for (const [n, [offset, length]] of spans.entries()) {
        expect(file.subarray(offset, offset + length).equals(Buffer.concat(parts[n]!))).toBe(true);
      }
      // Only spilled pieces, read into one reused buffer, must reach the file before the next slice is read.
      expect(through).not.toHaveBeenCalled();
    } finally {
      through.mockRestore();
    }
  });
});

const document = {
  id: 'abc',
  provenance: { sourcePath: 'a "b".txt', sourceSha256: 'f'.repeat(64) },
  title: 'Line\u2028separator and \\ backslash',
  text: 'Body "quoted"\n\nSecond',
  edits: [{ stage: 'fix', rule: 'doubled-capital', rawStart: 1, rawEnd: 3, before: 'AAt', after: 'At' }],
  removed: [{ stage: 'boilerplate', rule: 'read-more', rawStart: 4, rawEnd: 9, text: 'Read More: x' }],
  findings: [],
} as unknown as DocumentRecord;

describe('documents.jsonl from shared pieces', () => {
  const line = (record: DocumentRecord) => {
    let text = '';
    emitDocumentLine(record, (piece) => {
      text += piece;
    });
    return text;
  };

  it('is JSON.stringify of the record, its logs the same text documents.csv writes', () => {
    expect(line(document)).toBe(`${JSON.stringify(document)}\n`);
    expect(logsJson(document)).toEqual({
      edits: JSON.stringify(document.edits),
      removed: JSON.stringify(document.removed),
      findings: '[]',
    });
  });

  it('a record whose keys do not end with the logs is stringified whole, in its own order', () => {
    const { edits, removed, findings, ...rest } = document;
    const reordered = { edits, ...rest, removed, findings } as DocumentRecord;
    expect(line(reordered)).toBe(`${JSON.stringify(reordered)}\n`);
  });
});
