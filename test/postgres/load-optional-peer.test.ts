import { describe, expect, it } from 'vitest';
import { InfrastructureError, isBaltraError } from '../../src/domain/errors.js';
import { loadOptionalPeer } from '../../src/infra/peer/load-optional-peer.js';
import { MissingPeerDependencyError } from '../../src/infra/peer/missing-peer-dependency-error.js';

describe('loadOptionalPeer', () => {
  it('loads an installed package', async () => {
    const kysely = await loadOptionalPeer<typeof import('kysely')>('kysely', 'queries');

    expect(typeof kysely.Kysely).toBe('function');
  });

  it('names the missing package and how to install it', async () => {
    const error = await loadOptionalPeer(
      '@baltra/no-such-peer-package',
      'PostgreSQL connections',
      '@baltra/sdk/postgres',
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(isBaltraError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'MISSING_PEER_DEPENDENCY',
      packageName: '@baltra/no-such-peer-package',
      message:
        '@baltra/sdk/postgres needs the optional peer dependency "@baltra/no-such-peer-package" for PostgreSQL connections: npm install @baltra/no-such-peer-package',
      context: { packageName: '@baltra/no-such-peer-package', feature: 'PostgreSQL connections' },
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('defaults the entry point to the root package', async () => {
    const error = await loadOptionalPeer('no-such-peer-package-xyz', 'Meta leads').catch(
      (e: unknown) => e,
    );

    expect((error as Error).message).toBe(
      '@baltra/sdk needs the optional peer dependency "no-such-peer-package-xyz" for Meta leads: npm install no-such-peer-package-xyz',
    );
  });

  it('rethrows unchanged when the package exists but one of its own imports is missing', async () => {
    const fixture = new URL('./fixtures/imports-a-missing-package.mjs', import.meta.url).href;

    const error = await loadOptionalPeer(fixture, 'a test').catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(MissingPeerDependencyError);
    expect(String(error)).toContain('baltra-sdk-missing-transitive-dependency');
  });
});
