import { describe, expect, it } from 'vitest';
import { CaseHistoryBuilder } from '../testing/history-builder.js';
import { CaseEventParseError, parseCaseEvent, parseCaseEvents } from './parse-case-events.js';

const [good] = new CaseHistoryBuilder('c', '2026-01-05T09:00:00Z')
  .add('goal.add', { goalId: 'g1', title: 'Get an ID card', domain: 'documents', ownerId: 'w', ownerRole: 'social-worker' })
  .build();

describe('parseCaseEvent', () => {
  it('accepts a valid stored event as it is', () => {
    expect(parseCaseEvent(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('names every invalid field, with its path', () => {
    const bad = { ...good, at: 'yesterday', payload: { ...good!.payload, goalId: '', ownerRole: 'wizard' } };
    try {
      parseCaseEvent(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CaseEventParseError);
      const messages = (error as CaseEventParseError).problems.map((p) => p.message);
      expect(messages).toEqual([
        'at should be an ISO 8601 date-time in UTC, e.g. 2026-03-01T09:30:00Z',
        'payload.goalId should have at least 1 character(s)',
        expect.stringContaining('payload.ownerRole should be one of "coordinator"'),
      ]);
    }
  });

  it('refuses an id with a control character or half of a surrogate pair, which a database would refuse or change', () => {
    expect(() => parseCaseEvent({ ...good, caseId: 'c\u0000' })).toThrow('caseId is "c\\u0000", but must not hold control characters or half of a surrogate pair');
    expect(() => parseCaseEvent({ ...good, actor: { ...good!.actor, id: 'w\uD800' } })).toThrow('actor.id is "w\\ud800", but must not hold control characters');
    expect(() => parseCaseEvent({ ...good, payload: { ...good!.payload, goalId: 'g\n1' } })).toThrow('payload.goalId is "g\\n1", but must not hold control characters');
    // Any script, and characters beyond the first plane, are ids as any other text.
    expect(parseCaseEvent({ ...good, caseId: 'справа-𝔘-ąę' }).caseId).toBe('справа-𝔘-ąę');
  });

  it('names an unknown event type and the known ones', () => {
    expect(() => parseCaseEvent({ ...good, type: 'goal.celebrate' })).toThrow(/type is not a known kind; use one of "case.open"/);
  });

  it('refuses events written by a newer version instead of guessing', () => {
    expect(() => parseCaseEvent({ ...good, schemaVersion: 2 })).toThrow(/newer than this version of @casepath\/core understands/);
  });
});

describe('parseCaseEvents', () => {
  it('keeps the valid events and reports each invalid one by index', () => {
    const { events, problems } = parseCaseEvents([good, { ...good, seq: -1 }, 'junk', good]);
    expect(events).toHaveLength(2);
    expect(problems.map((p) => p.path)).toEqual(['[1].seq', '[2]']);
  });
});
