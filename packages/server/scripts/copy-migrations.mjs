// The SQL migrations ship beside the compiled code: dist/db/migrations/*.sql.
import { cpSync } from 'node:fs';
cpSync(new URL('../src/db/migrations/', import.meta.url), new URL('../dist/db/migrations/', import.meta.url), { recursive: true });
