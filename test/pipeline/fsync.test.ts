/**
 * Durability of the swap (issue 13, item 10): every staged file and folder is fsync'd before the renames that
 * put the staging folder in place, and the parent folder after them, so a power cut cannot leave an output
 * folder of empty or short files (the renames can reach the disk before the data otherwise).
 * Which file a sync is for is read from /proc/self/fd (Linux, as CI runs).
 */
import { readlinkSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LineWriter, Staging } from '../../pipeline/output.js';
import { tempDir } from '../cli.js';

afterEach(() => vi.restoreAllMocks());

describe('Staging.commit', () => {
  test('syncs every staged file and folder before the swap, and the parent after it', async () => {
    const parent = tempDir('newsclean-fsync-');
    const target = join(parent, 'out');
    await mkdir(target);
    await writeFile(join(target, 'old.txt'), 'previous output');
    const probe = await open(join(target, 'old.txt'), 'r');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();

    const synced: string[] = [];
    const realSync = proto.sync;
    vi.spyOn(proto, 'sync').mockImplementation(async function (this: { fd: number }) {
      synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
      return realSync.call(this);
    });

    const staging = await Staging.open(target);
    await staging.writeFile('documents.jsonl', '{"id":"a"}\n');
    await staging.writeFile('schema/document.schema.json', '{}\n');
    const stagingDir = staging.dir;
    await staging.commit();

    expect(synced).toEqual(
      expect.arrayContaining([
        join(stagingDir, 'documents.jsonl'),
        join(stagingDir, 'schema', 'document.schema.json'),
        join(stagingDir, 'schema'),
        stagingDir,
      ]),
    );
    // The folder entry of the renamed output reaches the disk too: the parent is synced last.
    expect(synced.at(-1)).toBe(parent);
  });
});

describe('LineWriter.close', () => {
  test('closing twice resolves (a run failing after its writers closed closes them again; it used to wait forever, exit 13)', async () => {
    const writer = new LineWriter(join(tempDir('newsclean-close-'), 'a.jsonl'), 'a.jsonl');
    await writer.write('{}\n');
    await writer.close();
    const again = await Promise.race([
      writer.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000)),
    ]);
    expect(again).toBe('closed');
  });
});
