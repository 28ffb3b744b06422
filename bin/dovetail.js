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

let settled = false;
main(process.argv).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error) => {
    settled = true;
    console.error(error);
    process.exitCode = 1;
  },
);

// Node ends a process whose event loop has nothing left to do with exit code 0, even while a
// command still awaits something that can no longer happen (an event missed): that would pass for
// success, with the command's work half done. Say so and fail instead.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write(
    'Error: the command stopped before it finished, waiting for nothing (a bug in Dovetail)\n',
  );
  process.exitCode = 1;
});
