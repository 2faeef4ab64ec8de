// Each pattern starts at a word boundary and its parts use classes that cannot overlap with the
// separator that follows them, so scans stay linear on long or adversarial messages.
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const API_KEY = /\b[a-z][a-z0-9]{1,15}_[a-z0-9]{4,32}_[A-Za-z0-9_-]{32,}/g;
const ASSIGNMENT =
  /\b(password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key)(\s*=\s*["']?|["']\s*:\s*["'])[^\s"',;&]+/gi;

/**
 * Hides credentials that `maskSensitiveText` leaves in free text: JWT-shaped tokens, API keys
 * (`<prefix>_<id>_<secret>`) and `password=…`, `"secret": "…"`, `api_key=…` assignments, each
 * replaced by `[REDACTED]`. Used on every message an error envelope shows.
 *
 * @example
 * ```ts
 * redactCredentials('password=hunter2 for bk_a1b2c3d4_Zm9v…');
 * // 'password=[REDACTED] for [REDACTED]'
 * ```
 */
export function redactCredentials(text: string): string {
  return text
    .replace(JWT, '[REDACTED]')
    .replace(API_KEY, '[REDACTED]')
    .replace(ASSIGNMENT, '$1$2[REDACTED]');
}
