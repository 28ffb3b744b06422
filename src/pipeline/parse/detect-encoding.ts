/**
 * Works out the character encoding of a CSV from its first bytes: byte order marks first, then
 * UTF-16 without a BOM (zero bytes), then "is it valid UTF-8", then chardet, falling back to
 * Windows-1252 — what spreadsheets on Windows write when they do not write UTF-8.
 */
import chardet from 'chardet';
import type { Encoding } from '../../format/package-format.schema.js';

/** The encodings the reader decodes with. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Length of the byte order mark at the start of `bytes` for `encoding`, 0 if there is none. */
export function byteOrderMarkLength(bytes: Uint8Array, encoding: CsvEncoding): number {
  if (encoding === 'utf-8') {
    return bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2] ? 3 : 0;
  }
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
  return 0;
}

/**
 * The encoding to read a file with. A declared "iso-8859-1" is read as Windows-1252, as browsers
 * do: the two only differ on bytes 0x80–0x9F, which are invisible control characters in
 * ISO-8859-1 and letters and punctuation (€, œ, curly quotes) in Windows-1252.
 */
export function resolveEncoding(declared: Encoding, sample: Uint8Array, complete: boolean): CsvEncoding {
  if (declared === 'auto') return detectEncoding(sample, complete);
  if (declared === 'iso-8859-1') return 'windows-1252';
  return declared;
}

/**
 * Detects the encoding of a file from `sample`, its first bytes (`complete` when the sample is
 * the whole file, otherwise it may end in the middle of a character).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): CsvEncoding {
  if (byteOrderMarkLength(sample, 'utf-8') > 0) return 'utf-8';
  if (byteOrderMarkLength(sample, 'utf-16le') > 0) return 'utf-16le';
  if (byteOrderMarkLength(sample, 'utf-16be') > 0) return 'utf-16be';
  const utf16 = detectUtf16WithoutBom(sample);
  if (utf16 !== undefined) return utf16;
  if (isValidUtf8(complete ? sample : withoutIncompleteUtf8Tail(sample))) return 'utf-8';
  return fromChardet(chardet.detect(sample));
}

/**
 * Text in UTF-16 without a BOM is mostly ASCII characters, so one byte of each pair is zero:
 * the odd bytes in little-endian, the even ones in big-endian. Text files in other encodings
 * have no zero bytes.
 */
function detectUtf16WithoutBom(sample: Uint8Array): CsvEncoding | undefined {
  const pairs = Math.min(sample.length, 4096) >> 1;
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

const workbookSignatures = [
  [0x50, 0x4b, 0x03, 0x04], // ZIP: .xlsx, .ods
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE2: .xls
] as const;

/** True when the bytes start like a spreadsheet workbook (a common mistake: an .xlsx renamed .csv). */
export function looksLikeWorkbook(sample: Uint8Array): boolean {
  return workbookSignatures.some((signature) => signature.every((byte, index) => sample[index] === byte));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Drops a multi-byte UTF-8 sequence cut off by the end of the sample. */
export function withoutIncompleteUtf8Tail(bytes: Uint8Array): Uint8Array {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (byte < 0x80) return bytes;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return end - i < length ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}

function fromChardet(name: string | null): CsvEncoding {
  switch (name?.toUpperCase()) {
    case 'UTF-16LE':
      return 'utf-16le';
    case 'UTF-16BE':
      return 'utf-16be';
    case 'UTF-8':
      return 'utf-8';
    default:
      // ISO-8859-1, windows-1252 and the other single-byte guesses (chardet is unreliable at
      // telling them apart on short samples): Windows-1252 is what such files almost always are.
      return 'windows-1252';
  }
}
