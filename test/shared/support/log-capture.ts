import { Writable } from 'node:stream';

/** A stream that collects the JSON lines a logger writes, for assertions. */
export interface LogCapture {
  readonly stream: Writable;
  /** Waits for pending writes, then returns every entry parsed. */
  entries(): Promise<Record<string, unknown>[]>;
  /** The raw text written so far. */
  text(): string;
}

export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    async entries() {
      await new Promise((resolve) => setImmediate(resolve));
      return chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => chunks.join(''),
  };
}
