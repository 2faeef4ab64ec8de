import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to one chat completion request. */
export type FakeOpenAiReply =
  | {
      readonly kind: 'answer';
      /** The message content (the model's JSON, or any text); null for none. */
      readonly content: string | null;
      readonly refusal?: string;
      readonly finishReason?: string;
      readonly usage?: { readonly prompt: number; readonly completion: number };
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly code?: string;
      readonly message?: string;
    }
  /** Never answers (until the client gives up or the server closes). */
  | { readonly kind: 'hang' };

/** One request that reached the fake. */
export interface FakeOpenAiRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: {
    readonly model: string;
    readonly messages: readonly { readonly role: string; readonly content: string }[];
    readonly response_format?: {
      readonly type: string;
      readonly json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> };
    };
    readonly [key: string]: unknown;
  };
  /** Everything the client sent, as text: what left the process. */
  readonly raw: string;
}

/**
 * A local fake of OpenAI's `POST /v1/chat/completions` on 127.0.0.1 and a free port, for the
 * real `openai` client: scripted replies (answers with usage, HTTP errors with headers such
 * as `retry-after`, a request that never answers), a default reply, and a log of every
 * request as received.
 */
export class FakeOpenAiServer {
  readonly requests: FakeOpenAiRequest[] = [];
  private readonly script: { reply: FakeOpenAiReply; remaining: number }[] = [];
  private fallback: FakeOpenAiReply = {
    kind: 'answer',
    content: '{}',
    usage: { prompt: 1, completion: 1 },
  };
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeOpenAiServer> {
    let fake: FakeOpenAiServer | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    fake = new FakeOpenAiServer(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  /** The base URL to give the client (`…/v1`). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Replies with `reply` to the next `times` requests, after what is already scripted. */
  reply(reply: FakeOpenAiReply, times = 1): this {
    this.script.push({ reply, remaining: times });
    return this;
  }

  /** The model's answer as JSON, with token usage. */
  answer(value: unknown, usage = { prompt: 120, completion: 30 }): this {
    return this.reply({ kind: 'answer', content: JSON.stringify(value), usage });
  }

  /** The reply once the script is used up. */
  replyByDefault(reply: FakeOpenAiReply): this {
    this.fallback = reply;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.fallback = { kind: 'answer', content: '{}', usage: { prompt: 1, completion: 1 } };
    this.releaseHanging();
  }

  async close(): Promise<void> {
    this.releaseHanging();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private releaseHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  private next(): FakeOpenAiReply {
    const head = this.script[0];
    if (head === undefined) return this.fallback;
    head.remaining -= 1;
    if (head.remaining <= 0) this.script.shift();
    return head.reply;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    const body = JSON.parse(raw) as FakeOpenAiRequest['body'];
    this.requests.push({ path, authorization: req.headers.authorization, body, raw });
    const reply = this.next();
    switch (reply.kind) {
      case 'hang':
        this.hanging.add(res);
        return;
      case 'error':
        send(
          res,
          reply.status,
          {
            error: {
              message: reply.message ?? `fake error ${reply.status}`,
              type: 'fake_error',
              code: reply.code ?? null,
              param: null,
            },
          },
          { 'x-request-id': `req_${this.requests.length}`, ...reply.headers },
        );
        return;
      case 'answer':
        send(res, 200, completionOf(body.model, reply), {
          'x-request-id': `req_${this.requests.length}`,
        });
        return;
    }
  }
}

function completionOf(model: string, reply: Extract<FakeOpenAiReply, { kind: 'answer' }>) {
  const usage = reply.usage ?? { prompt: 0, completion: 0 };
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_800_000_000,
    model: `${model}-2026-01-01`,
    choices: [
      {
        index: 0,
        finish_reason: reply.finishReason ?? 'stop',
        logprobs: null,
        message: {
          role: 'assistant',
          content: reply.content,
          refusal: reply.refusal ?? null,
        },
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
