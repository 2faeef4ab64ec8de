import { InMemoryAiAssistant, OpenAiError } from '@baltra/sdk/ai';
import { aCandidate, aRawLead, aTransition, expectBaltraError } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

function aHiredHistory() {
  const candidate = aCandidate({ stage: 'offered', source: 'referral' });
  const ids = { candidateId: candidate.id, companyId: candidate.companyId };
  return {
    candidate,
    transitions: [
      aTransition({ ...ids, from: null, to: 'applied' }),
      aTransition({ ...ids, from: 'applied', to: 'screening' }),
      aTransition({ ...ids, from: 'screening', to: 'interview_scheduled' }),
      aTransition({ ...ids, from: 'interview_scheduled', to: 'interviewed' }),
      aTransition({ ...ids, from: 'interviewed', to: 'offered' }),
    ],
  };
}

describe('InMemoryAiAssistant', () => {
  it('summarises deterministically from the history: source, moves, stage, next step', async () => {
    // Prepare
    const assistant = new InMemoryAiAssistant();
    const history = aHiredHistory();

    // Act
    const first = await assistant.summariseCandidate({ ...history, language: 'en' });
    const again = await assistant.summariseCandidate({ ...history, language: 'en' });

    // Assess
    expect(first).toEqual(again);
    expect(first.summary).toBe(
      'Applied through referral on 2026-02-01; 4 stage moves, now offered; 0 notes.',
    );
    expect(first.suggestedNextStep).toBe('move to hired');
  });

  it('answers in Spanish by default', async () => {
    // Act
    const summary = await new InMemoryAiAssistant().summariseCandidate(aHiredHistory());

    // Assess
    expect(summary.summary).toMatch(/^Llegó por referral/);
    expect(summary.suggestedNextStep).toBe('mover a hired');
  });

  it('scores a lead by the share of criteria its answers mention, ignoring contact fields', async () => {
    // Prepare
    const assistant = new InMemoryAiAssistant();
    const lead = aRawLead({}, { ciudad: 'Monterrey', email: 'forklift@example.com' });

    // Act
    const result = await assistant.qualifyLead({
      lead,
      criteria: ['vive en Monterrey', 'licencia de montacargas', 'forklift licence'],
    });

    // Assess
    expect(result).toEqual({ score: 33, reason: '1 of 3 criteria mentioned in the answers' });
  });

  it('gives scripted answers and failures in order, then its own again, and keeps the requests', async () => {
    // Prepare
    const limited = new OpenAiError('RATE_LIMITED', 'slow down', {
      status: 429,
      retryAfterMs: 1_000,
    });
    const assistant = new InMemoryAiAssistant()
      .answerNext({ score: 99, reason: 'Scripted.' })
      .failNext(limited);
    const lead = aRawLead();

    // Act
    const scripted = await assistant.qualifyLead({ lead });
    const failed = await expectBaltraError(assistant.qualifyLead({ lead }), 'RATE_LIMITED');
    const own = await assistant.qualifyLead({ lead });

    // Assess
    expect(scripted.score).toBe(99);
    expect(failed).toBe(limited);
    expect(own.reason).toBe('no criteria given; answers: 1');
    expect(assistant.requests.map((request) => request.operation)).toEqual([
      'qualifyLead',
      'qualifyLead',
      'qualifyLead',
    ]);
  });

  it('validates answers from its options like a model answer', async () => {
    // Prepare
    const assistant = new InMemoryAiAssistant({ qualify: () => ({ score: -1, reason: 'x' }) });

    // Act
    const error = await expectBaltraError(
      assistant.qualifyLead({ lead: aRawLead() }),
      'AI_OUTPUT_INVALID',
    );

    // Assess
    expect((error as Error & { context: object }).context).toMatchObject({
      problem: 'schema',
      paths: ['score'],
    });
  });
});
