/** The in-order pool: results are written in submission order whatever order the tasks finish in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedPool } from '../../pipeline/pool.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('OrderedPool', () => {
  it('writes results in submission order when tasks finish out of order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        async (delays, concurrency) => {
          const written: number[] = [];
          const pool = new OrderedPool<number, number>({
            concurrency,
            run: async (i) => {
              await sleep(delays[i]!);
              return i;
            },
            write: async (i) => {
              written.push(i);
            },
          });
          for (let i = 0; i < delays.length; i++) await pool.submit(i);
          await pool.finish();
          expect(written).toEqual(delays.map((_, i) => i));
        },
      ),
      { seed: 8, numRuns: 40 },
    );
  });

  it('runs at most `concurrency` tasks at once and never two writes at once', async () => {
    let running = 0;
    let most = 0;
    let writing = 0;
    const pool = new OrderedPool<number, number>({
      concurrency: 3,
      run: async (i) => {
        running++;
        most = Math.max(most, running);
        await sleep(i % 4);
        running--;
        return i;
      },
      write: async () => {
        writing++;
        expect(writing).toBe(1);
        await sleep(1);
        writing--;
      },
    });
    for (let i = 0; i < 30; i++) await pool.submit(i);
    await pool.finish();
    expect(most).toBe(3);
  });

  it('holds at most `window` tasks submitted but not written: a slow first task blocks submission', async () => {
    let release = () => {};
    const firstDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pool = new OrderedPool<number, number>({
      concurrency: 2,
      window: 4,
      run: async (i) => {
        if (i === 0) await firstDone;
        return i;
      },
      write: async () => {},
    });
    const accepted: number[] = [];
    const feeding = (async () => {
      for (let i = 0; i < 10; i++) {
        await pool.submit(i);
        accepted.push(i);
      }
    })();
    await sleep(30);
    // Tasks 0-3 are in the window; task 4 waits for task 0 to be written.
    expect(accepted).toEqual([0, 1, 2, 3]);
    release();
    await feeding;
    await pool.finish();
    expect(accepted).toHaveLength(10);
  });

  it('stops at the first failing task: later results are not written and finish() throws it', async () => {
    const written: number[] = [];
    const pool = new OrderedPool<number, number>({
      concurrency: 2,
      run: async (i) => {
        await sleep(1);
        if (i === 3) throw new Error('task 3 failed');
        return i;
      },
      write: async (i) => {
        written.push(i);
      },
    });
    const feeding = (async () => {
      for (let i = 0; i < 20; i++) await pool.submit(i);
    })();
    await expect(feeding.then(() => pool.finish())).rejects.toThrow('task 3 failed');
    expect(written).toEqual([0, 1, 2]);
  });

  it('a failing write stops the pool too', async () => {
    const pool = new OrderedPool<number, number>({
      concurrency: 2,
      run: async (i) => i,
      write: async (i) => {
        if (i === 1) throw new Error('disk full');
      },
    });
    const feeding = (async () => {
      for (let i = 0; i < 10; i++) await pool.submit(i);
    })();
    await expect(feeding.then(() => pool.finish())).rejects.toThrow('disk full');
  });

  it('refuses a concurrency below 1', () => {
    expect(
      () => new OrderedPool<number, number>({ concurrency: 0, run: async (i) => i, write: async () => {} }),
    ).toThrow(/concurrency/);
  });
});
