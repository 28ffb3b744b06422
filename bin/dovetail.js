#!/usr/bin/env node
// Thin launcher: `npm run build` compiles the CLI to dist/ and bundles it into dist/cli-bundle/
// (scripts/build-cli-bundle.js), as loading hundreds of separate modules was most of the time a
// command took to start.
import module from 'node:module';

// Node 22+ keeps the compiled code between runs; Node 20 has no compile cache.
module.enableCompileCache?.();

// `dovetail imports list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Imported after the compile cache is on, so that the bundle's compilation is cached too.
const { main } = await import('../dist/cli-bundle/main.js');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
