import { OpenAiAssistant, readAiSettings } from '@baltra/sdk/ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from './support/fake-openai-server.js';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('AI settings', () => {
  it('reads the key from OPENAI_API_KEY and the model and endpoint from BALTRA_ variables', async () => {
    // Prepare
    fake.answer({ score: 5, reason: 'No fit.' });
    const env = {
      OPENAI_API_KEY: 'sk-from-env',
      BALTRA_OPENAI_BASE_URL: fake.url,
      BALTRA_AI_MODEL: 'gpt-4.1-mini',
    };
    const assistant = new OpenAiAssistant({ env, sleep: async () => undefined });

    // Act
    await assistant.qualifyLead({
      lead: { id: 'l-1', formId: 'f-1', createdTime: new Date(), fieldData: [] },
    });

    // Assess
    expect(fake.requests[0]?.authorization).toBe('Bearer sk-from-env');
    expect(fake.requests[0]?.body.model).toBe('gpt-4.1-mini');
  });

  it('prefers BALTRA_OPENAI_API_KEY and defaults the model and timeout', () => {
    // Act
    const settings = readAiSettings({
      env: { BALTRA_OPENAI_API_KEY: 'sk-baltra', OPENAI_API_KEY: 'sk-plain' },
    }).get();

    // Assess
    expect(settings).toEqual({
      openaiApiKey: 'sk-baltra',
      aiModel: 'gpt-4o-mini',
      aiTimeoutMs: 30_000,
    });
  });

  it('fails at construction without a key, naming the variable, and never echoes a bad value', () => {
    // Act
    const missing = () => new OpenAiAssistant({ env: {} });
    const invalid = () =>
      new OpenAiAssistant({
        env: { OPENAI_API_KEY: 'sk-secret-value', BALTRA_AI_TIMEOUT_MS: 'soon' },
      });

    // Assess
    expect(missing).toThrow(/BALTRA_OPENAI_API_KEY/);
    expect(invalid).toThrow(/BALTRA_AI_TIMEOUT_MS/);
    try {
      invalid();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('sk-secret-value');
    }
  });
});
