/**
 * Looks at the first bytes of a stream without losing them: the sample is read ahead, then a new
 * stream replays it followed by the rest of the source, pulling from the source only as fast as
 * its reader asks (memory stays bounded whatever the size of the file).
 */
import { Readable } from 'node:stream';

export interface PeekedSource {
  /** The first bytes of the source: at least `limit` of them unless the source is shorter. */
  sample: Buffer;
  /** True when the sample holds the whole source. */
  complete: boolean;
  /**
   * The whole source as a byte stream, starting `skipBytes` into it (to drop a byte order mark).
   * Can be called once.
   */
  toStream(skipBytes?: number): Readable;
  /** Raw bytes handed on so far (skipped bytes included), for progress. */
  bytesRead(): number;
}

const toBuffer = (chunk: unknown): Buffer => {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('a CSV source must produce bytes');
};

export async function peekSource(source: Readable, limit: number): Promise<PeekedSource> {
  const iterator: AsyncIterator<unknown> = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headSize = 0;
  let exhausted = false;
  while (headSize < limit) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headSize += chunk.length;
  }
  const sample = head.length === 1 ? head[0]! : Buffer.concat(head, headSize);
  let bytes = 0;
  let opened = false;

  async function* replay(skipBytes: number): AsyncGenerator<Buffer> {
    let finished = exhausted;
    try {
      bytes += sample.length;
      if (sample.length > skipBytes) yield sample.subarray(skipBytes);
      while (!finished) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        const chunk = toBuffer(next.value);
        bytes += chunk.length;
        yield chunk;
      }
    } finally {
      // Stopped early (the reader gave up or failed): release the source.
      if (!finished) await iterator.return?.();
    }
  }

  return {
    sample,
    complete: exhausted,
    toStream(skipBytes = 0) {
      if (opened) throw new Error('peekSource: the stream was already opened');
      opened = true;
      return Readable.from(replay(skipBytes), { objectMode: false });
    },
    bytesRead: () => bytes,
  };
}
