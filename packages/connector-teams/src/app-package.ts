import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** The id in `manifest/manifest.json` that stands for the bot's Microsoft App ID. */
export const placeholderAppId = '00000000-0000-0000-0000-000000000000';
/** The domain in the manifest that stands for Parley's public host name. */
export const placeholderDomain = 'parley.example.com';

const guid = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
export const manifestDirectory = path.resolve(import.meta.dirname, '..', 'manifest');

export interface AppPackageOptions {
  /** `MICROSOFT_APP_ID`: the bot's id, also used as the Teams app's id. */
  appId: string;
  /** `PARLEY_PUBLIC_URL`, e.g. `https://parley.example.org`: its host becomes the valid domain. */
  publicUrl?: string | undefined;
}

/**
 * The Teams app package to upload: `manifest.json` with the bot's app id (and Parley's
 * host) filled in, and the two icons, zipped at the top level as Teams expects.
 */
export function teamsAppPackage(options: AppPackageOptions): Buffer {
  if (!guid.test(options.appId))
    throw new Error(`MICROSOFT_APP_ID must be the bot's app id (a GUID), got "${options.appId}"`);
  let manifest = readFileSync(path.join(manifestDirectory, 'manifest.json'), 'utf8').replaceAll(
    placeholderAppId,
    options.appId.toLowerCase(),
  );
  if (options.publicUrl) {
    const host = new URL(options.publicUrl).host;
    manifest = manifest.replaceAll(`https://${placeholderDomain}`, `https://${host}`);
    manifest = manifest.replaceAll(`"${placeholderDomain}"`, JSON.stringify(host));
  }
  return zip([
    { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
    { name: 'color.png', data: readFileSync(path.join(manifestDirectory, 'color.png')) },
    { name: 'outline.png', data: readFileSync(path.join(manifestDirectory, 'outline.png')) },
  ]);
}

/** A ZIP archive (deflated entries, no folders): the little of the format an app package needs. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const checksum = crc32(file.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, a fixed time for reproducible packages
    header.writeUInt32LE(checksum, 14);
    header.writeUInt32LE(compressed.length, 18);
    header.writeUInt32LE(file.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, compressed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(0x00210000, 12);
    entry.writeUInt32LE(checksum, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}
