/** One worker thread of the Readability.js anchor (eval/anchor.ts): runs its share of pages, posts the texts. */
import { parentPort, workerData } from 'node:worker_threads';
import { type AnchorWorkerData, anchorInThread } from './anchor.js';

const { dom, jobs } = workerData as AnchorWorkerData;
parentPort!.postMessage(await anchorInThread(dom, jobs));
