/**
 * A throwaway redis-server for the queue's tests and bench rows: Debian's binary, on 127.0.0.1 at a free port,
 * in a temporary folder, with no persistence (no RDB snapshot, no append-only file), stopped and removed by
 * stop(). Not for production: there, Redis should persist (append-only file) so a restart keeps the queue.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's choice); redis may still lose a race for it: then we retry. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on `port`; resolves once it accepts connections, rejects with its output if it exits. */
function launch(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Options on the command line, no config file: only loopback, no snapshots or AOF, files in our folder.
    const child = spawn(
      REDIS_SERVER,
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--loglevel',
        'notice',
        // BullMQ needs keys never evicted (Redis' default, stated here so a changed default cannot bite).
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && output.includes('Ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready)
        reject(
          new Error(
            `redis-server on port ${port} exited (${code ?? signal}) before it was ready:\n${output}`,
          ),
        );
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'newsclean-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 5 && child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (error) {
      lastError = error;
    }
  }
  if (child === null) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }
  const server = child;
  const exited = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve();
    else server.once('exit', () => resolve());
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: server.pid ?? 0,
    async stop() {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
