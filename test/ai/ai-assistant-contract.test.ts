import { randomUUID } from 'node:crypto';
import { InMemoryAiAssistant, OpenAiAssistant } from '@baltra/sdk/ai';
import { aiAssistantContract } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FakeOpenAiServer } from './support/fake-openai-server.js';

const api = { describe, it, beforeAll, afterAll };

aiAssistantContract(
  'InMemoryAiAssistant',
  async () => {
    const assistant = new InMemoryAiAssistant();
    return {
      assistant,
      answerNext: (answer) => {
        assistant.answerNext(answer);
      },
      modelCalls: () => assistant.requests.length,
    };
  },
  api,
);

aiAssistantContract(
  'OpenAiAssistant (real openai client, fake OpenAI server)',
  async () => {
    const fake = await FakeOpenAiServer.start();
    const assistant = new OpenAiAssistant({
      apiKey: 'sk-test-contract',
      baseURL: fake.url,
      model: 'gpt-4o-mini',
      timeoutMs: 5_000,
      name: `openai-${randomUUID()}`,
      sleep: async () => undefined,
    });
    return {
      assistant,
      answerNext: (answer) => {
        fake.reply({
          kind: 'answer',
          content: typeof answer === 'string' ? answer : JSON.stringify(answer),
          usage: { prompt: 10, completion: 5 },
        });
      },
      modelCalls: () => fake.requests.length,
      close: () => fake.close(),
    };
  },
  api,
);
