// A small PNG decoder for tests: 8-bit greyscale, RGB or RGBA, not interlaced (what Chromium
// and pdftoppm write), enough to check a rendered report's size and that it is not blank.
import { inflateSync } from 'node:zlib';

/** A decoded PNG: its size and its pixels' luminance (0–255), row by row. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly luminance: Float64Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes a PNG; throws on anything it does not support. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const data = Buffer.from(bytes);
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const chunk = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [
        chunk[8],
        chunk[9],
        chunk[10],
        chunk[11],
        chunk[12],
      ];
      channels = CHANNELS[colourType ?? -1] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(
          `unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`,
        );
      }
    } else if (type === 'IDAT') {
      idat.push(chunk);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const previous = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x += 1) {
      const left = x >= channels ? (out[x - channels] ?? 0) : 0;
      const up = previous[x] ?? 0;
      const upLeft = x >= channels ? (previous[x - channels] ?? 0) : 0;
      const value = line[x] ?? 0;
      out[x] = (value + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  const luminance = new Float64Array(width * height);
  for (let i = 0; i < width * height; i += 1) {
    const p = i * channels;
    luminance[i] =
      channels < 3
        ? (pixels[p] ?? 0)
        : 0.2126 * (pixels[p] ?? 0) + 0.7152 * (pixels[p + 1] ?? 0) + 0.0722 * (pixels[p + 2] ?? 0);
  }
  return { width, height, luminance };
}

function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return Math.floor((left + up) / 2);
    case 4: {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** The variance of a decoded PNG's luminance: 0 for a blank image. */
export function luminanceVariance({ luminance }: DecodedPng): number {
  let sum = 0;
  for (const value of luminance) sum += value;
  const mean = sum / luminance.length;
  let squares = 0;
  for (const value of luminance) squares += (value - mean) ** 2;
  return squares / luminance.length;
}
