// Registered with `node --import` by test/cli/start-up.test.ts: appends the URL of every ES module
// the process loads to the file named by DOVETAIL_TEST_MODULE_LOG.
import { register } from 'node:module';

register('./record-loaded-modules-hooks.mjs', import.meta.url);
