import assert from 'node:assert/strict';
import type { AiAssistant } from '../../../domain/ai/ai-assistant.js';
import { isBaltraError } from '../../../domain/errors.js';
import { aCandidate, aRawLead, aTransition } from '../factories.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** What the AI assistant contract needs from an adapter under test. */
export interface AiAssistantHarness {
  readonly assistant: AiAssistant;
  /** The model's next answer: a value (sent as JSON) or a string (sent as raw text). */
  answerNext(answer: unknown): void;
  /** How many requests have reached the model so far. */
  modelCalls(): number;
  /** Releases servers or clients; called once after the suite. */
  close?(): Promise<void>;
}

/**
 * The behaviour every `AiAssistant` must share: the model's answer comes back validated and
 * as given; an answer that is not JSON or breaks the schema (a score of 140, a summary with
 * no next step) is `AI_OUTPUT_INVALID`, whose message and context never repeat the answer;
 * invalid input is `VALIDATION_FAILED` before the model is asked; a call whose signal is
 * already aborted rejects without asking it.
 * The harness scripts what "the model" answers (a fake server, or the fake's `answerNext`).
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryAiAssistant } from '@baltra/sdk/ai';
 * import { aiAssistantContract } from '@baltra/sdk/testing';
 *
 * aiAssistantContract('in-memory', async () => {
 *   const assistant = new InMemoryAiAssistant();
 *   return { assistant, answerNext: (answer) => assistant.answerNext(answer), modelCalls: () => assistant.requests.length };
 * }, { describe, it, beforeAll, afterAll });
 * ```
 */
export function aiAssistantContract(
  adapterName: string,
  setup: () => Promise<AiAssistantHarness>,
  { describe, it, beforeAll, afterAll }: ContractTestApi,
): void {
  let harness: AiAssistantHarness | undefined;
  const opened = (): AiAssistantHarness => {
    assert.ok(harness, 'the AI assistant harness was not set up');
    return harness;
  };
  const aHistory = () => {
    const candidate = aCandidate({ stage: 'screening' });
    const ids = { candidateId: candidate.id, companyId: candidate.companyId };
    return {
      candidate,
      transitions: [
        aTransition({ ...ids, from: null, to: 'applied', at: candidate.createdAt }),
        aTransition({ ...ids, from: 'applied', to: 'screening' }),
      ],
    };
  };
  const aSummary = {
    summary: 'Applied from a Meta lead ad and was screened the next day.',
    strengths: ['moved quickly'],
    concerns: [],
    suggestedNextStep: 'Schedule the interview.',
  };

  describe(`${adapterName}: AiAssistant contract`, () => {
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it("returns the model's summary of a candidate, validated and as given", async () => {
      opened().answerNext(aSummary);

      const summary = await opened().assistant.summariseCandidate(aHistory());

      assert.deepEqual(summary, aSummary);
    });

    it("returns the model's score and reason for a lead", async () => {
      opened().answerNext({ score: 83, reason: 'Has warehouse experience.' });

      const qualification = await opened().assistant.qualifyLead({
        lead: aRawLead(),
        criteria: ['experiencia en almacén'],
      });

      assert.deepEqual(qualification, { score: 83, reason: 'Has warehouse experience.' });
    });

    it('refuses an answer that is not JSON (AI_OUTPUT_INVALID) without repeating it', async () => {
      opened().answerNext('Sure! The candidate ana.lopez@example.com looks great.');

      const error = await expectBaltraError(
        opened().assistant.summariseCandidate(aHistory()),
        'AI_OUTPUT_INVALID',
      );

      assert.equal(error.message.includes('ana.lopez'), false);
      assert.equal(JSON.stringify(error).includes('ana.lopez'), false);
      assert.equal((error as Error & { problem?: string }).problem, 'not_json');
    });

    it('refuses a score out of range (AI_OUTPUT_INVALID naming the field)', async () => {
      opened().answerNext({ score: 140, reason: 'Perfect.' });

      const error = await expectBaltraError(
        opened().assistant.qualifyLead({ lead: aRawLead() }),
        'AI_OUTPUT_INVALID',
      );

      assert.deepEqual((error as Error & { context: { paths?: unknown } }).context.paths, [
        'score',
      ]);
    });

    it('refuses a summary with a field missing', async () => {
      const { suggestedNextStep: _dropped, ...incomplete } = aSummary;
      opened().answerNext(incomplete);

      await expectBaltraError(
        opened().assistant.summariseCandidate(aHistory()),
        'AI_OUTPUT_INVALID',
      );
    });

    it('validates the input before asking the model (VALIDATION_FAILED, no request)', async () => {
      const { candidate } = aHistory();
      const stranger = aTransition({ from: null, to: 'applied' });
      const before = opened().modelCalls();

      await expectBaltraError(
        opened().assistant.summariseCandidate({ candidate, transitions: [stranger] }),
        'VALIDATION_FAILED',
      );

      assert.equal(opened().modelCalls(), before);
    });

    it("rejects a call whose caller's signal is already aborted, without asking the model", async () => {
      const controller = new AbortController();
      controller.abort(new Error('caller gave up'));
      const before = opened().modelCalls();

      await assert.rejects(
        opened().assistant.qualifyLead({ lead: aRawLead() }, { signal: controller.signal }),
        (error: unknown) => !isBaltraError(error) || error.code !== 'AI_OUTPUT_INVALID',
      );

      assert.equal(opened().modelCalls(), before);
    });
  });
}
