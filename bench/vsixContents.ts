/**
 * What a .vsix holds, read from its zip central directory: each file's name and its size
 * before and after compression. The bench reports the file count and the largest files, so a
 * stray folder in the package shows by name, not only as a bigger total.
 */

import * as fs from 'node:fs';

export interface VsixEntry {
  /** The path inside the archive, e.g. `extension/dist/extension.js`. */
  readonly name: string;
  readonly bytes: number;
  readonly compressedBytes: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/** Every file in the archive, in the order the central directory lists them (no zip64: a .vsix is far below 4 GB). */
export function readVsixEntries(file: string): VsixEntry[] {
  const zip = fs.readFileSync(file);
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so search backwards for it.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: VsixEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${file}: central directory entry ${index} is damaged`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      compressedBytes: zip.readUInt32LE(at + 20),
      bytes: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The `count` largest files by compressed size, as `path (N KiB)` with the `extension/` prefix dropped. */
export function largestEntries(entries: readonly VsixEntry[], count: number): string[] {
  return [...entries]
    .sort((a, b) => b.compressedBytes - a.compressedBytes)
    .slice(0, count)
    .map((entry) => `${entry.name.replace(/^extension\//, '')} (${(entry.compressedBytes / 1024).toFixed(1)} KiB)`);
}
