// The masking primitives live in `shared/pii`; this path stays for modules that import it.
export type { MaskTextOptions } from '../pii/mask-sensitive-text.js';
export { maskSensitiveText } from '../pii/mask-sensitive-text.js';
