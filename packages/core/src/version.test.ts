import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CASEPATH_VERSION } from './version.js';

it('matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(CASEPATH_VERSION).toBe(pkg.version);
});
