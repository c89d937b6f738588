/**
 * `node tools/colour.mjs TOOL ARGS...` runs node_modules/.bin/TOOL with colours that follow the terminal.
 * vitest (tinyrainbow) colours whenever TERM is not `dumb` or CI is set, TypeDoc always: their output to a
 * pipe or a log file was full of ANSI codes. Here colours are off when stdout is not a TTY, unless
 * FORCE_COLOR asks for them, and always off when NO_COLOR is set (https://no-color.org), which both honour.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  process.stderr.write('usage: node tools/colour.mjs TOOL [ARGS...]\n');
  process.exit(2);
}
const env = { ...process.env };
if (!process.stdout.isTTY && !('FORCE_COLOR' in env)) env.NO_COLOR = '1';
if ('NO_COLOR' in env) delete env.FORCE_COLOR;
const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', tool);
const result = spawnSync(bin, args, { stdio: 'inherit', env });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
