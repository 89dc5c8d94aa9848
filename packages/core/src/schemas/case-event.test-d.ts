import { expectTypeOf, test } from 'vitest';
import type { CaseEvent, CaseEventOf } from './case-event.schema.js';
import type { CaseEventType, Role } from './vocabulary.js';
import { CASE_EVENT_TYPES } from './vocabulary.js';

test('the union of event types is derived from the vocabulary', () => {
  expectTypeOf<CaseEvent['type']>().toEqualTypeOf<CaseEventType>();
  expectTypeOf(CASE_EVENT_TYPES[0]).toEqualTypeOf<'case.open'>();
});

test('payloads narrow by type', () => {
  expectTypeOf<CaseEventOf<'job.start'>['payload']['openMarket']>().toEqualTypeOf<boolean>();
  expectTypeOf<CaseEventOf<'stage.enter'>['payload']>().toEqualTypeOf<{ stage: string }>();
  expectTypeOf<CaseEventOf<'goal.add'>['payload']['ownerRole']>().toEqualTypeOf<Role>();
});
