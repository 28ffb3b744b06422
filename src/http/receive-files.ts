import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DovetailError } from '../errors/dovetail-error.js';
import { fieldValue, uploadedFileName } from './multipart-fields.js';

export interface ReceivedFiles {
  /** Base names of the files written to the folder, in the order received. */
  files: string[];
  /** Files of other fields, read as text (small JSON files such as a template). */
  texts: Record<string, string>;
  fields: Record<string, string>;
}

const MAX_TEXT_BYTES = 10 * 1024 * 1024;

/**
 * Streams every file of the multipart field `fileField` into `folder` (never held in memory);
 * files of the fields named in `textFields` are read as text, at most 10 MiB. A file over
 * maxBytes is PACKAGE_TOO_LARGE; two files of the same name are INVALID_ARGUMENT.
 */
export async function receiveFiles(
  request: FastifyRequest,
  options: {
    folder: string;
    fileField: string;
    textFields: readonly string[];
    maxBytes: number;
    maxFiles: number;
  },
): Promise<ReceivedFiles> {
  const received: ReceivedFiles = { files: [], texts: {}, fields: {} };
  const limits = { fileSize: options.maxBytes, files: options.maxFiles, fields: 20 };
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'field') {
        received.fields[part.fieldname] = fieldValue(part);
        continue;
      }
      if (options.textFields.includes(part.fieldname)) {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of part.file) {
          size += chunk.length;
          if (size > MAX_TEXT_BYTES)
            throw new DovetailError('INVALID_ARGUMENT', `"${part.fieldname}" is over 10 MiB`);
          chunks.push(chunk);
        }
        received.texts[part.fieldname] = Buffer.concat(chunks).toString('utf8');
        continue;
      }
      if (part.fieldname !== options.fileField) {
        part.file.resume();
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `Unexpected file field "${part.fieldname}"; send the CSV files as "${options.fileField}"`,
        );
      }
      const name = uploadedFileName(part, 'upload.csv');
      if (received.files.includes(name)) {
        part.file.resume();
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `Two files are named "${name}": give each CSV its own name`,
        );
      }
      await pipeline(part.file, fs.createWriteStream(path.join(options.folder, name)));
      if (part.file.truncated) throw tooLarge(options.maxBytes, name);
      received.files.push(name);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(options.maxBytes);
    throw error;
  }
  return received;
}

function tooLarge(maxBytes: number, file?: string): DovetailError {
  return new DovetailError(
    'PACKAGE_TOO_LARGE',
    `A file is larger than this server accepts: at most ${maxBytes} bytes (DOVETAIL_MAX_PACKAGE_BYTES)`,
    file ? { file } : {},
  );
}
