/**
 * Builds ZIP bytes by hand, for the hostile archives a well-behaved writer like yazl refuses to make
 * ("../evil.csv", absolute paths, duplicates, lying sizes, encryption flags).
 */
import { deflateRawSync } from 'node:zlib';

export interface RawZipEntry {
  name: string;
  data?: string | Buffer;
  /** Deflate the data instead of storing it. */
  deflate?: boolean;
  /** Uncompressed size written to the headers, when it should lie. */
  declaredSize?: number;
  /** Extra general purpose flags (bit 0 = encrypted); UTF-8 names (bit 11) are always flagged. */
  flags?: number;
}

const UTF8_NAMES = 0x800;
// 1 January 2024, 00:00 in MS-DOS date/time format; the value is irrelevant, it just has to be valid.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

// zlib.crc32 only exists from Node 20.15, and the repo supports every Node 20.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function buildRawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? '');
    const body = entry.deflate ? deflateRawSync(data) : data;
    const fields = {
      flags: UTF8_NAMES | (entry.flags ?? 0),
      method: entry.deflate ? 8 : 0,
      crc: crc32(data),
      compressedSize: body.length,
      uncompressedSize: entry.declaredSize ?? data.length,
    };

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeCommonFields(local, 6, fields);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    writeCommonFields(central, 8, fields);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The run of fields local and central headers share: flags, method, time, date, crc, sizes. */
function writeCommonFields(
  header: Buffer,
  at: number,
  fields: { flags: number; method: number; crc: number; compressedSize: number; uncompressedSize: number },
): void {
  header.writeUInt16LE(fields.flags, at);
  header.writeUInt16LE(fields.method, at + 2);
  header.writeUInt16LE(DOS_TIME, at + 4);
  header.writeUInt16LE(DOS_DATE, at + 6);
  header.writeUInt32LE(fields.crc, at + 8);
  header.writeUInt32LE(fields.compressedSize, at + 12);
  header.writeUInt32LE(fields.uncompressedSize, at + 16);
}
