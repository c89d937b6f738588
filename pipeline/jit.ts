/**
 * How soon V8 optimises a function, set by the command line entry (pipeline/cli.ts) for its whole process:
 * worker threads included, since V8's flags are the process's. Issue 8: at one worker a run of the bench's
 * 8 MB corpus spent about 0.9 s of its 3.3 s of CPU in V8's optimising compiler (TurboFan, on V8's own
 * threads), a fixed cost paid again by each worker: some 280 compiles a run, a third of them compiles of
 * functions already compiled once, thrown away when a branch their first compile had never seen ran (most of
 * the 48 deoptimisations were "insufficient type feedback").
 *
 * V8 counts a function's work in bytecode executed and considers optimising it each time an interrupt
 * budget runs out (67584 by default). Four times that budget (TIER_UP_BUDGET) optimises only what stays hot
 * a little longer, with fuller feedback: 188 compiles and 17 deoptimisations on the same run, the same
 * output. Measured on the 8 MB corpus against the same build without it, runs paired and alternated on a
 * loaded host: total CPU -203 ms at one worker (14 of 14 pairs lower; V8's threads -285 ms, the worker
 * +70 ms, wall -66 ms) and -376 ms at two (6 of 6; wall -150 ms); on a 33 MB corpus at one worker -321 ms
 * (4 of 4). Eight times the budget cut more compiles but gave more of it back in the worker (+174 ms at one
 * worker, total only -163 ms).
 *
 * Only the command line sets it: the library API leaves the embedding process's flags alone, and no test
 * depends on it (the output is the same without it, only its CPU cost differs).
 */
import { setFlagsFromString } from 'node:v8';

/** V8's interrupt budget for this process: four times its default. */
export const TIER_UP_BUDGET = 4 * 67584;

/**
 * Sets V8's interrupt budget to TIER_UP_BUDGET. Called first thing in the command line entry, before any code
 * runs hot and before any worker starts.
 */
export function tierUpLater(): void {
  setFlagsFromString(`--interrupt-budget=${TIER_UP_BUDGET}`);
}
