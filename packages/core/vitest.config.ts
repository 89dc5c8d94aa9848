import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@casepath/source'] },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/testing/fail-on-console.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
  },
});
