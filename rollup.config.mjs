// Builds one package per run: `rollup -c ../../rollup.config.mjs --environment PACKAGE:core`.
// Modules are preserved so that bundlers can tree-shake what an app does not import.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = process.env.PACKAGE ?? 'core';
const root = fileURLToPath(new URL(`./packages/${pkg}/`, import.meta.url));

const configs = {
  core: () => ({
    input: { index: `${root}src/index.ts`, 'testing/index': `${root}src/testing/index.ts`, 'cli/main': `${root}src/cli/main.ts` },
    // Dependencies and peers stay bare imports; the app's bundler resolves them.
    external: (id) => /^(zod|xstate|csv-parse|uuid)(\/|$)/.test(id) || id.startsWith('node:'),
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
        noEmitOnError: true,
        module: 'esnext',
        moduleResolution: 'bundler',
      }),
    ],
  }),
};

const widgetEntries = () => {
  const entries = {
    index: `${root}src/index.ts`,
    'casepath-widgets': `${root}src/casepath-widgets.ts`,
    'casepath-autoloader': `${root}src/casepath-autoloader.ts`,
    'sync/index': `${root}src/sync/index.ts`,
  };
  for (const dir of readdirSync(`${root}src/components`)) {
    for (const file of readdirSync(`${root}src/components/${dir}`)) {
      if (file.endsWith('.ts') && !file.endsWith('.test.ts')) entries[`components/${dir}/${file.replace(/\.ts$/, '')}`] = `${root}src/components/${dir}/${file}`;
    }
  }
  return entries;
};
const widgetTypescript = (declarations) =>
  typescript({
    tsconfig: `${root}tsconfig.build.json`,
    outDir: declarations ? `${root}dist` : undefined,
    declaration: declarations,
    declarationMap: declarations,
    declarationDir: declarations ? `${root}dist` : undefined,
    customConditions: [],
    noEmitOnError: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    sourceMap: declarations,
  });

configs.widgets = () => [
  // npm: ES modules per file; lit, xstate, zod, idb and core stay bare imports for the app's bundler.
  {
    input: widgetEntries(),
    external: (id) => /^(lit|@lit|xstate|zod|idb|@casepath\/core)(\/|$)/.test(id),
    output: { dir: `${root}dist`, format: 'es', preserveModules: true, preserveModulesRoot: `${root}src`, sourcemap: true },
    plugins: [widgetTypescript(true)],
  },
  // cdn: everything bundled and minified, one chunk a component, loaded by the autoloader.
  {
    input: {
      'casepath-autoloader': `${root}src/casepath-autoloader.ts`,
      'casepath-widgets': `${root}src/casepath-widgets.ts`,
      // Synthetic data for the examples site only; no widget imports it.
      'casepath-demo-data': `${root}src/demo-data.ts`,
    },
    output: { dir: `${root}cdn`, format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'default'] }),
      widgetTypescript(false),
      // Lit's html`` and css`` templates keep the source's indentation; minify them as lit advises.
      // SVG's self-closing tags keep their slash: without it, the parser opens <line> and puts the
      // next shape or label inside it, where it is never drawn. Whitespace collapses to one space,
      // never to none: a template often opens with the space that separates it from what comes
      // before it (" · 20 hours", " (yours)"), and the built page must read as the source does.
      minifyTemplateLiterals({ options: { minifyOptions: { keepClosingSlash: true, conservativeCollapse: true } } }),
      terser({ format: { comments: false } }),
    ],
  },
];

if (!configs[pkg]) throw new Error(`Unknown PACKAGE "${pkg}"; use one of ${Object.keys(configs).join(', ')}`);
export default configs[pkg]();
