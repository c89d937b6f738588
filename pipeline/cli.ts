#!/usr/bin/env node
/**
 * newsclean's command line entry (the commands are in commands.ts). A `run` that cleans every document in
 * worker threads has them start here, before the rest of the command line is loaded (pipeline/early-workers.ts):
 * the threads load the cleaning code while this thread loads the command line.
 */
import { dropEarlyWorkers, startEarlyWorkers } from './early-workers.js';
import { tierUpLater } from './jit.js';

tierUpLater(); // fewer, better-informed optimising compiles (pipeline/jit.ts)
startEarlyWorkers(process.argv.slice(2));
const { main } = await import('./commands.js');
process.exitCode = await main(process.argv.slice(2));
await dropEarlyWorkers();
