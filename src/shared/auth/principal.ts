/** A caller authenticated with an API key. */
export interface ApiKeyPrincipal {
  readonly kind: 'api-key';
  /** Who owns the key (a partner or service name); several keys may share it during rotation. */
  readonly subject: string;
  /** The key's public id (safe to log). */
  readonly keyId: string;
  readonly scopes: readonly string[];
}

/** A service authenticated with a signed JWT. */
export interface ServicePrincipal {
  readonly kind: 'service';
  /** The token's `sub`: the calling service. */
  readonly subject: string;
  readonly issuer: string;
  readonly scopes: readonly string[];
  /** The token's `jti`, when present. */
  readonly tokenId?: string;
  readonly expiresAt: Date;
}

/** Whoever made the request, as established by authentication. */
export type Principal = ApiKeyPrincipal | ServicePrincipal;
