/**
 * What a key says about its value:
 * - `'secret'`: credentials (password, token, apiKey, cookie, databaseUrl …), always
 *   replaced by `[REDACTED]`;
 * - `'personal-id'`: a national, tax, passport or document number (nationalId, citizenId,
 *   curp, rfc, dni, passportNumber …), masked with `maskId`;
 * - `'phone'` and `'email'`: contact details, masked with `maskPhone` / `maskEmail` even when
 *   the value does not look like one (a bare `5512345678`, an address without a TLD).
 */
export type KeyClass = 'secret' | 'personal-id' | 'phone' | 'email';

/** Extra key names, per class, on top of the built-in ones. */
export interface ExtraKeys {
  readonly secret?: readonly string[];
  readonly personalId?: readonly string[];
}

/** Key fragments whose values are secrets; keys are compared lower-case without `_`/`-`. */
const SECRET_FRAGMENTS = [
  'password',
  'passwd',
  'secret',
  'token',
  'authorization',
  'apikey',
  'cookie',
  'databaseurl',
  'connectionstring',
  'privatekey',
  'accesskey',
  'credential',
  'jwt',
];
/** Short names that are secrets only as a whole key (as fragments they would match too much). */
const SECRET_NAMES = new Set(['pwd', 'pin', 'otp', 'cvv', 'ssn', 'dsn', 'auth']);

/** Personal-id key endings: `nationalId`, `candidate_national_id`, `passportNumber` … */
const PERSONAL_ID_SUFFIXES = [
  'nationalid',
  'citizenid',
  'idcitizen',
  'identitynumber',
  'identificationnumber',
  'idnumber',
  'documentnumber',
  'passportnumber',
  'passport',
  'taxid',
  'cedula',
  'curp',
];
/** Short personal-id names, matched only as the whole key (`rfc`, not `rfcValidated`). */
const PERSONAL_ID_NAMES = new Set(['rfc', 'nss', 'dni', 'nit', 'rut', 'cpf', 'nie', 'nif']);

const PHONE_SUFFIXES = [
  'phone',
  'phonenumber',
  'mobile',
  'mobilenumber',
  'telefono',
  'celular',
  'whatsapp',
  'msisdn',
];
const EMAIL_SUFFIXES = ['email', 'emailaddress', 'mailaddress', 'correo', 'correoelectronico'];

/**
 * Classifies an object key by the PII or secret its value holds, or `undefined` for an
 * ordinary key. Keys are compared lower-case with every non-alphanumeric character removed,
 * so `national_id`, `National-ID` and `nationalId` are the same key. Internal ids
 * (`candidateId`, `leadId`) are ordinary: they identify records, not people.
 *
 * @example
 * ```ts
 * classifyKey('DATABASE_URL');  // 'secret'
 * classifyKey('citizen_id');    // 'personal-id'
 * classifyKey('mobilePhone');   // 'phone'
 * classifyKey('candidateId');   // undefined
 * classifyKey('curpRaw', { personalId: ['curpRaw'] }); // 'personal-id'
 * ```
 */
export function classifyKey(key: string, extra: ExtraKeys = {}): KeyClass | undefined {
  const normalised = normaliseKey(key);
  if (normalised === '') return undefined;
  if (
    SECRET_NAMES.has(normalised) ||
    SECRET_FRAGMENTS.some((fragment) => normalised.includes(fragment)) ||
    (extra.secret ?? []).some((name) => normaliseKey(name) === normalised)
  ) {
    return 'secret';
  }
  if (
    PERSONAL_ID_NAMES.has(normalised) ||
    PERSONAL_ID_SUFFIXES.some((suffix) => normalised.endsWith(suffix)) ||
    (extra.personalId ?? []).some((name) => normaliseKey(name) === normalised)
  ) {
    return 'personal-id';
  }
  if (PHONE_SUFFIXES.some((suffix) => normalised.endsWith(suffix))) return 'phone';
  if (EMAIL_SUFFIXES.some((suffix) => normalised.endsWith(suffix))) return 'email';
  return undefined;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}
