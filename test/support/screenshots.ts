import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './cli.js';

/**
 * Where the browser tests save their screenshots: docs/screenshots when asked to refresh the
 * committed ones (`npm run screenshots`), a temporary folder otherwise, so that a test run does
 * not rewrite tracked images whose pixels differ from run to run.
 */
export const screenshotDir = process.env.DOVETAIL_UPDATE_SCREENSHOTS
  ? path.join(repoRoot, 'docs/screenshots')
  : path.join(os.tmpdir(), 'dovetail-screenshots');
