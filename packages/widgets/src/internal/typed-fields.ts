/**
 * What a person typed or chose in a widget's fields and has not saved yet, read off the screen so
 * that it can be put back: a lock of the device's records ("Lock this device", a sign-out, a
 * page left unused) redraws every widget as a notice, and what was typed in a form would go with
 * it. Kept in the page's memory only, never stored, and given back only to the worker who had
 * the records open (see `CasepathElement`). Small on purpose: every widget's page carries it.
 */
export type TypedFields = ReadonlyMap<string, string | boolean>;

/** An input, a text area or a list: read through what an input has (a list by its value alone). */
type Field = HTMLInputElement;

/**
 * Calls `each` with every field under `root` a person types or chooses in (not secrets, not
 * buttons) and where it is, in words that survive a redraw: its id (unique in a shadow root) or
 * name, a choice's value, and its place among fields so named.
 */
function eachField(root: ParentNode, each: (field: Field, place: string, choice: boolean) => void): void {
  const seen = new Map<string, number>();
  for (const f of root.querySelectorAll<Field>('input:not([type=password],[type=hidden],[type=file],[type=submit],[type=button]),textarea,select')) {
    const choice = f.type === 'radio' || f.type === 'checkbox';
    const base = `${f.id || f.name}=${choice ? f.value : ''}`;
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    each(f, `${base}/${nth}`, choice);
  }
}

/** What a field shows when the person changed it, or undefined when it shows what the form drew. */
function typedValue(f: Field, choice: boolean): string | boolean | undefined {
  // A list's first choice, or the one marked selected, is what it shows untouched.
  const untouched = choice ? f.defaultChecked : f.localName === 'select' ? (f.querySelector<HTMLOptionElement>('[selected]') ?? (f as unknown as HTMLSelectElement).options[0])?.value : f.defaultValue;
  const now = choice ? f.checked : f.value;
  return now !== untouched ? now : undefined;
}

/** Whether a field holds words the person wrote and has not saved (a note, a reason, a title). */
const holdsWords = (f: Field): boolean => (f.localName === 'textarea' || (f.localName === 'input' && f.type === 'text')) && f.value.trim() !== '' && f.value !== f.defaultValue;

/**
 * Whether a field under `root` holds words the person wrote and has not saved (a note, a reason,
 * a title): what leaving the page would lose. Choices and numbers a form fills in itself are not.
 */
export function holdsText(root: ParentNode): boolean {
  return [...root.querySelectorAll<Field>('textarea,input[type=text]')].some(holdsWords);
}

/**
 * Puts `typed` back into the fields under `root` found at the same places, telling the widget as
 * typing would (`input`, `change`), where they show something else now (a choice the widget drew
 * from its own state already is left alone). Returns what found no field: one that a choice put
 * back brings (an "other" that shows its own field), to put back once the widget drew it.
 */
export function retype(root: ParentNode, typed: TypedFields): TypedFields {
  const left = new Map(typed);
  eachField(root, (f, place, choice) => {
    const value = left.get(place);
    if (value === undefined) return;
    left.delete(place);
    if ((choice ? f.checked : f.value) === value) return;
    if (choice) f.checked = value as boolean;
    else f.value = value as string;
    f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    f.dispatchEvent(new Event('change', { bubbles: true }));
  });
  return left;
}

/**
 * What was typed for one place and waits for no save, as kept on disk while the page is hidden
 * (the store's sealed drafts, see `CaseElement`): each field's place and value, and which hold words.
 */
export interface TypingDraft {
  typed: [string, string | boolean][];
  words: string[];
}

/** Keeps `value` under `key`, or nothing when it is empty. */
function setOrDrop<V extends { readonly size: number }>(map: Map<string, V>, key: string, value: V): void {
  if (value.size) map.set(key, value);
  else map.delete(key);
}

/**
 * What one widget's person typed and has not saved, put away by where it belongs (a case, or ''
 * for a widget of no one record) when the records were locked or the widget moved to another case,
 * until it goes back into the fields. In the page's memory only, never stored.
 *
 * What a save still being written used (the form it was made from) is held back meanwhile: once
 * saved it is dropped, as the form on screen would have been emptied; if not, it goes back.
 */
export class TypingAway {
  private readonly typed = new Map<string, Map<string, string | boolean>>();
  /** By place, the fields whose typing holds words (see {@link holdsText}). */
  private readonly words = new Map<string, Set<string>>();
  /** By place, the fields a save still being written used. */
  private readonly held = new Map<string, Set<string>>();
  /** Whose the typing is: the worker whose records were locked over it. */
  by: string | undefined;

  /** Puts what the fields under `root` hold away for `place`; those inside `saving` wait for that save. */
  putAway(root: ParentNode, place: string, saving: readonly Element[] = []): void {
    const typed = new Map<string, string | boolean>();
    const words = new Set<string>();
    // Held back by an earlier putting away, not shown since: still waiting for the save.
    const before = this.typed.get(place);
    const held = new Set(this.held.get(place));
    for (const p of held) if (before?.has(p)) typed.set(p, before.get(p)!);
    for (const p of this.words.get(place) ?? []) if (held.has(p)) words.add(p);
    eachField(root, (f, p, choice) => {
      const value = typedValue(f, choice);
      if (value === undefined) return;
      typed.set(p, value);
      if (holdsWords(f)) words.add(p);
      else words.delete(p);
      // Typed again since (not in the save's own form): this typing waits for no save.
      if (saving.some((s) => s.contains(f))) held.add(p);
      else held.delete(p);
    });
    this.keep(place, typed, words, held);
  }

  private keep(place: string, typed: Map<string, string | boolean>, words: Set<string>, held: Set<string>): void {
    setOrDrop(this.typed, place, typed);
    setOrDrop(this.words, place, words);
    setOrDrop(this.held, place, held);
  }

  /**
   * Puts what was put away for `place` back into the fields under `root`, but what a save still
   * being written holds. True when some of it waits for fields that what was put back brings:
   * call again once the widget drew them.
   */
  giveBack(root: ParentNode, place: string): boolean {
    const held = this.held.get(place) ?? new Set<string>();
    const typed = this.typed.get(place) ?? new Map<string, string | boolean>();
    const giving = new Map([...typed].filter(([p]) => !held.has(p)));
    const left = retype(root, giving);
    const kept = new Map([...typed].filter(([p]) => held.has(p) || left.has(p)));
    // Again while each pass places some, so it ends; what finds no field then is dropped.
    const again = left.size > 0 && left.size < giving.size;
    if (!again) for (const p of left.keys()) kept.delete(p);
    this.keep(place, kept, new Set([...(this.words.get(place) ?? [])].filter((p) => kept.has(p))), held);
    return again;
  }

  /**
   * The save that held some of `place`'s typing ended: saved, that typing is dropped; not saved,
   * it is given back with the rest. True when something waits to be given back.
   */
  settle(place: string, saved: boolean): boolean {
    const held = this.held.get(place);
    if (!held) return false;
    this.held.delete(place);
    if (saved) {
      const typed = new Map([...(this.typed.get(place) ?? [])].filter(([p]) => !held.has(p)));
      this.keep(place, typed, new Set([...(this.words.get(place) ?? [])].filter((p) => !held.has(p))), new Set());
      return false;
    }
    return this.typed.has(place);
  }

  /**
   * What was put away for `place` and waits for no save, to keep on disk; with `held`, what waits
   * for the save being written instead (to give back should it not be made after all). Null when nothing.
   */
  draft(place: string, held = false): TypingDraft | null {
    const saving = this.held.get(place);
    const typed = [...(this.typed.get(place) ?? [])].filter(([p]) => !!saving?.has(p) === held);
    return typed.length ? { typed, words: [...(this.words.get(place) ?? [])].filter((p) => !!saving?.has(p) === held) } : null;
  }

  /**
   * Puts `draft` away for `place`, to give back: kept on disk, unless something was put away for it
   * since; with `under` (a change not made after all), also then, but under the words put away for
   * it (typed anew since). Choices put away go: a form draws some itself, and a radio button put
   * away beside the draft's would undo it.
   */
  restore(place: string, draft: TypingDraft, under = false): void {
    const before = this.typed.get(place);
    if ((before && !under) || !draft.typed.length) return;
    const typed = new Map([...draft.typed, ...[...(before ?? [])].filter(([p]) => this.words.get(place)?.has(p))]);
    this.keep(place, typed, new Set([...draft.words, ...(this.words.get(place) ?? [])].filter((p) => typed.has(p))), new Set(this.held.get(place)));
  }

  /** The places something is put away for. */
  places(): string[] {
    return [...this.typed.keys()];
  }

  /** Whether words were put away and not given back yet. */
  holdsWords(): boolean {
    return this.words.size > 0;
  }

  /** Drops everything: another worker opened the records. */
  clear(): void {
    this.typed.clear();
    this.words.clear();
    this.held.clear();
  }
}
