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

/** The fields under `root` (not inside other widgets' shadow roots) that the person changed. */
export function typedFields(root: ParentNode): TypedFields {
  const typed = new Map<string, string | boolean>();
  eachField(root, (f, place, choice) => {
    // A list's first choice, or the one marked selected, is what it shows untouched.
    const untouched = choice ? f.defaultChecked : f.localName === 'select' ? (f.querySelector<HTMLOptionElement>('[selected]') ?? (f as unknown as HTMLSelectElement).options[0])?.value : f.defaultValue;
    const now = choice ? f.checked : f.value;
    if (now !== untouched) typed.set(place, now);
  });
  return typed;
}

/**
 * Whether a field under `root` holds words the person wrote and has not saved (a note, a reason,
 * a title): what leaving the page would lose. Choices and numbers a form fills in itself are not.
 */
export function holdsText(root: ParentNode): boolean {
  return [...root.querySelectorAll<Field>('textarea,input[type=text]')].some((f) => f.value.trim() !== '' && f.value !== f.defaultValue);
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
 * What one widget's person typed and has not saved, put away by where it belongs (a case, or ''
 * for a widget of no one record) when the records were locked or the widget moved to another case,
 * until it goes back into the fields. In the page's memory only, never stored.
 */
export class TypingAway {
  private readonly typed = new Map<string, TypedFields>();
  /** The places whose typing holds words (see {@link holdsText}). */
  private readonly words = new Set<string>();
  /** Whose the typing is: the worker whose records were locked over it. */
  by: string | undefined;

  /** Puts what the fields under `root` hold away for `place`. */
  putAway(root: ParentNode, place: string): void {
    const typed = typedFields(root);
    if (typed.size) this.typed.set(place, typed);
    else this.typed.delete(place);
    if (holdsText(root)) this.words.add(place);
    else this.words.delete(place);
  }

  /**
   * Puts what was put away for `place` back into the fields under `root`. True when some of it
   * waits for fields that what was put back brings: call again once the widget drew them.
   */
  giveBack(root: ParentNode, place: string): boolean {
    const typed = this.typed.get(place) ?? new Map<string, string | boolean>();
    this.typed.delete(place);
    const left = retype(root, typed);
    // Again while each pass places some, so it ends.
    if (left.size && left.size < typed.size) {
      this.typed.set(place, left);
      return true;
    }
    this.words.delete(place);
    return false;
  }

  /** Whether words were put away and not given back yet. */
  holdsWords(): boolean {
    return this.words.size > 0;
  }

  /** Drops everything: another worker opened the records. */
  clear(): void {
    this.typed.clear();
    this.words.clear();
  }
}
