import { afterEach, beforeEach, vi } from 'vitest';

// A console call in a test is a bug or a leaked warning: make it fail the test (as zod does).
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let calls: string[] = [];
beforeEach(() => {
  calls = [];
  for (const m of methods) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void calls.push(`console.${m}: ${args.map(String).join(' ')}`));
});
afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) throw new Error(`Unexpected console output:\n${calls.join('\n')}`);
});
