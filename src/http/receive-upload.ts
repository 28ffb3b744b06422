import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DovetailError } from '../errors/dovetail-error.js';
import { fieldValue, uploadedFileName } from './multipart-fields.js';

export interface ReceivedUpload {
  /** The package on disk under DOVETAIL_DATA_DIR/uploads, under the name the client gave it. */
  packagePath: string;
  fields: Record<string, string>;
  /** Removes the temporary copy (the import keeps its own). */
  discard(): Promise<void>;
}

/**
 * Streams a multipart upload's file part `fileField` to a temporary file, never holding it in
 * memory, and collects the text fields whether they come before or after the file.
 * A file over maxBytes is PACKAGE_TOO_LARGE.
 */
export async function receiveUpload(
  request: FastifyRequest,
  options: { uploadsDir: string; fileField: string; maxBytes: number },
): Promise<ReceivedUpload> {
  const folder = path.join(options.uploadsDir, randomUUID());
  await fs.promises.mkdir(folder, { recursive: true });
  const discard = () => fs.promises.rm(folder, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let packagePath: string | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: options.maxBytes, files: 1 } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = fieldValue(part);
        continue;
      }
      if (part.fieldname !== options.fileField) {
        part.file.resume();
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `Unexpected file field "${part.fieldname}"; send the package as "${options.fileField}"`,
        );
      }
      const name = uploadedFileName(part, 'package.zip');
      packagePath = path.join(folder, name);
      await pipeline(part.file, fs.createWriteStream(packagePath));
      if (part.file.truncated) throw tooLarge(options.maxBytes, part.filename);
    }
  } catch (error) {
    await discard();
    if (isFileTooLarge(error))
      throw tooLarge(options.maxBytes, packagePath ? path.basename(packagePath) : undefined);
    throw error;
  }
  if (!packagePath) {
    await discard();
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `The request has no file "${options.fileField}" (multipart/form-data)`,
    );
  }
  return { packagePath, fields, discard };
}

function isFileTooLarge(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'FST_REQ_FILE_TOO_LARGE';
}

function tooLarge(maxBytes: number, file: string | undefined): DovetailError {
  return new DovetailError(
    'PACKAGE_TOO_LARGE',
    `The package is larger than this server accepts: at most ${maxBytes} bytes (DOVETAIL_MAX_PACKAGE_BYTES)`,
    file ? { file } : {},
  );
}
