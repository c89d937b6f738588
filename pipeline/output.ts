/**
 * Writing out/: every file goes into a staging folder beside the target, which replaces the target only
 * once complete. A crash at any moment leaves the previous out/ (or its saved copy) whole.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class OutputError extends Error {
  override readonly name = 'OutputError';
}

function describe(error: unknown, what: string): OutputError {
  const code = (error as NodeJS.ErrnoException).code;
  const hint =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? ' (no permission to write there, or a read-only file system)'
      : code === 'ENOSPC'
        ? ' (the disk is full)'
        : '';
  return new OutputError(`cannot ${what}: ${(error as Error).message}${hint}`);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `mkdir -p` that fails where it cannot succeed. Node's own recursive mkdir spins forever when a folder exists but
 * answers ENOENT for any child (a path under /proc), so `--out /proc/x` hung the run at full CPU. Here a child
 * is tried once more after its parent was made or found, and a second ENOENT is final.
 */
export async function makeFolder(path: string): Promise<void> {
  const there = await mkdir(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => existingFolder(path, error),
  );
  if (there) return;
  await makeFolder(dirname(path));
  await mkdir(path).catch((error: NodeJS.ErrnoException) =>
    existingFolder(path, error).then((found) => {
      if (!found) throw error;
    }),
  );
}

/** After a failed mkdir: true if path is a folder already, false if its parent is missing; else the error. */
async function existingFolder(path: string, error: NodeJS.ErrnoException): Promise<boolean> {
  if (error.code === 'EEXIST' && (await stat(path)).isDirectory()) return true;
  if (error.code === 'ENOENT' && dirname(path) !== path) return false;
  throw error;
}

/** A run's private folder next to the output folder; swapped into place by commit(). */
export class Staging {
  private constructor(
    readonly target: string,
    readonly dir: string,
  ) {}

  static async open(given: string): Promise<Staging> {
    let target = given;
    try {
      // A symbolic link as --out (out → /big-disk/out) is followed: the swap then replaces the folder it names,
      // next to it, and the link stays. A link to nothing is refused rather than replaced by a folder.
      const link = await lstat(given).catch(() => null);
      if (link?.isSymbolicLink()) {
        const real = await realpath(given).catch(() => null);
        if (real === null)
          throw new OutputError(
            `cannot write the output to ${given}: it is a symbolic link to ${await readlink(given)}, which does not exist`,
          );
        target = real;
      }
    } catch (error) {
      if (error instanceof OutputError) throw error;
      throw describe(error, `resolve the output folder ${given}`);
    }
    const parent = dirname(target);
    const name = basename(target);
    try {
      await makeFolder(parent);
      await recoverInterruptedSwap(target);
      // The swap replaces target as a whole: never let it replace something that is not an output folder.
      const existing = await stat(target).catch(() => null);
      if (existing && !existing.isDirectory())
        throw new OutputError(`cannot write the output to ${target}: it exists and is not a folder`);
      const dir = join(parent, `.${name}.staging-${process.pid}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
      return new Staging(target, dir);
    } catch (error) {
      if (error instanceof OutputError) throw error;
      throw describe(error, `create a staging folder next to ${target}`);
    }
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  async writeFile(file: string, content: string): Promise<void> {
    try {
      await mkdir(dirname(this.path(file)), { recursive: true });
      await writeFile(this.path(file), content);
    } catch (error) {
      throw describe(error, `write ${file}`);
    }
  }

  /**
   * Replace target with the staging folder: two renames, the old output kept until the new one is in. Every
   * staged file and folder is fsync'd first and the parent after the renames: file systems may write a rename
   * to disk before the data, and a power cut would then leave an output folder of empty files.
   */
  async commit(): Promise<void> {
    const old = join(dirname(this.target), `.${basename(this.target)}.old-${process.pid}`);
    try {
      await syncTree(this.dir);
      const hadTarget = await exists(this.target);
      if (hadTarget) await rename(this.target, old);
      await rename(this.dir, this.target);
      await syncPath(dirname(this.target));
      if (hadTarget) await rm(old, { recursive: true, force: true });
    } catch (error) {
      throw describe(error, `move the new output into ${this.target}`);
    }
  }

  async abandon(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Write a whole folder of files: staged beside it and swapped in, so a crash leaves the previous folder whole,
 * never a mix of old and half-written files. The swap replaces the folder as a whole, so it is refused when
 * the folder holds any file that `owns` does not claim (`schema --out out` must not replace a dataset).
 */
export async function replaceFolder(
  target: string,
  files: Readonly<Record<string, string>>,
  owns: (name: string) => boolean,
): Promise<void> {
  const present = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR')
      throw new OutputError(`cannot write to ${target}: it exists and is not a folder`);
    throw describe(error, `read the folder ${target}`);
  });
  const foreign = present.filter((name) => !owns(name)).sort();
  if (foreign.length > 0)
    throw new OutputError(
      `cannot write to ${target}: it holds ${foreign.length === 1 ? 'a file' : 'files'} of another kind ` +
        `(${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}), and the folder is replaced as a whole; ` +
        'give a new folder, an empty one or one this command wrote',
    );
  const staging = await Staging.open(target);
  try {
    for (const [name, content] of Object.entries(files)) await staging.writeFile(name, content);
    await staging.commit();
  } catch (error) {
    await staging.abandon();
    throw error;
  }
}

/** fsync one file or folder (a folder's fsync makes its entries durable: names created or renamed in it). */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync every file and folder under dir, the folders after what they hold. */
async function syncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) await syncPath(path);
  }
  await syncPath(dir);
}

/**
 * Tidy up after a run that was killed: remove staging folders of dead processes, and if the kill came
 * between the two renames of commit(), put the saved previous output back.
 */
async function recoverInterruptedSwap(target: string): Promise<void> {
  const parent = dirname(target);
  const name = basename(target);
  const entries = await readdir(parent);
  for (const entry of entries) {
    const m = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(staging|old)-(\\d+)$`).exec(
      entry,
    );
    if (!m || pidAlive(Number(m[2]))) continue;
    const path = join(parent, entry);
    if (m[1] === 'old' && !(await exists(target))) await rename(path, target);
    else await rm(path, { recursive: true, force: true });
  }
}

/** Small writes are gathered (the stream corked) up to this size: one system call per 256 KiB, not per record. */
const GATHER_BYTES = 256 * 1024;

/** Appends lines to a file with backpressure, so memory stays flat however many records pass. */
export class LineWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private gatheredBytes = 0;
  /** Bytes written so far, gathered ones included: the offset the next line will start at. */
  bytes = 0;

  constructor(
    path: string,
    private readonly name: string,
  ) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (this.failure) throw describe(this.failure, `write ${this.name}`);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.bytes += size;
    if (this.gatheredBytes === 0) this.stream.cork();
    this.stream.write(data);
    this.gatheredBytes += size;
    if (this.gatheredBytes >= GATHER_BYTES) await this.flush();
  }

  /**
   * Writes `data` with what is gathered and resolves once the file has it, not merely once it is queued: the
   * caller may then overwrite the buffer (sinks.ts partSlices reads a large part's slices into one buffer).
   */
  async writeThrough(data: Uint8Array): Promise<void> {
    if (this.failure) throw describe(this.failure, `write ${this.name}`);
    this.bytes += data.byteLength;
    if (this.gatheredBytes === 0) this.stream.cork();
    // The callback runs once this chunk is written (or has failed): after it, the stream holds no reference.
    const written = new Promise<void>((resolve) => this.stream.write(data, () => resolve()));
    this.gatheredBytes += data.byteLength;
    await this.flush();
    await written;
    if (this.failure) throw describe(this.failure, `write ${this.name}`);
  }

  /** Hands the gathered writes to the file in one go (writev) and waits if the file is behind. */
  private async flush(): Promise<void> {
    if (this.gatheredBytes === 0) return;
    this.gatheredBytes = 0;
    this.stream.uncork();
    if (this.stream.writableNeedDrain) {
      // One pair of listeners, both removed: racing two once() promises leaks the loser's listener.
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    if (this.failure) throw describe(this.failure, `write ${this.name}`);
  }

  private closing: Promise<void> | null = null;

  /** Idempotent: a run that fails after closing its writers closes them again, and must not wait forever. */
  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await Promise.race([once(this.stream, 'finish'), once(this.stream, 'error')]).catch(() => undefined);
    if (this.failure) throw describe(this.failure, `write ${this.name}`);
  }
}

export class JsonlWriter {
  private readonly out: LineWriter;
  constructor(path: string, name: string) {
    this.out = new LineWriter(path, name);
  }
  get bytes(): number {
    return this.out.bytes;
  }
  write(record: object): Promise<void> {
    return this.out.write(`${JSON.stringify(record)}\n`);
  }
  /** Lines already serialised and encoded (each ending in a newline). */
  writeRaw(lines: Uint8Array): Promise<void> {
    return lines.byteLength ? this.out.write(lines) : Promise.resolve();
  }
  close(): Promise<void> {
    return this.out.close();
  }
}
