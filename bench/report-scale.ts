/**
 * The audit report at the scale of a nightly batch (issue 10, `npm run bench -- --report-scale 100000`): a
 * synthetic output folder of N documents made from a real run's records, its report built alone in a child
 * process (time, CPU, peak RSS), and the report opened in headless Chromium from file:// (time to the load
 * event of the overview and of the largest document page).
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How many sites the synthetic documents are spread over (the overview lists 50 of them). */
export const SCALE_SITES = 500;

interface SourceDocument {
  id: string;
  provenance: { sourcePath: string; record: { url: string | null; line: number | null } | null };
}

/**
 * Writes OUT/documents.jsonl and OUT/sentences.jsonl with `n` documents: the records of `from` in turn, each
 * under a new id, source path and record URL (spread over SCALE_SITES sites), its sentences with it. run.json
 * is copied with the output counts set to the new ones. Returns the dataset files' bytes.
 */
export function scaleOutput(from: string, to: string, n: number): number {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const lines = (file: string) =>
    readFileSync(join(from, file), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
  const docs = lines('documents.jsonl').map((line) => JSON.parse(line) as SourceDocument);
  const sentencesOf = new Map<string, string[]>();
  for (const line of lines('sentences.jsonl')) {
    const docId = (JSON.parse(line) as { docId: string }).docId;
    // Each sentence line starts {"docId":"…", (the writers' key order): the rest is kept as written.
    const rest = line.slice(`{"docId":${JSON.stringify(docId)}`.length);
    const list = sentencesOf.get(docId);
    if (list) list.push(rest);
    else sentencesOf.set(docId, [rest]);
  }
  const documents = openSync(join(to, 'documents.jsonl'), 'w');
  const sentences = openSync(join(to, 'sentences.jsonl'), 'w');
  let bytes = 0;
  let sentenceCount = 0;
  let docBatch: string[] = [];
  let sentenceBatch: string[] = [];
  const flush = () => {
    const d = docBatch.join('');
    const s = sentenceBatch.join('');
    bytes += Buffer.byteLength(d) + Buffer.byteLength(s);
    writeSync(documents, d);
    writeSync(sentences, s);
    docBatch = [];
    sentenceBatch = [];
  };
  for (let i = 0; i < n; i++) {
    const doc = docs[i % docs.length]!;
    const id = i.toString(16).padStart(16, '0');
    const site = `site${i % SCALE_SITES}`;
    const record = doc.provenance.record;
    docBatch.push(
      `${JSON.stringify({
        ...doc,
        id,
        provenance: {
          ...doc.provenance,
          sourcePath: `${site}/part-${String(Math.floor(i / 1000)).padStart(5, '0')}.jsonl`,
          record:
            record === null ? null : { ...record, line: (i % 1000) + 1, url: `https://${site}.example/${i}` },
        },
      })}\n`,
    );
    for (const rest of sentencesOf.get(doc.id) ?? []) {
      sentenceBatch.push(`{"docId":"${id}"${rest}\n`);
      sentenceCount++;
    }
    if (docBatch.length === 500) flush();
  }
  flush();
  closeSync(documents);
  closeSync(sentences);
  const run = JSON.parse(readFileSync(join(from, 'run.json'), 'utf8')) as {
    outputs?: { documents: number; sentences: number };
  };
  if (run.outputs) {
    run.outputs.documents = n;
    run.outputs.sentences = sentenceCount;
  }
  writeJson(join(to, 'run.json'), run);
  return bytes;
}

function writeJson(path: string, value: unknown): void {
  const fd = openSync(path, 'w');
  writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
  closeSync(fd);
}

export interface ChildReport {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssBytes: number;
  readonly documents: number;
  readonly documentPages: number;
  readonly files: number;
}

/** The report of `outDir` built by bench/report-child.ts in a process of its own. */
export function reportInChild(repoRoot: string, outDir: string, reportDir: string): ChildReport {
  const child = join(repoRoot, 'dist', 'bench', 'report-child.js');
  const r = spawnSync(process.execPath, [child, outDir, reportDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`report child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

/** The largest file of the report's docs/ folder (the slowest document page to open). */
export function largestDocumentPage(reportDir: string): { file: string; bytes: number } {
  let best = { file: '', bytes: -1 };
  for (const name of readdirSync(join(reportDir, 'docs'))) {
    const bytes = statSync(join(reportDir, 'docs', name)).size;
    if (bytes > best.bytes) best = { file: `docs/${name}`, bytes };
  }
  return best;
}

/**
 * Milliseconds from navigation start to the end of the load event (the browser's own navigation timing) of
 * each file, opened from file:// in a fresh browser context each time (nothing cached), `repeat` times each.
 */
export async function openTimes(
  repoRoot: string,
  reportDir: string,
  files: readonly string[],
  repeat: number,
): Promise<Map<string, number[]>> {
  const { launchChromium } = (await import(
    pathToFileURL(join(repoRoot, 'tools', 'chromium.mjs')).href
  )) as typeof import('../tools/chromium.mjs');
  const browser = await launchChromium();
  const times = new Map<string, number[]>(files.map((file) => [file, []]));
  try {
    for (let i = 0; i < repeat; i++)
      for (const file of files) {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        const page = await context.newPage();
        await page.goto(pathToFileURL(join(reportDir, file)).href, { waitUntil: 'load' });
        const ms = await page.evaluate<number>('performance.getEntriesByType("navigation")[0].loadEventEnd');
        times.get(file)!.push(ms);
        await context.close();
      }
  } finally {
    await browser.close();
  }
  return times;
}
