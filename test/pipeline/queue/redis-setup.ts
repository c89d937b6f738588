/**
 * vitest globalSetup: the queue tests run against a real redis-server, Debian's package (never a mock). When
 * /usr/bin/redis-server is missing and we are root it is installed here (apt-get update, apt-get install -y
 * redis-server), so `npm test` and `.ci/run` pass on a fresh machine. Each test then starts its own server
 * (test/pipeline/queue/redis.ts). When it cannot be installed nothing is skipped: the queue tests fail with the
 * reason, which they receive through `inject('redisError')`.
 */
import type { TestProject } from 'vitest/node';
import { REDIS_SERVER } from '../../../bench/redis-server.js';
import { ensureDebianPackage } from '../../apt.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why redis-server is not available, or null when it is. */
    redisError: string | null;
  }
}

export default function setup(project: TestProject): void {
  project.provide('redisError', ensureDebianPackage('redis-server', REDIS_SERVER, 'the queue tests'));
}
