import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const requireCache = createRequire(import.meta.url).cache;
const loadedWinston = () =>
  Object.keys(requireCache).filter((path) => /\/node_modules\/winston\//.test(path));

describe('importing src/shared', () => {
  it('reads no environment variable and loads no winston until a logger is created', async () => {
    // Prepare
    const reads: string[] = [];
    const realEnv = process.env;
    const record = (key: string | symbol) => {
      const stack = new Error().stack ?? '';
      if (/src\/shared|node_modules\/(winston|@colors|logform)/.test(stack))
        reads.push(String(key));
    };
    process.env = new Proxy(realEnv, {
      get(target, key, receiver) {
        record(key);
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        record(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record('(all keys)');
        return Reflect.ownKeys(target);
      },
    });
    let shared: typeof import('../../src/shared/index.js');
    try {
      // Act
      shared = await import('../../src/shared/index.js');
    } finally {
      process.env = realEnv;
    }

    // Assess
    expect(reads).toEqual([]);
    expect(loadedWinston()).toEqual([]);
    shared.createLogger({ level: 'error' });
    expect(loadedWinston().length).toBeGreaterThan(0);
  });
});
