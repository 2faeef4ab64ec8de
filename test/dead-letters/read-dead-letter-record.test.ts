// readDeadLetterRecord reads both formats: one `baltra.dead_letter` JSON attribute, and the six
// `baltra.*` attributes workers wrote before it (commit 8776f48), so older dead letters still
// list, show and replay.
import {
  DEAD_LETTER_ATTRIBUTE,
  DEAD_LETTER_ATTRIBUTES,
  readDeadLetterRecord,
} from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';

const legacy = {
  [DEAD_LETTER_ATTRIBUTES.reason]: 'invalid_data',
  [DEAD_LETTER_ATTRIBUTES.errorCode]: 'VALIDATION_FAILED',
  [DEAD_LETTER_ATTRIBUTES.errorMessage]: 'data.n: expected number',
  [DEAD_LETTER_ATTRIBUTES.sourceQueue]: 'jobs',
  [DEAD_LETTER_ATTRIBUTES.receiveCount]: '4',
  [DEAD_LETTER_ATTRIBUTES.actionId]: 'a-1',
};

describe('readDeadLetterRecord', () => {
  it('builds a record from the six attributes of older workers, with the copy id and sent time', () => {
    // Act
    const record = readDeadLetterRecord({
      attributes: { tenant: 'acme', ...legacy },
      messageId: 'copy-1',
      sentAt: new Date('2026-12-01T10:00:00.000Z'),
    });

    // Assess
    expect(record).toEqual({
      reason: 'invalid_data',
      error_code: 'VALIDATION_FAILED',
      error_message: 'data.n: expected number',
      source_queue: 'jobs',
      message_id: 'copy-1',
      receive_count: 4,
      action_id: 'a-1',
      dead_lettered_at: '2026-12-01T10:00:00.000Z',
    });
  });

  it('fills what an old copy lacks and prefers the one-attribute record when both are there', () => {
    // Act
    const sparse = readDeadLetterRecord({
      attributes: {
        [DEAD_LETTER_ATTRIBUTES.reason]: 'invalid_json',
        [DEAD_LETTER_ATTRIBUTES.receiveCount]: 'x',
      },
    });
    const both = readDeadLetterRecord({
      attributes: { ...legacy, [DEAD_LETTER_ATTRIBUTE]: JSON.stringify({ reason: 'oversized' }) },
    });
    const none = readDeadLetterRecord({ attributes: { [DEAD_LETTER_ATTRIBUTES.errorCode]: 'X' } });

    // Assess
    expect(sparse).toEqual({
      reason: 'invalid_json',
      error_code: 'UNKNOWN',
      error_message: '',
      source_queue: '',
      message_id: '',
      receive_count: 0,
      dead_lettered_at: '1970-01-01T00:00:00.000Z',
    });
    expect(both?.reason).toBe('oversized');
    expect(none).toBeUndefined();
  });
});
