/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
export const MIN_HMAC_KEY_BYTES: Readonly<Record<string, number>> = Object.freeze({
  HS256: 32,
  HS384: 48,
  HS512: 64,
});

/** Bits per symbol below which a secret is not random enough (random hex has about 3.8). */
const MIN_ENTROPY_BITS = 3;

// Deliberately small: the words that make up most weak secrets found in configuration.
const COMMON_WORDS: readonly string[] = [
  'password',
  'passwd',
  'pass',
  'secret',
  'secrets',
  'changeme',
  'change',
  'me',
  'letmein',
  'admin',
  'root',
  'qwerty',
  'asdf',
  'welcome',
  'default',
  'dragon',
  'monkey',
  'master',
  'login',
  'sunshine',
  'football',
  'iloveyou',
  'trustno',
  'shadow',
  'princess',
  'hello',
  'world',
  'test',
  'testing',
  'example',
  'sample',
  'demo',
  'dev',
  'local',
  'super',
  'my',
  'your',
  'the',
  'jwt',
  'token',
  'key',
  'hmac',
  'sign',
  'signing',
  'private',
  'shared',
];
const WORDS: ReadonlySet<string> = new Set(COMMON_WORDS);
const LONGEST_WORD = Math.max(...COMMON_WORDS.map((word) => word.length));
const LEET: Readonly<Record<string, string>> = { '@': 'a', $: 's', '0': 'o', '1': 'i', '3': 'e' };

/**
 * The problems of an HMAC secret for the given algorithms, as messages that never contain the
 * secret: shorter than RFC 7518 asks for the strictest algorithm (32/48/64 bytes for
 * HS256/384/512), or obviously weak — a repeated pattern (`'a' × 32`), made only of common
 * words or passwords (`'password-password-…'`), or low in Shannon entropy. Empty when fine.
 * Use it in your own settings schema to refuse a weak secret when settings load.
 *
 * @example
 * ```ts
 * checkHmacKeyStrength('a'.repeat(32), ['HS256']);
 * // ['the HMAC secret repeats a short pattern; …']
 * const schema = z.object({
 *   jwtSecret: z.string().superRefine((secret, ctx) => {
 *     for (const message of checkHmacKeyStrength(secret, ['HS256'])) ctx.addIssue({ code: 'custom', message });
 *   }),
 * });
 * ```
 */
export function checkHmacKeyStrength(
  secret: string | Uint8Array,
  algorithms: readonly string[],
): string[] {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  const problems: string[] = [];
  const strictest = algorithms
    .filter((algorithm) => MIN_HMAC_KEY_BYTES[algorithm] !== undefined)
    .sort((a, b) => (MIN_HMAC_KEY_BYTES[b] ?? 0) - (MIN_HMAC_KEY_BYTES[a] ?? 0))[0];
  const minimum = strictest === undefined ? 32 : (MIN_HMAC_KEY_BYTES[strictest] ?? 32);
  if (bytes.byteLength < minimum) {
    problems.push(
      `${strictest ?? 'HMAC'} needs a secret of at least ${minimum} bytes (RFC 7518 §3.2), not ${bytes.byteLength}`,
    );
  }
  const weakness = weaknessOf(bytes);
  if (weakness !== undefined) {
    problems.push(`the HMAC secret ${weakness}; use random bytes, e.g. randomBytes(64)`);
  }
  return problems;
}

function weaknessOf(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.length === 0) return 'is empty';
  if (`${text}${text}`.indexOf(text, 1) < text.length) return 'repeats a short pattern';
  const lower = text.toLowerCase();
  const plain = lower.replace(/[^a-z]/g, '');
  const leet = lower.replace(/[@$013]/g, (c) => LEET[c] ?? c).replace(/[^a-z]/g, '');
  if ((plain !== '' && isMadeOfWords(plain)) || (leet !== '' && isMadeOfWords(leet))) {
    return 'is made of common words or passwords';
  }
  const entropy = shannonEntropy(bytes);
  if (entropy < MIN_ENTROPY_BITS) {
    return `has low entropy (${entropy.toFixed(1)} bits per byte, want at least ${MIN_ENTROPY_BITS})`;
  }
  return undefined;
}

/** True when `letters` splits entirely into {@link COMMON_WORDS} (word break). */
function isMadeOfWords(letters: string): boolean {
  const reachable = [true, ...new Array<boolean>(letters.length).fill(false)];
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - LONGEST_WORD); start < end && !reachable[end]; start++) {
      reachable[end] = reachable[start] === true && WORDS.has(letters.slice(start, end));
    }
  }
  return reachable[letters.length] === true;
}

function shannonEntropy(bytes: Uint8Array): number {
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / bytes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
