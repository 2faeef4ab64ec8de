/** One message of a chat completion request. */
export interface OpenAiChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** The body of the chat completion requests the adapter sends (structured outputs). */
export interface OpenAiChatRequest {
  readonly model: string;
  readonly messages: OpenAiChatMessage[];
  readonly response_format: {
    readonly type: 'json_schema';
    readonly json_schema: {
      readonly name: string;
      readonly description?: string;
      readonly strict: true;
      readonly schema: Readonly<Record<string, unknown>>;
    };
  };
  readonly temperature?: number;
  readonly max_completion_tokens?: number;
  readonly stream?: false;
}

/** Per-request options the adapter passes: the client's own retries are off, ours decide. */
export interface OpenAiRequestOptions {
  readonly signal?: AbortSignal;
  readonly maxRetries?: number;
  readonly timeout?: number;
}

/** The slice of a chat completion the adapter reads. */
export interface OpenAiChatCompletion {
  readonly model: string;
  readonly choices: readonly {
    readonly finish_reason: string;
    readonly message: { readonly content: string | null; readonly refusal?: string | null };
  }[];
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
}

/**
 * The slice of the `openai` package's `OpenAI` client that `OpenAiAssistant` uses (so this
 * entry's declarations never name the peer; docs/adr/0026). An `OpenAI` or `AzureOpenAI`
 * instance fits it.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * const client: OpenAiClient = new OpenAI({ apiKey, maxRetries: 0 });
 * ```
 */
export interface OpenAiClient {
  readonly chat: {
    readonly completions: {
      create(
        body: OpenAiChatRequest,
        options?: OpenAiRequestOptions,
      ): PromiseLike<OpenAiChatCompletion>;
    };
  };
}
