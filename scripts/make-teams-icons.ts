/**
 * Writes the Teams app icons of packages/connector-teams/manifest: `color.png` (192×192,
 * a white speech bubble on Parley's accent colour) and `outline.png` (32×32, the same
 * bubble in white on a transparent background), as Teams asks for them.
 * Run: `pnpm exec tsx scripts/make-teams-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const accent: Rgba = [0x3b, 0x5b, 0xdb, 255];
const white: Rgba = [255, 255, 255, 255];
const clear: Rgba = [255, 255, 255, 0];

/** The glyph in a unit box: a rounded speech bubble with a tail, three dots cut out of it. */
function inGlyph(u: number, v: number): boolean {
  const dots = [0.27, 0.5, 0.73].some((x) => (u - x) ** 2 + (v - 0.4) ** 2 <= 0.085 ** 2);
  if (dots) return false;
  return (
    inRoundedRect(u, v, 0, 0.05, 1, 0.75, 0.22) || inTriangle(u, v, [0.18, 0.7], [0.45, 0.7], [0.12, 0.98])
  );
}

function inRoundedRect(u: number, v: number, x0: number, y0: number, x1: number, y1: number, r: number) {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}

function inTriangle(u: number, v: number, a: number[], b: number[], c: number[]): boolean {
  const side = (p: number[], q: number[]) =>
    ((q[0] ?? 0) - (p[0] ?? 0)) * (v - (p[1] ?? 0)) - ((q[1] ?? 0) - (p[1] ?? 0)) * (u - (p[0] ?? 0));
  const [d1, d2, d3] = [side(a, b), side(b, c), side(c, a)];
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

/** Draws an icon: `glyphBox` is where the unit glyph goes, `samples` per pixel side smooth its edges. */
function draw(size: number, glyphBox: [number, number], background: Rgba, samples: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const [start, end] = glyphBox;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples - start) / (end - start);
          const v = (y + (sy + 0.5) / samples - start) / (end - start);
          if (inGlyph(u, v)) covered++;
        }
      }
      const share = covered / (samples * samples);
      const pixel = background.map((channel, index) =>
        Math.round(channel + ((white[index] ?? 0) - channel) * share),
      );
      pixels.set(pixel, (y * size + x) * 4);
    }
  }
  return pixels;
}

/** A truecolour-with-alpha PNG (colour type 6, 8 bits), each row unfiltered. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const directory = path.resolve(import.meta.dirname, '../packages/connector-teams/manifest');
writeFileSync(path.join(directory, 'color.png'), encodePng(192, 192, draw(192, [48, 144], accent, 4)));
// The outline icon: white or fully transparent pixels only, as Teams checks.
writeFileSync(path.join(directory, 'outline.png'), encodePng(32, 32, draw(32, [3, 29], clear, 1)));
console.log(`wrote color.png and outline.png in ${directory}`);
