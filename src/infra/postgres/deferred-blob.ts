/**
 * A `Blob` whose bytes are still being produced (decompressed on libuv's thread pool) when it
 * is handed over: PGlite takes `loadDataDir` when it is created and reads it only after it has
 * compiled its WebAssembly and set up its file system, so the decompression runs alongside
 * that instead of before it, and the bytes reach PGlite without the copies a `new Blob([bytes])`
 * and its `arrayBuffer()` would make. `size` is the size the bytes will have.
 *
 * @example
 * ```ts
 * const tar = new DeferredBlob(promisify(brotliDecompress)(compressed), manifest.tarBytes);
 * const pglite = await PGlite.create({ loadDataDir: tar });
 * ```
 */
export class DeferredBlob extends Blob {
  readonly #bytes: Promise<Uint8Array>;
  readonly #size: number;

  constructor(bytes: Promise<Uint8Array>, size: number) {
    super([]);
    this.#bytes = bytes;
    this.#size = size;
    // Blob's `size` is an accessor reading the (empty) parent: shadow it with the real size.
    Object.defineProperty(this, 'size', { value: size, enumerable: true });
    // Read or not, a failure is reported to whoever reads; it is never an unhandled rejection.
    bytes.catch(() => undefined);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    // A copy otherwise (`new Uint8Array(view)` copies; a Buffer's `slice()` would not).
    return whole && bytes.buffer instanceof ArrayBuffer
      ? bytes.buffer
      : new Uint8Array(bytes).buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(await this.#bytes);
  }

  override stream(): ReadableStream<Uint8Array> {
    const bytes = this.#bytes;
    return new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(await bytes);
        controller.close();
      },
    });
  }

  /** A deferred part of the bytes (`contentType` is not kept: the type is always empty). */
  override slice(start = 0, end = this.#size): Blob {
    const from = clamp(start, this.#size);
    const to = Math.max(from, clamp(end, this.#size));
    return new DeferredBlob(
      this.#bytes.then((bytes) => bytes.subarray(from, to)),
      to - from,
    );
  }
}

/** A Blob offset (negative: from the end) clamped to `0..size`. */
function clamp(offset: number, size: number): number {
  return offset < 0 ? Math.max(size + offset, 0) : Math.min(offset, size);
}
