/**
 * Draws build/icon.png (512x512 RGBA) from the same shapes as build/icon.svg, with no image
 * library and nothing downloaded: a rounded indigo square, a white speech bubble, three dots.
 * Run: npx tsx src-main/shell/launch/make-icon.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

const SIZE = 512;
const INDIGO: Rgb = [79, 70, 229];
const WHITE: Rgb = [255, 255, 255];

function insideRoundedRect(
  x: number,
  y: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
  radius: number,
): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideTriangle(x: number, y: number, [ax, ay]: Point, [bx, by]: Point, [cx, cy]: Point): boolean {
  const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
  const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
  const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}

/** The colour at one sample point, or undefined outside the icon. */
function sample(x: number, y: number): Rgb | undefined {
  if (!insideRoundedRect(x, y, 16, 16, 496, 496, 104)) return undefined;
  const bubble =
    insideRoundedRect(x, y, 104, 120, 408, 344, 64) ||
    insideTriangle(x, y, [160, 330], [248, 330], [150, 410]);
  if (!bubble) return INDIGO;
  for (const dotX of [184, 256, 328]) {
    if ((x - dotX) ** 2 + (y - 232) ** 2 <= 26 ** 2) return INDIGO;
  }
  return WHITE;
}

/** The icon as a PNG file's bytes (deterministic: same bytes on every run). */
export function drawIconPng(): Buffer {
  // 4x4 supersampling gives smooth edges.
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < 4; sy += 1) {
        for (let sx = 0; sx < 4; sx += 1) {
          const colour = sample(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
          if (colour === undefined) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const at = (y * SIZE + x) * 4;
      if (a > 0) {
        pixels[at] = Math.round(r / a);
        pixels[at + 1] = Math.round(g / a);
        pixels[at + 2] = Math.round(b / a);
        pixels[at + 3] = Math.round((a / 16) * 255);
      }
    }
  }

  return encodePng(pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buffer) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(pixels: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y += 1) {
    rows[y * (SIZE * 4 + 1)] = 0; // filter: none
    pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ICON_PNG_PATH = resolve(import.meta.dirname, '../../../build/icon.png');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const png = drawIconPng();
  writeFileSync(ICON_PNG_PATH, png);
  console.log(`build/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
}
