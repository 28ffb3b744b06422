import fs from 'node:fs';

const logFile = process.env.DOVETAIL_TEST_MODULE_LOG;

export async function load(url, context, nextLoad) {
  if (logFile) fs.appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
