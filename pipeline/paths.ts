/**
 * Where --in and --out really are. The output swap replaces --out as a whole, so --out must be neither the
 * input, nor a folder holding it (the inputs would be deleted), nor a folder inside it (the next run would
 * read its own output back in). Paths are compared after resolving symlinks, `.` and `..`.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './config.js';

/** The real path of a path that may not exist yet: its deepest existing ancestor resolved, the rest appended. */
export async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** True when child is parent or lies below it (both absolute and resolved). */
export function within(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

/** Throws a ConfigError (exit 2) when --out would replace, hold or live inside --in. */
export async function checkOutputAgainstInput(inPath: string, outPath: string): Promise<void> {
  const input = await realPathOf(inPath);
  const output = await realPathOf(outPath);
  const where = `--out ${outPath}${output === resolve(outPath) ? '' : ` (${output})`}`;
  if (input === output)
    throw new ConfigError(
      `${where} is the input folder --in ${inPath}: the run replaces --out as a whole and would delete the inputs; choose another --out`,
    );
  if (within(input, output))
    throw new ConfigError(
      `${where} holds the input --in ${inPath}: the run replaces --out as a whole and would delete the inputs; choose an --out beside or outside it`,
    );
  if (within(output, input))
    throw new ConfigError(
      `${where} is inside the input folder --in ${inPath}: the next run would read the output back as input; choose an --out outside --in`,
    );
}
