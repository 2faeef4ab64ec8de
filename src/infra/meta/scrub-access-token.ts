/** Matches `access_token=…` in URLs, query strings and messages (up to the next separator). */
const ACCESS_TOKEN_PARAM = /(access_token|input_token|appsecret_proof)=[^&\s"'#]*/gi;

/**
 * Removes access tokens from text: the Meta SDK puts the token in every request URL, and URLs
 * end up in error messages. `token`, when given, is also removed wherever it appears.
 *
 * @example
 * ```ts
 * scrubAccessToken('GET /v24.0/1/leads?access_token=EAAB&limit=5'); // 'GET /v24.0/1/leads?access_token=[redacted]&limit=5'
 * ```
 */
export function scrubAccessToken(text: string, token?: string): string {
  const scrubbed = text.replace(ACCESS_TOKEN_PARAM, '$1=[redacted]');
  return token === undefined || token === '' ? scrubbed : scrubbed.split(token).join('[redacted]');
}
