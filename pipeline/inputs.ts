/**
 * Reading input: which files, in what order, as bytes. A folder tree is walked in sorted path order (code
 * unit order of the relative path, the same on every machine), so output order never depends on the disk.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { InputConfig } from './config.js';
import { readGzippedHtml } from './inputs/html.js';
import { readJsonl } from './inputs/jsonl.js';
import type { Compression, OnRead } from './inputs/streams.js';
import type { SourceRecord } from './schemas.js';

/** Every file name ending newsclean reads, by format; anything else is listed in run.json as skipped. */
export const INPUT_FORMATS = [
  { ext: '.txt', format: 'text', compression: 'none' },
  { ext: '.html', format: 'html', compression: 'none' },
  { ext: '.htm', format: 'html', compression: 'none' },
  { ext: '.jsonl', format: 'jsonl', compression: 'none' },
  { ext: '.jsonl.gz', format: 'jsonl', compression: 'gzip' },
  { ext: '.jsonl.zst', format: 'jsonl', compression: 'zstd' },
  { ext: '.warc', format: 'warc', compression: 'none' },
  { ext: '.warc.gz', format: 'warc', compression: 'none' },
  { ext: '.wet', format: 'warc', compression: 'none' },
  { ext: '.wet.gz', format: 'warc', compression: 'none' },
  { ext: '.html.gz', format: 'html', compression: 'gzip' },
  { ext: '.htm.gz', format: 'html', compression: 'gzip' },
] as const satisfies ReadonlyArray<{ ext: string; format: string; compression: Compression }>;

export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The format of a file, from its name (longest matching ending), or null when newsclean does not read it. */
export function inputFormat(name: string): InputFormat | null {
  const lower = name.toLowerCase();
  let best: InputFormat | null = null;
  for (const format of INPUT_FORMATS)
    if (lower.endsWith(format.ext) && (!best || format.ext.length > best.ext.length)) best = format;
  return best;
}

/** Everything read from the inputs: plain files yield one item, container files one per record. */
export async function* readInputs(
  dir: string,
  files: readonly string[],
  options: { maxBytes: number; input: InputConfig; onRead?: OnRead },
): AsyncGenerator<InputItem> {
  for (const file of files) {
    const format = inputFormat(file);
    const full = join(dir, ...file.split('/'));
    if (
      format === null ||
      format.format === 'text' ||
      (format.format === 'html' && format.compression === 'none')
    ) {
      const item = await readTextFile(dir, file, options.maxBytes);
      // A text file's bytes are the whole file's.
      options.onRead?.(item.bytes?.byteLength ?? 0, item.bytes ?? undefined);
      yield format?.format === 'html' ? { ...item, html: true } : item;
      continue;
    }
    const info = await lstat(full).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error && info.code === 'ENOENT' && file.includes('\uFFFD')) {
      yield {
        sourcePath: file,
        record: null,
        bytes: null,
        sha256: null,
        error: { code: 'unreadable', reason: badNameReason },
      };
      continue;
    }
    if (!(info instanceof Error) && info.isSymbolicLink()) {
      yield await symlinkItem(full, file);
      continue;
    }
    if (info instanceof Error || !info.isFile()) {
      const why = info instanceof Error ? `cannot read file (${info.code ?? 'error'})` : 'not a regular file';
      yield {
        sourcePath: file,
        record: null,
        bytes: null,
        sha256: null,
        error: { code: 'unreadable', reason: why },
      };
      continue;
    }
    if (format.format === 'html') yield await readGzippedHtml(full, file, options.maxBytes, options.onRead);
    else if (format.format === 'jsonl')
      yield* readJsonl(full, file, format.compression, options.maxBytes, options.input.jsonl, options.onRead);
    // Loaded for the first WARC file: a run of text, HTML or JSON Lines never loads the WARC reader and pako.
    else yield* (await import('./inputs/warc.js')).readWarc(full, file, options.maxBytes, options.onRead);
  }
}

export interface InputItem {
  readonly sourcePath: string;
  readonly record: SourceRecord | null;
  /** The raw bytes, or null when the input could not be read or is too large to read. */
  readonly bytes: Uint8Array | null;
  readonly sha256: string | null;
  /** The bytes are an HTML page (cleaned from its text view, stages/html.ts); absent for text. */
  readonly html?: boolean;
  /** A WARC response record's HTTP Content-Type header (its charset is the decoding hint of the page). */
  readonly httpContentType?: string;
  readonly error: {
    readonly code: 'unreadable' | 'too-large' | 'malformed-record' | 'symlink';
    readonly reason: string;
  } | null;
}

/** A record of a container file that could not be used: a rejection with its place in the file. */
export function rejectedItem(
  sourcePath: string,
  record: SourceRecord,
  code: 'too-large' | 'malformed-record' | 'unreadable',
  reason: string,
): InputItem {
  return { sourcePath, record, bytes: null, sha256: null, error: { code, reason } };
}

const badNameReason =
  'the file name is not valid UTF-8, so it cannot be opened by name (U+FFFD marks the bad bytes); rename the file';

/**
 * A symbolic link inside --in is never followed: it could put any file of the machine into the dataset, read
 * a folder twice or loop. It becomes a rejected record saying where it points (a relative target only).
 */
async function symlinkItem(full: string, sourcePath: string): Promise<InputItem> {
  const written = await readlink(full).catch(() => '(unreadable link)');
  // Dataset files hold no absolute paths (they would differ from machine to machine and tell where the data
  // lives): a link's own relative target is shown, an absolute one only as such.
  const target = isAbsolute(written) ? 'an absolute path (not recorded)' : written;
  return {
    sourcePath,
    record: null,
    bytes: null,
    sha256: null,
    error: {
      code: 'symlink',
      reason: `a symbolic link to ${target}: links inside --in are not followed (give the target as --in, or copy it in)`,
    },
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Input files under dir, relative to root (dir itself), with / separators, sorted. Symbolic links are listed
 * whatever their name, so that reading them gives a `symlink` rejection; folders behind links are not entered.
 * When dir is a file (or a link to one, named by the user), root is its folder and the file is the only input,
 * read by its format like in a folder.
 */
export async function listInputFiles(
  dir: string,
): Promise<{ root: string; files: string[]; skipped: string[] }> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    const real = await realpath(dir);
    return { root: dirname(real), files: [basename(real)], skipped: [] };
  }
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = async (folder: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      // An unreadable sub-folder is reported like an unreadable file, as a rejected input.
      files.push(relative(dir, folder).split(sep).join('/'));
      void error;
      return;
    }
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.name.startsWith('.')) {
        // Hidden entries are not read, but listed: nothing under --in goes unmentioned.
        const rel = relative(dir, full).split(sep).join('/');
        skipped.push(entry.isDirectory() ? `${rel}/` : rel);
        continue;
      }
      if (entry.isSymbolicLink()) files.push(relative(dir, full).split(sep).join('/'));
      else if (entry.isDirectory()) await walk(full);
      else {
        const rel = relative(dir, full).split(sep).join('/');
        if (inputFormat(entry.name) !== null) files.push(rel);
        else skipped.push(rel);
      }
    }
  };
  await walk(dir);
  return { root: dir, files: files.sort(byCodeUnit), skipped: skipped.sort(byCodeUnit) };
}

/** Reads one file. Never throws for data problems: they come back as an item with an error. */
export async function readTextFile(dir: string, sourcePath: string, maxBytes: number): Promise<InputItem> {
  const full = join(dir, ...sourcePath.split('/'));
  const base = { sourcePath, record: null };
  try {
    const info = await lstat(full);
    if (info.isSymbolicLink()) return await symlinkItem(full, sourcePath);
    if (!info.isFile()) {
      return {
        ...base,
        bytes: null,
        sha256: null,
        error: { code: 'unreadable', reason: 'not a regular file' },
      };
    }
    if (info.size > maxBytes) {
      return {
        ...base,
        bytes: null,
        sha256: null,
        error: {
          code: 'too-large',
          reason: `input is ${info.size} bytes, more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes)`,
        },
      };
    }
    // A view of readFile's own memory: new Uint8Array(buffer) would copy it, and the original would stay
    // allocated until this (mostly idle) thread next collects garbage: 10 MB more per 10 MB input.
    const read = await readFile(full);
    const bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    return { ...base, bytes, sha256: sha256(bytes), error: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // readdir decodes names as UTF-8: a name that is not valid UTF-8 comes back with U+FFFD and cannot be
    // opened by that string again.
    if (code === 'ENOENT' && sourcePath.includes('\uFFFD'))
      return {
        ...base,
        bytes: null,
        sha256: null,
        error: { code: 'unreadable', reason: badNameReason },
      };
    return {
      ...base,
      bytes: null,
      sha256: null,
      error: {
        code: 'unreadable',
        reason: `cannot read file (${code}): ${(error as Error).message.replace(full, sourcePath)}`,
      },
    };
  }
}
