import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../src/http/error-handler.js';

describe('the error handler', () => {
  it('answers an unexpected failure 500 without the text of the error, and logs it', async () => {
    const logged: string[] = [];
    const server = Fastify({
      logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } },
    });
    server.setErrorHandler(handleError);
    server.get('/fails', async () => {
      throw new Error('value "2147483648" is out of range for type integer (select * from import_jobs)');
    });
    const response = await server.inject('/fails');
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(body.error.message).not.toMatch(/integer|import_jobs|2147483648/);
    expect(body.error.message).toContain(String(response.headers['x-request-id'] ?? 'req-1'));
    expect(logged.join('')).toContain('out of range for type integer');
    await server.close();
  });
});
