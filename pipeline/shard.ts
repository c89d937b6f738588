/**
 * Sharded runs: `newsclean run --shard K/N` cleans the input files whose stable key (the relative path) falls
 * in shard K of N, and writes beside its dataset what `newsclean merge` needs (pipeline/merge.ts):
 *
 * - `shard-items.jsonl`: every input record of the shard in input order, with what became of it (document,
 *   rejected before or after admission, duplicate inside the shard), its path, record and sha256, so the
 *   merge can resolve exact duplicates across shards without reading the dataset files;
 * - `manifest.jsonl` (as every run): each document's parts, counts and near-duplicate signature;
 * - `shard.json`, the completion marker, written last into the staging folder and swapped in with the rest:
 *   the shard, the stamp (version, code fingerprint, config hash) and config, the output options, the whole
 *   input's listing, the digest of the site index, every covered input file with its sha256, and every file of
 *   the shard folder with its size and sha256 (so a merge refuses a shard copied or synced only in part).
 *
 * Every shard runs the site pass (pipeline/site-index.ts) over the WHOLE input, since a document's furniture
 * lines depend on the other documents of its site, which may sit in other shards: that is what makes a
 * shard's documents byte-identical to the same documents of a single run.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigFile } from './config.js';
import type { RunStamp } from './dedupe.js';
import type { SourceRecord } from './schemas.js';
import type { OutputOptions } from './writers/options.js';

export const SHARD_MARKER = 'shard.json';
export const SHARD_ITEMS = 'shard-items.jsonl';
/** The marker's format: a merge refuses markers of another format. */
export const SHARD_FORMAT = 1;

export interface ShardSpec {
  /** 0-based shard number, below count. */
  readonly index: number;
  readonly count: number;
}

/** The largest N of `--shard K/N`. */
export const MAX_SHARDS = 100_000;

/** `K/N` (0 ≤ K < N) → the shard, or an explanation of what is wrong. */
export function parseShard(value: string): ShardSpec | string {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(value.trim());
  if (!m) return `expected K/N (shard K of N, 0 ≤ K < N, for example 0/8), got \`${value}\``;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return `expected N from 1 to ${MAX_SHARDS} in K/N, got \`${value}\``;
  if (index >= count) return `expected K below N in K/N (shards are numbered 0 to N-1), got \`${value}\``;
  return { index, count };
}

/**
 * The shard of an input file: the first 32 bits of the sha256 of its relative path (with / separators), mod N.
 * It depends on the path alone, so adding or changing a file never moves another file to another shard.
 */
export function shardOf(relativePath: string, count: number): number {
  return createHash('sha256').update(relativePath, 'utf8').digest().readUInt32BE(0) % count;
}

/** sha256 of the sorted relative paths of the whole input, one a line: every shard must have seen the same. */
export function listingDigest(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\n`);
  return hash.digest('hex');
}

/** One covered input file: its relative path, its sha256 and size (a link or unreadable file: see fileHash). */
export interface CoveredFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * sha256 and size of a file, streamed. A symbolic link is not followed (a run never reads through it): its
 * target's name is hashed instead; a path that cannot be read hashes as `unreadable`, so it still has a key.
 */
export async function fileHash(path: string): Promise<FileDigest> {
  const info = await lstat(path).catch(() => null);
  if (info === null || info.isSymbolicLink() || !info.isFile()) {
    const what = info?.isSymbolicLink() ? `symlink:${await readlink(path).catch(() => '')}` : 'unreadable';
    return { bytes: 0, sha256: createHash('sha256').update(what).digest('hex') };
  }
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).byteLength;
    }
  } catch {
    return { bytes: 0, sha256: createHash('sha256').update('unreadable').digest('hex') };
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Every file under dir (relative, / separators, sorted), folders walked. */
export async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, name)));
    else out.push(name);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The completion marker, shard.json. */
export interface ShardMarker extends RunStamp {
  readonly format: typeof SHARD_FORMAT;
  readonly shard: ShardSpec;
  readonly config: ConfigFile['cleaning'];
  /** How input files are read (JSON Lines field names...): not in the config hash, but it changes records. */
  readonly inputConfig: ConfigFile['input'];
  readonly output: OutputOptions;
  /** The whole input as the shard listed it: file count, listingDigest, skipped (not input) files. */
  readonly input: { readonly files: number; readonly listing: string; readonly skipped: readonly string[] };
  /** Digest of the site index every shard builds over the whole input (SiteIndex.digest()). */
  readonly siteIndex: string;
  /** The input files this shard covered, in input order. */
  readonly covered: readonly CoveredFile[];
  /** Every other file of the shard folder, with its size and sha256. */
  readonly files: Readonly<Record<string, FileDigest>>;
}

/** A line of shard-items.jsonl: one input record of the shard, in input order. */
export interface ShardItem {
  /**
   * `document`: cleaned, its parts in the dataset files (the next manifest entry); `rejected`: rejected when
   * read (never a duplicate); `failed`: admitted, then rejected by cleaning (the next line of rejected.jsonl);
   * `duplicate`: the same bytes as an earlier record of this shard.
   */
  readonly kind: 'document' | 'rejected' | 'failed' | 'duplicate';
  readonly path: string;
  readonly record: SourceRecord | null;
  readonly sha256: string | null;
}

/** Writes the marker's file list: every file of dir (the staging folder) but the marker. */
export async function folderDigests(dir: string): Promise<Record<string, FileDigest>> {
  const files: Record<string, FileDigest> = {};
  for (const name of await filesUnder(dir)) {
    if (name === SHARD_MARKER) continue;
    files[name] = await fileHash(join(dir, name));
  }
  return files;
}

/** The marker of a shard folder, or null when there is none or it does not parse. */
export async function readMarker(dir: string): Promise<ShardMarker | null> {
  try {
    const value = JSON.parse(await readFile(join(dir, SHARD_MARKER), 'utf8')) as ShardMarker;
    return value && typeof value === 'object' && value.format === SHARD_FORMAT ? value : null;
  } catch {
    return null;
  }
}

/** The first file of dir whose size or sha256 differs from the marker's record, with why; null when all match. */
export async function firstMismatch(dir: string, marker: ShardMarker): Promise<string | null> {
  for (const [name, expected] of Object.entries(marker.files)) {
    const info = await lstat(join(dir, name)).catch(() => null);
    if (info === null || !info.isFile()) return `${name} is missing`;
    if (info.size !== expected.bytes)
      return `${name} has ${info.size} bytes, the marker recorded ${expected.bytes}`;
    const actual = await fileHash(join(dir, name));
    if (actual.sha256 !== expected.sha256) return `${name} does not match its recorded sha256`;
  }
  return null;
}

/** The marker's fields that say what a shard covered and how, in a fixed order (all but its file list). */
function keyOf(marker: Omit<ShardMarker, 'files'>): string {
  return JSON.stringify([
    marker.format,
    marker.shard.index,
    marker.shard.count,
    marker.pipelineVersion,
    marker.codeFingerprint,
    marker.configHash,
    marker.inputConfig,
    [marker.output.formats, marker.output.compress, marker.output.lean],
    [marker.input.files, marker.input.listing, marker.input.skipped],
    marker.siteIndex,
    marker.covered.map((file) => [file.path, file.sha256, file.bytes]),
  ]);
}

/** Whether a marker on disk says its shard was made from exactly this key. */
export function sameShardKey(a: Omit<ShardMarker, 'files'>, b: Omit<ShardMarker, 'files'>): boolean {
  try {
    return keyOf(a) === keyOf(b);
  } catch {
    return false; // a marker missing a field
  }
}
