import { AiOutputError } from '@baltra/sdk/ai';
import { aRawLead, expectBaltraError } from '@baltra/sdk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { A_SUMMARY, aHistoryWithPii, anAssistant, TEST_KEY } from './support/assistant-fixtures.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('OpenAiAssistant on the real openai client (fake OpenAI server)', () => {
  it('asks for a strict JSON schema answer and returns the validated summary', async () => {
    // Prepare
    fake.answer(A_SUMMARY);
    const { assistant } = anAssistant(fake);

    // Act
    const summary = await assistant.summariseCandidate({ ...aHistoryWithPii(), language: 'en' });

    // Assess
    expect(summary).toEqual(A_SUMMARY);
    const [request] = fake.requests;
    expect(request?.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(request?.body.model).toBe('gpt-4o-mini');
    expect(request?.body.response_format?.type).toBe('json_schema');
    expect(request?.body.response_format?.json_schema).toMatchObject({
      name: 'candidate_summary',
      strict: true,
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['summary', 'strengths', 'concerns', 'suggestedNextStep'],
      },
    });
    expect(request?.body.messages[0]?.content).toContain('English');
  });

  it('returns the score and reason of a lead', async () => {
    // Prepare
    fake.answer({ score: 64, reason: 'Has warehouse experience; no criterion contradicts.' });
    const { assistant } = anAssistant(fake);

    // Act
    const result = await assistant.qualifyLead({ lead: aRawLead(), criteria: ['experiencia'] });

    // Assess
    expect(result).toEqual({
      score: 64,
      reason: 'Has warehouse experience; no criterion contradicts.',
    });
    expect(fake.requests[0]?.body.response_format?.json_schema?.name).toBe('lead_qualification');
  });

  it('sends no name, phone, email, lead id or personal id: notes and actors are masked', async () => {
    // Prepare
    fake.answer(A_SUMMARY);
    const { assistant } = anAssistant(fake);
    const history = aHistoryWithPii();

    // Act
    await assistant.summariseCandidate(history);

    // Assess
    const sent = fake.requests[0]?.raw ?? '';
    for (const secret of [
      'Ana Lucía',
      'Pérez',
      '5512345678',
      '1234 5678',
      'ana.perez',
      'maria.recruiter',
      '1099887766554433',
      'PEAA900101MDFRNN09',
      '12345678901',
      history.candidate.id,
    ]) {
      expect(sent, secret).not.toContain(secret);
    }
    expect(sent).toContain('Good interview.');
    expect(sent).toContain('NSS: ***8901');
    expect(sent).toContain('interview_scheduled');
  });

  it("leaves a lead's identifying answers out and masks the rest", async () => {
    // Prepare
    fake.answer({ score: 50, reason: 'Some fit.' });
    const { assistant } = anAssistant(fake);
    const lead = aRawLead(
      {},
      {
        full_name: 'Jorge Ramírez',
        phone_number: '+52 55 8765 4321',
        email: 'jorge.r@example.com',
        curp: 'RAJJ850505HDFMRR01',
        disponibilidad: 'turno nocturno, escríbeme a jorge.r@example.com',
      },
    );

    // Act
    await assistant.qualifyLead({ lead });

    // Assess
    const sent = fake.requests[0]?.raw ?? '';
    for (const secret of ['Jorge', 'Ramírez', '8765', 'jorge.r@', 'RAJJ850505', lead.id]) {
      expect(sent, secret).not.toContain(secret);
    }
    expect(sent).toContain('turno nocturno');
    expect(sent).toContain('almac');
  });

  it('counts prompt and completion tokens and times the request, with a gen_ai span', async () => {
    // Prepare
    fake.answer(A_SUMMARY, { prompt: 321, completion: 45 });
    const { assistant, telemetry } = anAssistant(fake);

    // Act
    await assistant.summariseCandidate(aHistoryWithPii());

    // Assess
    const labels = { model: 'gpt-4o-mini', operation: 'summariseCandidate' };
    expect(telemetry.named('ai_tokens_total')).toEqual([
      {
        name: 'ai_tokens_total',
        kind: 'counter',
        value: 321,
        attributes: { ...labels, kind: 'prompt' },
      },
      {
        name: 'ai_tokens_total',
        kind: 'counter',
        value: 45,
        attributes: { ...labels, kind: 'completion' },
      },
    ]);
    const [duration] = telemetry.named('ai_request_duration_seconds');
    expect(duration?.kind).toBe('histogram');
    expect(duration?.attributes).toEqual({ ...labels, outcome: 'success' });
    expect(duration?.value).toBeGreaterThanOrEqual(0);
    expect(telemetry.spans[0]).toMatchObject({
      name: 'chat gpt-4o-mini',
      ended: true,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2026-01-01',
        'gen_ai.usage.input_tokens': 321,
        'gen_ai.usage.output_tokens': 45,
      },
    });
  });
});

describe('OpenAiAssistant: malformed answers are typed errors, never crashes', () => {
  it.each([
    ['not JSON', { content: 'Here you go: score 80' }, 'not_json'],
    ['JSON of the wrong shape', { content: '{"score":"high"}' }, 'schema'],
    ['a JSON array', { content: '[1,2]' }, 'schema'],
    ['no content', { content: null }, 'empty'],
    ['a refusal', { content: null, refusal: 'I cannot help with that.' }, 'refusal'],
    ['an answer cut short', { content: '{"score": 8', finishReason: 'length' }, 'truncated'],
  ] as const)(
    '%s → AI_OUTPUT_INVALID (%s), tokens still counted, not retried',
    async (_name, reply, problem) => {
      // Prepare
      fake.reply({ kind: 'answer', usage: { prompt: 10, completion: 3 }, ...reply });
      const { assistant, telemetry, sleeps } = anAssistant(fake);

      // Act
      const error = await expectBaltraError(
        assistant.qualifyLead({ lead: aRawLead() }),
        'AI_OUTPUT_INVALID',
      );

      // Assess
      expect(error).toBeInstanceOf(AiOutputError);
      expect((error as AiOutputError).problem).toBe(problem);
      expect(fake.requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(telemetry.named('ai_tokens_total').map((point) => point.value)).toEqual([10, 3]);
    },
  );

  it('names the failing fields of an answer that breaks the schema', async () => {
    // Prepare
    fake.answer({ score: 101, reason: '' });
    const { assistant } = anAssistant(fake);

    // Act
    const error = await expectBaltraError(
      assistant.qualifyLead({ lead: aRawLead() }),
      'AI_OUTPUT_INVALID',
    );

    // Assess
    expect((error as AiOutputError).context).toMatchObject({
      operation: 'qualifyLead',
      problem: 'schema',
      paths: ['score', 'reason'],
    });
  });
});
