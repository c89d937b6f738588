/**
 * A full garbage collection on demand, for the few points where a document of many MB has just left garbage
 * about its own size (the stages' intermediate states, the cleaned state once its records exist, each dataset
 * file's encoding). Left to itself V8 grows a thread's old generation up to about four times what survived its
 * last full collection before it collects again, and on one 10 MB document that garbage, not what is live, set
 * the run's peak memory (issue 8). Node-only (worker threads and the run's main thread): the cleaning code gets
 * it as a callback and stays free of Node modules.
 *
 * `gc` is exposed the way jest's leak detector does it: the flag set at run time, the function taken from a
 * new context (contexts created after the flag have it). Where that does not work, collecting is a no-op:
 * memory is then what V8 decides, the output is the same either way.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null = null;

function exposed(): () => void {
  if (collector === null) {
    let gc: unknown = null;
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('typeof gc === "function" ? gc : null');
    } catch {
      gc = null;
    }
    collector = typeof gc === 'function' ? (gc as () => void) : () => undefined;
  }
  return collector;
}

/**
 * Collects garbage now, in this thread (a full, blocking collection: tens of ms on a heap of 100 MB). V8 keeps
 * the subject of the thread's last successful RegExp match alive (the legacy `RegExp.input`): a match on the
 * empty string first lets it go, or a document's raw text would outlive its cleaning.
 */
export function collectGarbage(): void {
  forgetLastMatch();
  exposed()();
}

/**
 * Lets the subject of this thread's last successful RegExp match go (V8 keeps it alive for the legacy
 * `RegExp.input`: after a document's cleaning, its raw text, as large as the document).
 */
export function forgetLastMatch(): void {
  /(?:)/.exec('');
}

/**
 * Inputs of at least this many bytes are collected after at their cleaning's largest steps: below it a
 * document's garbage is small beside a thread's fixed memory, and the collections would cost more time than
 * they save memory.
 */
export const COLLECT_AFTER_BYTES = 4 * 1024 * 1024;
