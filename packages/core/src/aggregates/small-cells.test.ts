import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressSmallCells, type CountTable } from './small-cells.js';

/** Everything a reader can work out: a table's one unknown cell from its published total. */
function recoverable(published: ReturnType<typeof suppressSmallCells>): string[] {
  const out: string[] = [];
  for (const t of published) {
    if (!t.total || t.total.value === null) continue;
    const unknown = t.cells.filter((c) => c.value === null);
    if (unknown.length === 1) out.push(`${t.name}: ${unknown[0]!.label}`);
  }
  return out;
}

const table = (name: string, total: string, cells: [string, number][]): CountTable => ({
  name,
  total: { label: total, value: cells.reduce((s, [, v]) => s + v, 0) },
  cells: cells.map(([label, value]) => ({ label, value })),
});

describe('suppressSmallCells', () => {
  it('hides counts below the threshold and one more, so the total does not give them away', () => {
    const [t] = suppressSmallCells([table('retention', 'followed', [['in work', 37], ['out of work', 3]])], 5);
    expect(t!.cells.map((c) => c.value)).toEqual([null, null]);
    expect(t!.total!.value).toBe(40);
    const [u] = suppressSmallCells([table('placement', 'in programme', [['placed', 2], ['searching', 30], ['paused', 10]])], 5);
    expect(u!.cells.map((c) => c.value)).toEqual([null, 30, null]);
  });

  it('hides a small total too, and prefers a non-zero cell as the second one to hide', () => {
    const [t] = suppressSmallCells([table('people', 'people', [['placed', 3], ['not placed', 0]])], 5);
    expect(t!.cells.map((c) => c.value)).toEqual([null, 0]);
    expect(t!.total!.value).toBeNull();
    const [u] = suppressSmallCells([table('t', 'all', [['a', 4], ['b', 0], ['c', 6], ['d', 9]])], 5);
    expect(u!.cells.map((c) => c.value)).toEqual([null, 0, null, 9]);
  });

  it('hides the total of a table whose only cell is hidden elsewhere', () => {
    const published = suppressSmallCells(
      [
        { name: 'a', total: { label: 'x', value: 3 }, cells: [{ label: 'x1', value: 3 }] },
        { name: 'b', total: { label: 'y', value: 9 }, cells: [{ label: 'x', value: 3 }, { label: 'z', value: 6 }] },
      ],
      5,
    );
    expect(published[1]!.cells.map((c) => c.value)).toEqual([null, null]);
    expect(published[1]!.total!.value).toBe(9);
  });

  it('publishes zero and counts at the threshold', () => {
    const [t] = suppressSmallCells([table('t', 'all', [['a', 0], ['b', 5], ['c', 12]])], 5);
    expect(t!.cells.map((c) => c.value)).toEqual([0, 5, 12]);
  });

  it('never leaves a hidden count recoverable by subtraction, across tables that share quantities', () => {
    const tables = fc.array(fc.array(fc.nat(12), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 8 }), fc.boolean(), (cellLists, threshold, linked) => {
        // Optionally, each table's total is the first cell of the next (as "placed" is both).
        const input: CountTable[] = cellLists.map((cells, i) => table(`t${i}`, `total-${i}`, cells.map((v, j) => [`t${i}-c${j}`, v])));
        if (linked) {
          for (let i = 0; i + 1 < input.length; i++) {
            input[i + 1]!.cells[0] = { label: input[i]!.total!.label, value: input[i]!.total!.value };
            input[i + 1]!.total!.value = input[i + 1]!.cells.reduce((s, c) => s + c.value, 0);
          }
        }
        const published = suppressSmallCells(input, threshold);
        expect(recoverable(published)).toEqual([]);
        published.forEach((t, i) => {
          t.cells.forEach((c, j) => {
            const v = input[i]!.cells[j]!.value;
            if (v > 0 && v < threshold) expect(c.value).toBeNull();
            if (c.value !== null) expect(c.value).toBe(v);
          });
          // A quantity hidden anywhere is hidden everywhere.
          const hiddenLabels = new Set(published.flatMap((p) => [...p.cells, ...(p.total ? [p.total] : [])].filter((c) => c.value === null).map((c) => c.label)));
          for (const c of [...t.cells, ...(t.total ? [t.total] : [])]) if (hiddenLabels.has(c.label)) expect(c.value).toBeNull();
        });
      }),
    );
  });

  it('refuses a threshold that is not a whole number of at least 1', () => {
    expect(() => suppressSmallCells([], 0)).toThrow(/at least 1/);
  });
});
