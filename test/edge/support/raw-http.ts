import { connect } from 'node:net';

/** A request written byte for byte: header lines are sent as given, repeats included. */
export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  /** `[name, value]` lines in order; a name may repeat. `Host` and `Connection: close` are added. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** Sent after the head; `Content-Length` is added unless a header sets it or `chunked`. */
  readonly body?: string | Buffer;
  /** Send `body` with `Transfer-Encoding: chunked`, in chunks of this many bytes. */
  readonly chunked?: number;
}

/** The response as read off the socket. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Everything the server wrote, head and body. */
  readonly raw: string;
}

/**
 * Sends one HTTP/1.1 request over a plain `node:net` socket — no client library in between to
 * merge or drop repeated headers — and reads the response until the server closes.
 */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const lines = [
    `${request.method ?? 'GET'} ${request.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
  ];
  const headers = request.headers ?? [];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  const declares = headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (body !== undefined && !declares) {
    lines.push(
      request.chunked === undefined
        ? `Content-Length: ${body.length}`
        : 'Transfer-Encoding: chunked',
    );
  }
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw request to ${request.path}: no complete response within 10 s`));
    }, 10_000);
    const settle = () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      try {
        resolve(parseResponse(raw));
      } catch (error) {
        reject(error);
      }
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', settle);
    // The server may answer and close before reading a body it refuses (EPIPE, ECONNRESET).
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(lines.join('\r\n'), 'latin1');
      if (body === undefined) return;
      if (request.chunked === undefined) {
        socket.write(body);
        return;
      }
      for (let at = 0; at < body.length; at += request.chunked) {
        const piece = body.subarray(at, at + request.chunked);
        socket.write(`${piece.length.toString(16)}\r\n`);
        socket.write(piece);
        socket.write('\r\n');
      }
      socket.write('0\r\n\r\n');
    });
  });
}

function parseResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete response: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine = '', ...headerLines] = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = raw.slice(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status, headers, body, raw };
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = Number.parseInt(text.slice(at, lineEnd), 16);
    if (lineEnd < 0 || !Number.isFinite(size) || size === 0) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
