import { describe, expect, it } from 'vitest';
import reference from './fixtures/survival-reference.json' with { type: 'json' };
import { chiSquareTail, normalQuantile } from './distributions.js';
import { studentTQuantile } from './student-t.js';

describe('distributions, against R', () => {
  it('normalQuantile matches qnorm', () => {
    reference.normalQuantile.p.forEach((p, i) => {
      expect(normalQuantile(p)).toBeCloseTo(reference.normalQuantile.q[i]!, 12);
      expect(normalQuantile(1 - p)).toBeCloseTo(-reference.normalQuantile.q[i]!, 12);
    });
  });

  it('chiSquareTail matches pchisq(lower.tail = FALSE)', () => {
    reference.chiSquareTail.x.forEach((x, i) => {
      expect(chiSquareTail(x, 1)).toBeCloseTo(reference.chiSquareTail.df1[i]!, 13);
      expect(chiSquareTail(x, 3)).toBeCloseTo(reference.chiSquareTail.df3[i]!, 13);
    });
  });
});

describe('Student t, against R', () => {
  it('studentTQuantile matches qt', () => {
    reference.studentT.p.forEach((p, i) => {
      expect(studentTQuantile(p, reference.studentT.df[i]!)).toBeCloseTo(reference.studentT.q[i]!, 9);
    });
  });
});
