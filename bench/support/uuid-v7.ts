import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 ids as `LeadIngestionService` makes them by default (time-ordered, RFC 9562), so the
 * one-row-per-statement baseline writes the same kind of keys into the same indexes.
 */
export function uuidV7(): string {
  const bytes = randomBytes(16);
  const ms = Date.now();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
