import type { AiAssistant, AiCallOptions } from '../../domain/ai/ai-assistant.js';
import { AiOutputError } from '../../domain/ai/ai-output-error.js';
import {
  type CandidateSummary,
  type CandidateSummaryRequest,
  CandidateSummaryRequestSchema,
} from '../../domain/ai/candidate-summary.js';
import {
  type LeadQualification,
  type LeadQualificationRequest,
  LeadQualificationRequestSchema,
} from '../../domain/ai/lead-qualification.js';
import { parseAiAnswer } from '../../domain/ai/parse-ai-answer.js';
import { parseInput } from '../../domain/services/parse-input.js';
import { SettingsError } from '../../shared/settings/settings-error.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import type { Telemetry } from '../../shared/telemetry/telemetry.js';
import { type AiPrompt, qualificationPrompt, summaryPrompt } from './ai-prompts.js';
import {
  type AiResilience,
  type AiResilienceOptions,
  createAiResilience,
} from './ai-resilience.js';
import { readAiSettings } from './ai-settings.js';
import { loadOpenAi, type OpenAiModule } from './load-openai.js';
import type { OpenAiChatCompletion, OpenAiClient } from './openai-client.js';
import { translateOpenAiError } from './translate-openai-error.js';

/** Options of {@link OpenAiAssistant}. */
export interface OpenAiAssistantOptions extends AiResilienceOptions {
  /**
   * An `OpenAI` (or `AzureOpenAI`) client to use; its own retries are turned off per request.
   * Default: one built on first use from `apiKey`/`baseURL`, else the settings
   * (`BALTRA_OPENAI_API_KEY` or `OPENAI_API_KEY`, `BALTRA_OPENAI_BASE_URL`).
   */
  readonly client?: OpenAiClient;
  /** A secret; default from the settings. Ignored when `client` is given. */
  readonly apiKey?: string;
  /** Another endpoint: Azure, a proxy, a test server. Ignored when `client` is given. */
  readonly baseURL?: string;
  /** A model with structured outputs; default `BALTRA_AI_MODEL`, else `gpt-4o-mini`. */
  readonly model?: string;
  /** Sampling temperature; default 0.2 (steady answers). */
  readonly temperature?: number;
  /** Longest answer in tokens; default 800. */
  readonly maxCompletionTokens?: number;
  /** Default: the process-wide telemetry at call time. */
  readonly telemetry?: Telemetry;
  /** Environment read for the settings when a key or model is not given; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The `AiAssistant` port on OpenAI's chat completions with structured outputs (a strict JSON
 * schema built from the answer's zod schema, which checks the answer again). Input is
 * validated first (`VALIDATION_FAILED`, no request); PII is masked before the prompt leaves
 * (the candidate's name, phone, email and lead id are never sent; notes and answers pass
 * `maskForPrompt`); the prompt is never logged. Each request runs under a timeout, a circuit
 * breaker and a retry that honours `retry-after` (see `createAiResilience`; the `openai`
 * client's own retries are off). Tokens and durations go to the telemetry port
 * (`ai_tokens_total`, `ai_request_duration_seconds`) with a `chat {model}` client span.
 * Errors: `OpenAiError` (`RATE_LIMITED`, `UPSTREAM_UNAVAILABLE`, `TIMEOUT`, `AI_AUTH_FAILED`,
 * `AI_REQUEST_REJECTED`), `CircuitOpenError`, `AiOutputError`. `openai` is an optional peer,
 * loaded on the first call when no client is given.
 *
 * @example
 * ```ts
 * const assistant = new OpenAiAssistant({ model: 'gpt-4o-mini' }); // key from OPENAI_API_KEY
 * const { score, reason } = await assistant.qualifyLead({ lead, vacancy, criteria: ['vive en Monterrey'] });
 * ```
 */
export class OpenAiAssistant implements AiAssistant {
  readonly #options: OpenAiAssistantOptions;
  readonly #model: string;
  readonly #timeoutMs: number;
  readonly #resilience: AiResilience;
  readonly #apiKey: string | undefined;
  readonly #baseURL: string | undefined;
  #client: Promise<OpenAiClient> | undefined;

  constructor(options: OpenAiAssistantOptions = {}) {
    this.#options = options;
    const needsSettings =
      options.model === undefined ||
      options.timeoutMs === undefined ||
      (options.client === undefined && options.apiKey === undefined);
    // Read once, here (never at import): a bad BALTRA_AI_* value fails at construction.
    const settings = needsSettings ? readAiSettings(envOption(options.env)).get() : undefined;
    this.#model = options.model ?? settings?.aiModel ?? 'gpt-4o-mini';
    this.#timeoutMs = options.timeoutMs ?? settings?.aiTimeoutMs ?? 30_000;
    if (options.client !== undefined) {
      this.#client = Promise.resolve(options.client);
    } else {
      const apiKey = options.apiKey ?? settings?.openaiApiKey;
      if (apiKey === undefined) {
        throw new SettingsError([
          {
            variable: 'BALTRA_OPENAI_API_KEY',
            message: 'is required (or OPENAI_API_KEY, or the apiKey or client option)',
          },
        ]);
      }
      this.#apiKey = apiKey;
      this.#baseURL = options.baseURL ?? settings?.openaiBaseUrl;
    }
    this.#resilience = createAiResilience({ ...options, timeoutMs: this.#timeoutMs });
  }

  async summariseCandidate(
    request: CandidateSummaryRequest,
    options: AiCallOptions = {},
  ): Promise<CandidateSummary> {
    const parsed = parseInput('candidate summary request', CandidateSummaryRequestSchema, request);
    return this.#ask(summaryPrompt(parsed), options);
  }

  async qualifyLead(
    request: LeadQualificationRequest,
    options: AiCallOptions = {},
  ): Promise<LeadQualification> {
    const parsed = parseInput(
      'lead qualification request',
      LeadQualificationRequestSchema,
      request,
    );
    return this.#ask(qualificationPrompt(parsed), options);
  }

  async #ask<T>(prompt: AiPrompt<T>, { signal }: AiCallOptions): Promise<T> {
    const client = await this.#openClient();
    // For translating its errors; a client of the user's own making may come without the package.
    const openai = await loadOpenAi().catch((error: unknown) => {
      if (this.#options.client === undefined) throw error;
      return undefined;
    });
    const model = this.#model;
    const telemetry = this.#options.telemetry ?? getTelemetry();
    const span = telemetry.startSpan(`chat ${model}`, {
      kind: 'client',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': model,
        'baltra.ai.operation': prompt.operation,
      },
    });
    try {
      const completion = await this.#resilience.run(
        (attemptSignal) =>
          this.#request(
            client,
            openai,
            prompt,
            { model, signal: attemptSignal, caller: signal },
            telemetry,
          ),
        signal,
      );
      span.setAttribute('gen_ai.response.model', completion.model);
      if (completion.usage !== undefined) {
        span.setAttribute('gen_ai.usage.input_tokens', completion.usage.prompt_tokens);
        span.setAttribute('gen_ai.usage.output_tokens', completion.usage.completion_tokens);
      }
      return answerOf(completion, prompt);
    } catch (error) {
      span.recordError(error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** One HTTP request: timed, its tokens counted, its error translated. */
  async #request<T>(
    client: OpenAiClient,
    openai: OpenAiModule | undefined,
    prompt: AiPrompt<T>,
    {
      model,
      signal,
      caller,
    }: { model: string; signal: AbortSignal; caller: AbortSignal | undefined },
    telemetry: Telemetry,
  ): Promise<OpenAiChatCompletion> {
    const started = performance.now();
    const labels = { model, operation: prompt.operation };
    let outcome = 'error';
    try {
      const completion = await client.chat.completions.create(
        {
          model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: prompt.schemaName, strict: true, schema: prompt.jsonSchema },
          },
          temperature: this.#options.temperature ?? 0.2,
          max_completion_tokens: this.#options.maxCompletionTokens ?? 800,
        },
        // Our timeout policy decides; the client's own is a later backstop.
        { signal, maxRetries: 0, timeout: this.#timeoutMs + 1_000 },
      );
      outcome = 'success';
      const usage = completion.usage;
      if (usage !== undefined) {
        recordMetric(telemetry, METRICS.aiTokensTotal, usage.prompt_tokens, {
          ...labels,
          kind: 'prompt',
        });
        recordMetric(telemetry, METRICS.aiTokensTotal, usage.completion_tokens, {
          ...labels,
          kind: 'completion',
        });
      }
      return completion;
    } catch (error) {
      const translated = translateOpenAiError(error, openai, Date.now());
      // An attempt aborted by our timeout policy surfaces as the client's abort error.
      outcome =
        caller?.aborted === true ? 'aborted' : signal.aborted ? 'timeout' : outcomeOf(translated);
      throw translated;
    } finally {
      recordMetric(
        telemetry,
        METRICS.aiRequestDurationSeconds,
        (performance.now() - started) / 1000,
        {
          ...labels,
          outcome,
        },
      );
    }
  }

  #openClient(): Promise<OpenAiClient> {
    this.#client ??= loadOpenAi()
      .then(
        ({ OpenAI }) =>
          new OpenAI({
            apiKey: this.#apiKey ?? '',
            ...(this.#baseURL === undefined ? {} : { baseURL: this.#baseURL }),
            maxRetries: 0,
            timeout: this.#timeoutMs + 1_000,
          }),
      )
      .catch((error: unknown) => {
        this.#client = undefined;
        throw error;
      });
    return this.#client;
  }
}

function envOption(env: OpenAiAssistantOptions['env']) {
  return env === undefined ? {} : { env };
}

function answerOf<T>(completion: OpenAiChatCompletion, prompt: AiPrompt<T>): T {
  const choice = completion.choices[0];
  if (choice === undefined) throw new AiOutputError(prompt.operation, 'empty');
  if (typeof choice.message.refusal === 'string' && choice.message.refusal !== '') {
    throw new AiOutputError(prompt.operation, 'refusal');
  }
  if (choice.finish_reason === 'length') throw new AiOutputError(prompt.operation, 'truncated');
  return parseAiAnswer(prompt.operation, prompt.schema, choice.message.content);
}

function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'RATE_LIMITED') return 'rate_limited';
  if (code === 'TIMEOUT') return 'timeout';
  return 'error';
}
