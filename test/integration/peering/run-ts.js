// Runs a TypeScript entry point in a child process, compiled on the fly by @swc/core
// exactly as jest compiles the tests (no type-check), so integration tests can start
// real agent processes without a prior `npm run build`.
//   node run-ts.js path/to/entry.ts [args...]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const entry = path.resolve(process.argv[2]);
process.argv = [process.argv[0], entry, ...process.argv.slice(3)];
require(entry);
