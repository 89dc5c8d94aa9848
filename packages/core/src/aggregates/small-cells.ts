/** A published count, or null where it is suppressed. */
export interface PublishedCell {
  label: string;
  value: number | null;
}

/**
 * Counts that add up to a total, as published: e.g. people in work at the horizon and people out
 * of work, of the people followed that long. A table without a total is a single count.
 */
export interface PublishedTable {
  name: string;
  total: PublishedCell | null;
  cells: PublishedCell[];
}

/** Counts before suppression: the cells add up to the total. */
export interface CountTable {
  name: string;
  total?: { label: string; value: number };
  cells: { label: string; value: number }[];
}

/**
 * Suppresses small counts so that none can be read or worked out by subtraction.
 *
 * @remarks
 * Primary suppression hides every count from 1 to `threshold − 1` (zero is published: it says
 * nobody, which the threshold does not protect). Secondary suppression then makes sure that in
 * every table whose total is published, no hidden cell is the only hidden one (else total minus
 * the others gives it away): the smallest published cell is hidden too (a non-zero one where
 * there is one), and where none is left
 * the total is hidden. A total hidden in one table is hidden wherever the same quantity (label)
 * appears as a cell or a total, and the process repeats until nothing changes.
 *
 * @example
 * ```ts
 * suppressSmallCells([{ name: 'retention', total: { label: 'followed', value: 40 }, cells: [{ label: 'in work', value: 37 }, { label: 'out of work', value: 3 }] }], 5);
 * //=> [{ name: 'retention', total: { label: 'followed', value: 40 }, cells: [{ label: 'in work', value: null }, { label: 'out of work', value: null }] }]
 * ```
 */
export function suppressSmallCells(tables: readonly CountTable[], threshold: number): PublishedTable[] {
  if (!(Number.isInteger(threshold) && threshold >= 1)) throw new RangeError(`the small-cell threshold must be a whole number of at least 1, got ${threshold}`);
  const hidden = tables.map((t) => t.cells.map((c) => c.value > 0 && c.value < threshold));
  const totalHidden = tables.map((t) => (t.total ? t.total.value > 0 && t.total.value < threshold : false));
  const hiddenLabels = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    // A quantity hidden anywhere is hidden everywhere it is published.
    tables.forEach((t, i) => {
      if (t.total && totalHidden[i]) hiddenLabels.add(t.total.label);
      t.cells.forEach((c, j) => hidden[i]![j] && hiddenLabels.add(c.label));
    });
    tables.forEach((t, i) => {
      if (t.total && !totalHidden[i] && hiddenLabels.has(t.total.label)) {
        totalHidden[i] = true;
        changed = true;
      }
      t.cells.forEach((c, j) => {
        if (!hidden[i]![j] && hiddenLabels.has(c.label)) {
          hidden[i]![j] = true;
          changed = true;
        }
      });
    });
    // With the total published, one hidden cell is given away by subtraction: hide another.
    tables.forEach((t, i) => {
      if (!t.total || totalHidden[i]) return;
      const count = hidden[i]!.filter(Boolean).length;
      if (count !== 1) return;
      // The smallest published cell that is not zero (hiding a zero protects little), else a zero.
      let pick = -1;
      const better = (j: number) => {
        const v = t.cells[j]!.value;
        if (pick < 0) return true;
        const p = t.cells[pick]!.value;
        return p === 0 ? v > 0 : v > 0 && v < p;
      };
      t.cells.forEach((_, j) => {
        if (!hidden[i]![j] && better(j)) pick = j;
      });
      if (pick >= 0) hidden[i]![pick] = true;
      else totalHidden[i] = true;
      changed = true;
    });
  }
  return tables.map((t, i) => ({
    name: t.name,
    total: t.total ? { label: t.total.label, value: totalHidden[i] ? null : t.total.value } : null,
    cells: t.cells.map((c, j) => ({ label: c.label, value: hidden[i]![j] ? null : c.value })),
  }));
}
