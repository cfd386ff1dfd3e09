// Lint for the whole tree: ESLint's and typescript-eslint's recommended rules, plus the
// layering the project is built on, enforced by import rules per folder:
//   codec (southbound/codec, southbound/packet) -> channel (southbound/channel)
//   -> core (controller/) -> level/ and apps/ -> northbound (northbound-api/)
// Apps and levels reach the core only through its public API, controller/index.ts.
// `npm run lint` runs it; `npm test` runs it before the tests.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** Patterns of folders a layer may not import, for no-restricted-imports. */
const forbid = (folders, message) => folders.map((f) => ({ group: [`**/${f}`, `**/${f}/**`], message }));

const LAYERS = [
  {
    files: ['southbound/codec/**/*.ts', 'southbound/packet/**/*.ts'],
    patterns: forbid(['channel', 'controller', 'level', 'apps', 'northbound-api', 'peering', 'agent', 'cli', 'bench', 'test'], 'the codec and packet library are pure: they import nothing of the rest of the project'),
  },
  {
    files: ['southbound/channel/**/*.ts'],
    patterns: forbid(['controller', 'level', 'apps', 'northbound-api', 'peering', 'agent', 'cli', 'bench', 'test'], 'the channel sits below the core: codec -> channel -> core'),
  },
  {
    files: ['controller/**/*.ts'],
    patterns: forbid(['level', 'apps', 'northbound-api', 'peering', 'agent', 'cli', 'bench', 'test'], 'the core does not know the levels, apps, northbound or peering'),
  },
  {
    files: ['level/**/*.ts'],
    patterns: [
      ...forbid(['southbound', 'apps', 'northbound-api', 'peering', 'agent', 'cli', 'bench', 'test'], 'a level knows no OpenFlow and no peers: it imports only the core\'s public API'),
      { group: ['**/controller/*', '**/controller/*/**', '!**/controller/index'], message: 'import the core only through its public API: controller/index.ts' },
    ],
  },
  {
    files: ['apps/**/*.ts'],
    patterns: [
      ...forbid(['southbound', 'northbound-api', 'peering', 'agent', 'cli', 'bench', 'test'], 'apps never touch the channel or encode bytes, and know nothing of the API or peering'),
      { group: ['**/controller/*', '**/controller/*/**', '!**/controller/index'], message: 'apps import the core only through its public API: controller/index.ts' },
    ],
  },
  {
    files: ['peering/**/*.ts'],
    patterns: forbid(['southbound', 'level', 'apps', 'northbound-api', 'agent', 'cli', 'bench', 'test'], 'peering (gRPC between levels) depends on the core only'),
  },
  {
    files: ['northbound-api/**/*.ts'],
    patterns: forbid(['southbound', 'agent', 'cli', 'bench', 'test'], 'the northbound API sits on top of the core, the levels and the apps'),
  },
  {
    files: ['agent/**/*.ts'],
    patterns: forbid(['southbound', 'level', 'apps', 'northbound-api', 'cli', 'bench', 'test'], 'the server agent is a registrant: peering and the core\'s metrics only'),
  },
];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'peering/generated/**', '.run/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', clearImmediate: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', URL: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', NodeJS: 'readonly' } },
    rules: {
      // Unused arguments named _x are deliberate (handlers with fixed signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  ...LAYERS.map((l) => ({ files: l.files, rules: { 'no-restricted-imports': ['error', { patterns: l.patterns }] } })),
  {
    // Plain JavaScript tools (jest config, this file, test helpers run by node).
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
