import type { RecordRequest } from '@casepath/core';
import type { RecordResult, TemplateResolver } from '../storage/case-store.js';

// A mixin's base must take `any[]` (TypeScript's rule for mixins).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Recording = new (...args: any[]) => { record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> };

/**
 * For tests: `Store` whose next record, after {@link hold}, waits until the test says whether it
 * is written (as a slow or full disk would): `release(true)` writes it, `release(false)` fails it
 * with "The disk is full".
 */
export function holdingRecords<S extends Recording>(Store: S) {
  return class Held extends Store {
    gate: Promise<boolean> | null = null;
    letThrough: ((writes: boolean) => void) | null = null;
    /** The next record waits for {@link release}. */
    hold(): void {
      this.gate = new Promise((resolve) => (this.letThrough = resolve));
    }
    release(writes: boolean): void {
      this.letThrough!(writes);
    }
    override async record(request: RecordRequest, templates: TemplateResolver): Promise<RecordResult> {
      const gate = this.gate;
      this.gate = null;
      if (gate && !(await gate)) throw new Error('The disk is full');
      return super.record(request, templates);
    }
  };
}
