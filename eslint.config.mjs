// Typed linting as xstate does (typescript-eslint recommendedTypeChecked), plus
// consistent type imports as shoelace does.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/cdn/**', '**/node_modules/**', '**/coverage/**', 'packages/widgets/*.mjs', 'packages/widgets/scripts/**', 'packages/server/scripts/**', 'packages/server/test/fixtures/make-schema-v1.ts', 'packages/widgets/bench/**', 'packages/widgets/test/**', 'examples/site/**', 'examples/staff/**', 'examples/admin/**', 'examples/analyst/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'examples/*/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Lit binds `@event=${this.handler}` to the element, so unbound methods are fine in templates;
    // stores implement an async interface even where the memory version needs no await.
    files: ['packages/widgets/src/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/require-await': 'off' },
  },
  {
    // zod runs its own length checks on values that already failed their type, and a hostile
    // `{ "length": [{ "toString": null }] }` then throws instead of failing validation. Core's
    // `minLength`/`maxLength` look at strings and arrays only (core/src/schemas/length-checks.ts).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-helper.ts', 'packages/core/src/schemas/length-checks.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='z'][property.name=/^(minLength|maxLength|length)$/]", message: "Use minLength/maxLength from @casepath/core: zod's own throw on a hostile value with a `length`." },
        {
          selector: "CallExpression[callee.property.name=/^(min|max|length|nonempty)$/] > MemberExpression.callee > CallExpression[callee.property.name=/^(string|email|array|url|uuid|trim)$/]",
          message: "Use .check(minLength(n), maxLength(n)) from @casepath/core for strings and arrays: zod's .min/.max throw on a hostile value with a `length`.",
        },
      ],
    },
  },
  {
    // Tests build broken input on purpose.
    files: ['**/*.test.ts', '**/*.test-helper.ts', 'packages/server/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' } },
  },
);
