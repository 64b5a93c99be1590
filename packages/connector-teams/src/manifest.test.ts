import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const directory = path.resolve(import.meta.dirname, '..', 'manifest');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(directory, file), 'utf8'));

interface Png {
  width: number;
  height: number;
  colorType: number;
  /** RGBA pixels, row by row (only for unfiltered 8-bit RGBA rows, as the icon script writes). */
  pixels: Uint8Array;
}

function readPng(file: string): Png {
  const data = readFileSync(path.join(directory, file));
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Buffer | null = null;
  const compressed: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') compressed.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error(`${file} has no IHDR`);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const rows = inflateSync(Buffer.concat(compressed));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    pixels.set(rows.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, colorType: header[9] ?? -1, pixels };
}

describe('the Teams app package', () => {
  const manifest = readJson('manifest.json');

  it('validates against the Teams manifest schema of the version it declares', () => {
    const schema = readJson('schema/MicrosoftTeams.schema.json');
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(schema.properties.manifestVersion.const).toBe(manifest.manifestVersion);
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('catches a broken manifest (the schema is really applied)', () => {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readJson('schema/MicrosoftTeams.schema.json'));
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], botId: 'MICROSOFT_APP_ID' }] })).toBe(false);
    expect(validate({ ...manifest, accentColor: 'blue' })).toBe(false);
  });

  it('is a conversational bot in personal chats, group chats and teams, with a placeholder id to replace', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.botId).toBe('00000000-0000-0000-0000-000000000000');
    expect(manifest.id).toBe(bot.botId);
    expect(manifest.validDomains.length).toBeGreaterThan(0);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = readPng(manifest.icons.color);
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    const outline = readPng(manifest.icons.outline);
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    let opaque = 0;
    for (let index = 0; index < outline.pixels.length; index += 4) {
      const [red, green, blue, alpha] = outline.pixels.subarray(index, index + 4);
      expect([red, green, blue]).toEqual([255, 255, 255]);
      expect([0, 255]).toContain(alpha);
      if (alpha === 255) opaque++;
    }
    // A glyph, not a blank or a filled square; the corners are transparent.
    expect(opaque).toBeGreaterThan(100);
    expect(opaque).toBeLessThan(32 * 32 * 0.8);
    expect(outline.pixels[3]).toBe(0);
  });
});
