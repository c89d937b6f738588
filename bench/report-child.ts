/**
 * `node dist/bench/report-child.js OUT REPORT_DIR`: builds the audit report of OUT into REPORT_DIR, alone in
 * its process, and prints what it cost as one JSON line: time, CPU time (user + system, all threads) and the
 * process's peak RSS, so the bench reads the report's own memory, not the bench process's.
 */
import { performance } from 'node:perf_hooks';
import { buildReport } from '../pipeline/report/build.js';

const [outDir, reportDir] = process.argv.slice(2);
if (!outDir || !reportDir) throw new Error('usage: report-child.js OUT REPORT_DIR');
const started = performance.now();
const result = await buildReport({ outDir, reportDir });
const ms = performance.now() - started;
const { user, system } = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    ms,
    cpuMs: (user + system) / 1000,
    // resourceUsage().maxRSS is in KiB.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    documents: result.documents,
    documentPages: result.documentPages,
    files: result.files,
  })}\n`,
);
