import { describe, expect, it } from 'vitest';
import { lazyOptionalPeer } from '../../src/infra/peer/lazy-optional-peer.js';
import { MissingPeerDependencyError } from '../../src/infra/peer/missing-peer-dependency-error.js';

describe('lazyOptionalPeer', () => {
  it('imports nothing until called, then shares one import between calls', async () => {
    // Prepare
    const load = lazyOptionalPeer<typeof import('kysely')>('kysely', 'queries', '@baltra/sdk/x');

    // Act
    const first = load();
    const second = load();

    // Assess
    expect(second).toBe(first);
    expect(typeof (await first).Kysely).toBe('function');
  });

  it('throws MissingPeerDependencyError for a missing package, and tries again on the next call', async () => {
    // Prepare
    const load = lazyOptionalPeer('@baltra/no-such-peer-package', 'tests', '@baltra/sdk/x');

    // Act
    const first = load();
    const firstError = await first.catch((e: unknown) => e);
    const second = load();
    const secondError = await second.catch((e: unknown) => e);

    // Assess
    expect(second).not.toBe(first);
    for (const error of [firstError, secondError]) {
      expect(error).toBeInstanceOf(MissingPeerDependencyError);
      expect((error as Error).message).toBe(
        '@baltra/sdk/x needs the optional peer dependency "@baltra/no-such-peer-package" for tests: npm install @baltra/no-such-peer-package',
      );
    }
  });
});
