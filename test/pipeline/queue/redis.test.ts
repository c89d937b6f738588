/** The test server itself: a real redis-server answers on its port, and stop() ends it. */
import { Redis } from 'ioredis';
import { expect, inject, test } from 'vitest';
import { startRedis } from '../../../bench/redis-server.js';

test('a real redis-server on a free loopback port, without persistence, stopped afterwards', async () => {
  const error = inject('redisError');
  if (error !== null) throw new Error(error);
  const server = await startRedis();
  const client = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    expect(await client.config('GET', 'save')).toEqual(['save', '']);
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
  } finally {
    client.disconnect();
    await server.stop();
  }
  const after = new Redis(server.url, {
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  after.on('error', () => undefined); // the refused connection is what we expect
  await expect(after.connect()).rejects.toThrow();
  after.disconnect();
});
