import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { manifestDirectory, placeholderAppId, teamsAppPackage } from './app-package.js';

/** The files of a ZIP archive, read from its central directory. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let entry = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index++) {
    expect(archive.readUInt32LE(entry)).toBe(0x02014b50);
    const compressedSize = archive.readUInt32LE(entry + 20);
    const nameLength = archive.readUInt16LE(entry + 28);
    const extraLength = archive.readUInt16LE(entry + 30);
    const commentLength = archive.readUInt16LE(entry + 32);
    const local = archive.readUInt32LE(entry + 42);
    const name = archive.toString('utf8', entry + 46, entry + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(archive.subarray(dataStart, dataStart + compressedSize)));
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

describe('the Teams app package', () => {
  const appId = '8f0e7c2a-1b3d-4e5f-9a8b-7c6d5e4f3a2b';

  it('zips the manifest with the bot’s id and Parley’s host, and the icons', () => {
    const files = unzip(teamsAppPackage({ appId, publicUrl: 'https://chat.acme.example:8443/' }));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
    expect(manifest.id).toBe(appId);
    expect(manifest.bots[0].botId).toBe(appId);
    expect(manifest.validDomains).toEqual(['chat.acme.example:8443']);
    expect(manifest.developer.websiteUrl).toBe('https://chat.acme.example:8443');
    expect(JSON.stringify(manifest)).not.toContain(placeholderAppId);
    expect(files.get('color.png')).toEqual(readFileSync(path.join(manifestDirectory, 'color.png')));

    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(path.join(manifestDirectory, 'schema', 'MicrosoftTeams.schema.json'), 'utf8'),
    );
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses an app id that is not a GUID', () => {
    expect(() => teamsAppPackage({ appId: 'my-bot' })).toThrow(/GUID/);
  });
});
