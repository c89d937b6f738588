/**
 * A bench thread: runs the worker's per-document work (clean, records, signature, serialise) over the pages
 * it is given, twice (the first pass warms the JIT), and reports the second pass's time. Several of these at
 * once show how much this machine gives for N threads of our real work, with no I/O or main thread involved.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { parseConfig } from '../pipeline/config.js';
import { PIPELINE_VERSION } from '../pipeline/version.js';
import { cleanItem } from '../pipeline/worker.js';

const pages = workerData as string[];
const cleaning = parseConfig({}).cleaning;
const utf8 = new TextEncoder();
/** The per-document work alone: no furniture learned (the site pass is measured in the full runs). */
const NO_SITE_LINES: ReadonlySet<number> = new Set();

function pass(): number {
  const started = performance.now();
  for (const [i, page] of pages.entries()) {
    const bytes = utf8.encode(page);
    const sha = createHash('sha256').update(bytes).digest('hex');
    cleanItem(
      {
        bytes,
        provenance: {
          sourcePath: 'bench.jsonl',
          sourceSha256: sha,
          sourceBytes: bytes.byteLength,
          record: { line: i + 1, byteOffset: null, id: null, url: null, warcRecordId: null, warcDate: null },
          pipelineVersion: PIPELINE_VERSION,
          codeFingerprint: 'bench',
          configHash: 'bench',
        },
        site: '.',
      },
      cleaning,
      NO_SITE_LINES,
    );
  }
  return performance.now() - started;
}

pass();
parentPort?.postMessage(pass());
