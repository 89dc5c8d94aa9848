import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Core from its TypeScript source (not a stale dist/): inline it so vite resolves the condition.
  resolve: { conditions: ['@casepath/source'] },
  ssr: { resolve: { conditions: ['@casepath/source'] } },
  test: {
    environment: 'node',
    server: { deps: { inline: [/@casepath\/(core|widgets)/] } },
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The scratch folder first: the cluster's folder is made inside it, and stopped before it goes.
    globalSetup: ['./test/scratch-folder.ts', './test/postgres-cluster.ts'],
    // Each test file gets its own databases; files run in parallel on the two cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
