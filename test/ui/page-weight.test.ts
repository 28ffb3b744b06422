import http from 'node:http';
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserPage, browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/** 401 from /api/me: nobody is signed in yet. */
const isExpectedError: ExpectedError = (text, pathname) => pathname === '/api/me' && text.includes('401');

/** The Login screen's budget of script, gzipped (issue 19): a phone on a slow network signs in fast. */
const loginScriptBudget = 150 * 1024;

interface Asset {
  url: string;
  type: string;
  encoding: string | undefined;
  vary: string | undefined;
  transferred: number;
}

/** The bytes a client that accepts gzip only receives for a URL (the body as sent, not decoded). */
function gzippedSize(url: string): Promise<{ encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], bytes }));
      })
      .on('error', reject);
  });
}

describe.skipIf(browserMissing)('page weight of the first load', () => {
  let server: TestServer;
  let browser: BrowserPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer('sqlite'),
      openBrowserPage({ expected: isExpectedError }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function loadLoginScreen(): Promise<Asset[]> {
    const responses: Response[] = [];
    const collect = (response: Response) => responses.push(response);
    browser.page.on('response', collect);
    await browser.page.goto(server.baseUrl, { waitUntil: 'networkidle' });
    await browser.page.getByLabel('User name').waitFor();
    browser.page.off('response', collect);
    return Promise.all(
      responses.map(async (response) => ({
        url: response.url(),
        type: response.request().resourceType(),
        encoding: (await response.allHeaders())['content-encoding'],
        vary: (await response.allHeaders()).vary,
        transferred: (await response.request().sizes()).responseBodySize,
      })),
    );
  }

  it('sends the Login screen its script and stylesheet compressed', async () => {
    const assets = (await loadLoginScreen()).filter((asset) => ['script', 'stylesheet'].includes(asset.type));
    expect(assets.map((asset) => asset.type)).toContain('script');
    expect(assets.map((asset) => asset.type)).toContain('stylesheet');
    for (const asset of assets) {
      expect(asset.encoding, asset.url).toMatch(/^(br|gzip)$/);
      expect(asset.vary, asset.url).toMatch(/accept-encoding/i);
    }
    expect(browser.consoleErrors).toEqual([]);
  });

  it('downloads under 150 KB of script, gzipped, for the Login screen: the signed-in screens come later', async () => {
    const scripts = (await loadLoginScreen()).filter((asset) => asset.type === 'script');
    const gzipped = await Promise.all(scripts.map((script) => gzippedSize(script.url)));
    for (const [index, answer] of gzipped.entries())
      expect(answer.encoding, scripts[index]?.url).toBe('gzip');
    const total = gzipped.reduce((sum, answer) => sum + answer.bytes, 0);
    expect(total).toBeLessThan(loginScriptBudget);
    // What the browser itself received (Brotli) is smaller still.
    expect(scripts.reduce((sum, script) => sum + script.transferred, 0)).toBeLessThanOrEqual(total);

    // Signing in fetches the workspace's own chunk.
    const fetched: string[] = [];
    browser.page.on('request', (request) => {
      fetched.push(request.url());
    });
    await browser.page.getByLabel('User name').fill('admin');
    await browser.page.getByLabel('Password', { exact: true }).fill(adminPassword);
    await browser.page.getByRole('button', { name: 'Sign in' }).click();
    await browser.page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    expect(fetched.filter((url) => url.endsWith('.js')).length).toBeGreaterThan(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('answers a client that accepts no compression with the plain file', async () => {
    const page = await gzippedSize(server.baseUrl);
    expect(page.bytes).toBeGreaterThan(0);
    const plain = await new Promise<{ encoding: string | undefined }>((resolve, reject) => {
      http
        .get(server.baseUrl, { headers: { 'accept-encoding': 'identity' } }, (response) => {
          response.resume();
          response.on('end', () => resolve({ encoding: response.headers['content-encoding'] }));
        })
        .on('error', reject);
    });
    expect(plain.encoding).toBeUndefined();
  });
});
