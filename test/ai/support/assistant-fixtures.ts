import { randomUUID } from 'node:crypto';
import type { ResilienceEvent } from '@baltra/sdk';
import { OpenAiAssistant, type OpenAiAssistantOptions } from '@baltra/sdk/ai';
import { aCandidate, aTransition } from '@baltra/sdk/testing';
import { RecordingTelemetry } from '../../edge/support/recording-telemetry.js';
import type { FakeOpenAiServer } from './fake-openai-server.js';

export const TEST_KEY = 'sk-test-0123456789abcdef';

export const A_SUMMARY = {
  summary: 'Applied from a Meta lead ad; screened and interviewed within a week.',
  strengths: ['quick to answer'],
  concerns: ['no forklift licence yet'],
  suggestedNextStep: 'Make an offer.',
};

/** An OpenAiAssistant on the fake server whose sleeps, events and metrics are recorded. */
export function anAssistant(fake: FakeOpenAiServer, options: Partial<OpenAiAssistantOptions> = {}) {
  const sleeps: number[] = [];
  const events: ResilienceEvent[] = [];
  const telemetry = new RecordingTelemetry();
  const assistant = new OpenAiAssistant({
    apiKey: TEST_KEY,
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    name: `openai-${randomUUID()}`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    telemetry,
    ...options,
  });
  return { assistant, sleeps, events, telemetry };
}

/** A candidate at `interviewed` with its moves and notes full of PII. */
export function aHistoryWithPii() {
  const candidate = aCandidate({
    name: 'Ana Lucía Pérez',
    phone: '+5215512345678',
    email: 'ana.perez@example.com',
    stage: 'interviewed',
    metaLeadId: '1099887766554433',
  });
  const ids = { candidateId: candidate.id, companyId: candidate.companyId };
  return {
    candidate,
    transitions: [
      aTransition({ ...ids, from: null, to: 'applied', at: new Date('2026-02-01T09:00:00Z') }),
      aTransition({
        ...ids,
        from: 'applied',
        to: 'screening',
        at: new Date('2026-02-02T09:00:00Z'),
        actor: 'maria.recruiter@acme.mx',
      }),
      aTransition({
        ...ids,
        from: 'screening',
        to: 'interview_scheduled',
        at: new Date('2026-02-03T09:00:00Z'),
      }),
      aTransition({
        ...ids,
        from: 'interview_scheduled',
        to: 'interviewed',
        at: new Date('2026-02-05T09:00:00Z'),
      }),
    ],
    notes: [
      {
        at: new Date('2026-02-05T10:00:00Z'),
        text: 'Good interview. Call her on 55 1234 5678 or +5215512345678, mail ana.perez@example.com. CURP PEAA900101MDFRNN09, NSS: 12345678901.',
      },
    ],
  };
}
