// Builds one package per run: `rollup -c ../../rollup.config.mjs --environment PACKAGE:core`.
// Modules are preserved so that bundlers can tree-shake what an app does not import.
import typescript from '@rollup/plugin-typescript';
import { fileURLToPath } from 'node:url';

const pkg = process.env.PACKAGE ?? 'core';
const root = fileURLToPath(new URL(`./packages/${pkg}/`, import.meta.url));

const configs = {
  core: {
    input: { index: `${root}src/index.ts`, 'testing/index': `${root}src/testing/index.ts`, 'cli/main': `${root}src/cli/main.ts` },
    // Dependencies and peers stay bare imports; the app's bundler resolves them.
    external: (id) => /^(zod|xstate|csv-parse)(\/|$)/.test(id) || id.startsWith('node:'),
    output: {
      dir: `${root}dist`,
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: `${root}src`,
      sourcemap: true,
    },
    plugins: [
      typescript({
        tsconfig: `${root}tsconfig.json`,
        outDir: `${root}dist`,
        declarationDir: `${root}dist`,
        // The build uses the published types, not the @casepath/source condition.
        customConditions: [],
        module: 'esnext',
        moduleResolution: 'bundler',
      }),
    ],
  },
};

if (!configs[pkg]) throw new Error(`Unknown PACKAGE "${pkg}"; use one of ${Object.keys(configs).join(', ')}`);
export default configs[pkg];
