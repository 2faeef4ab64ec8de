import {
  exportJWK,
  exportSPKI,
  type GenerateKeyPairResult,
  generateKeyPair,
  type JSONWebKeySet,
} from 'jose';

/** Key material for the auth tests: the service's keys and an attacker's. */
export interface TestKeys {
  readonly hsSecret: string;
  readonly rsa: GenerateKeyPairResult;
  readonly rsaPublicPem: string;
  readonly ec: GenerateKeyPairResult;
  readonly attackerRsa: GenerateKeyPairResult;
  readonly jwks: JSONWebKeySet;
}

export const ISSUER = 'https://auth.baltra.test';
export const AUDIENCE = 'candidates-api';

let keys: Promise<TestKeys> | undefined;

async function generate(): Promise<TestKeys> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const attackerRsa = await generateKeyPair('RS256', { extractable: true });
  const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
  return {
    hsSecret: 'hs256-test-secret-0123456789abcdef-XYZ',
    rsa,
    rsaPublicPem: await exportSPKI(rsa.publicKey),
    ec,
    attackerRsa,
    jwks: { keys: [rsaJwk, ecJwk] },
  };
}

/** Generated once per test file (RSA key generation is slow). */
export function testKeys(): Promise<TestKeys> {
  keys ??= generate();
  return keys;
}
