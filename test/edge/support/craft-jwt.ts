import { createHmac } from 'node:crypto';
import { AUDIENCE, ISSUER } from './test-keys.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS* token signed by hand, so the header and claims can carry what jose's signer
 * refuses to write (`crit` with unknown names, `enc`, `zip`, `exp: 1e300`, an object `sub`).
 */
export function craftHmacJwt(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  secret: string | Uint8Array,
): string {
  const algorithm = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[
    String(header.alg) as 'HS256'
  ];
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac(algorithm ?? 'sha256', secret)
    .update(input)
    .digest('base64url');
  return `${input}.${signature}`;
}

/** A valid claims set at `nowSeconds` (default now), with `overrides` applied (undefined removes). */
export function serviceClaims(
  overrides: Readonly<Record<string, unknown>> = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'lead-ingestion',
    scope: 'candidates:read candidates:write',
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 60,
    ...overrides,
  };
  for (const [key, value] of Object.entries(claims)) if (value === undefined) delete claims[key];
  return claims;
}
