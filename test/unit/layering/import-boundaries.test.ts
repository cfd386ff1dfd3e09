// The layering is enforced by the lint (eslint.config.js), not only described: codec ->
// channel -> core -> level and apps -> northbound, and apps and levels reach the core
// only through controller/index.ts. These cases lint a line of code as if it sat in each
// folder and check which imports are refused; the whole tree is linted by `npm test`.
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// The project's own config, handed over as an object: ESLint's loader would import() it,
// which jest's module sandbox does not allow.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(ROOT, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

async function refused(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['southbound/codec/new.ts', './types', false],
    ['southbound/codec/new.ts', '../channel/send-queue', true],
    ['southbound/codec/new.ts', '../../controller', true],
    ['southbound/channel/new.ts', '../codec', false],
    ['southbound/channel/new.ts', '../../controller', true],
    ['controller/new.ts', '../southbound/codec', false],
    ['controller/new.ts', '../apps/pipeline/layout', true],
    ['controller/new.ts', '../level/slr-level', true],
    ['controller/new.ts', '../northbound-api', true],
    ['level/new.ts', '../controller', false],
    ['level/new.ts', '../controller/store/types', true],
    ['level/new.ts', '../southbound/packet', true],
    ['level/new.ts', '../apps/flow-pinning/path-actions', true],
    ['apps/x/new.ts', '../../controller', false],
    ['apps/x/new.ts', '../../level/slr-level', false],
    ['apps/x/new.ts', '../pipeline/layout', false],
    ['apps/x/new.ts', '../../controller/changes', true],
    ['apps/x/new.ts', '../../southbound/codec/encode', true],
    ['apps/x/new.ts', '../../northbound-api', true],
    ['peering/new.ts', '../controller', false],
    ['peering/new.ts', '../level/slr-level', true],
    ['northbound-api/new.ts', '../level/slr-level', false],
    ['northbound-api/new.ts', '../cli/controller', true],
    ['agent/new.ts', '../peering/registrant', false],
    ['agent/new.ts', '../apps/pipeline/layout', true],
  ])('%s importing %s: refused %s', async (file, from, expected) => {
    const messages = await refused(file, from);
    expect({ file, from, refused: messages.length > 0 }).toEqual({ file, from, refused: expected });
  }, 30_000);
});
