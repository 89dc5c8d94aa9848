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
 * Puts `typed` back into the fields under `root` found at the same places, telling the widget as
 * typing would (`input`, `change`); a field no longer shown is not.
 */
export function retype(root: ParentNode, typed: TypedFields): void {
  eachField(root, (f, place, choice) => {
    const value = typed.get(place);
    if (value === undefined) return;
    if (choice) f.checked = value as boolean;
    else f.value = value as string;
    f.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    f.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
