/**
 * An in-order pool: tasks run up to `concurrency` at a time and finish in any order; their results are handed
 * to `write` strictly in the order the tasks were submitted, one at a time. The number of tasks submitted but
 * not yet written is bounded (`window`), so a slow task cannot make finished ones pile up in memory.
 * The first failure (of a task or of a write) stops the pool: nothing after it is written, and `submit` and
 * `finish` throw it.
 */
import PQueue from 'p-queue';

export interface OrderedPoolOptions<T, R> {
  /** Tasks running at once. */
  readonly concurrency: number;
  /** Tasks submitted but not yet written, at most (default 4 × concurrency). */
  readonly window?: number;
  /** Runs one task (in a worker thread, or in this one). */
  readonly run: (task: T) => Promise<R>;
  /** Receives each result in submission order, never two at once. */
  readonly write: (result: R) => Promise<void>;
}

export class OrderedPool<T, R> {
  private readonly queue: PQueue;
  private readonly window: number;
  private readonly finished = new Map<number, R>();
  private submitted = 0;
  private written = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | null = null;
  private waiting: Array<() => void> = [];

  constructor(private readonly options: OrderedPoolOptions<T, R>) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new RangeError(`concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
    this.queue = new PQueue({ concurrency: options.concurrency });
    this.window = Math.max(options.window ?? options.concurrency * 4, options.concurrency);
  }

  /** Resolves once the task is queued (after waiting for room); throws the pool's first failure. */
  async submit(task: T): Promise<void> {
    while (this.failure === null && this.submitted - this.written >= this.window)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    await this.queue.onSizeLessThan(this.options.concurrency);
    this.throwIfFailed();
    const seq = this.submitted++;
    // The task ends when its work is done, not when it is written: a task finished out of order must not
    // hold a slot while it waits for an earlier one.
    const job = this.queue.add(async () => {
      const result = await this.options.run(task);
      this.finished.set(seq, result);
      this.drain();
    });
    job.catch((error: unknown) => this.fail(error));
  }

  /** Waits until every submitted task is written; throws the first failure. */
  async finish(): Promise<void> {
    await this.queue.onIdle();
    await this.writing;
    this.throwIfFailed();
  }

  private drain(): void {
    this.writing = this.writing
      .then(async () => {
        for (let result = this.take(); result !== undefined; result = this.take()) {
          if (this.failure !== null) return;
          await this.options.write(result.value);
          this.written++;
          this.wake();
        }
      })
      .catch((error: unknown) => this.fail(error));
  }

  /** The next result in order, if it is there (wrapped, so a result may itself be undefined). */
  private take(): { readonly value: R } | undefined {
    const seq = this.written;
    if (!this.finished.has(seq) || this.failure !== null) return undefined;
    const value = this.finished.get(seq) as R;
    this.finished.delete(seq);
    return { value };
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.finished.clear();
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}
