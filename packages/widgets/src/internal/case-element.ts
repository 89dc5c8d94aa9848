import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as z from 'zod/mini';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { newEventId, replay, type CaseState, type EventDraft, type Instrument, type MissingRequirement, type PlanTemplate, type RecordRequest, type RefusalReason, type Role } from '@casepath/core';
import { loadInstrument, requiredInstruments } from './instruments.js';
import { pick } from '../i18n/localize.js';
import { formatDay } from '../i18n/format-day.js';
import { CasepathElement, keepTypingWith, type WidgetRecordResult } from './casepath-element.js';
import * as typedFields from './typed-fields.js';
import { staffWords } from '../i18n/messages.js';
import { workspaceWords } from '../components/workspace/workspace-words.js';
import type { MessageKey } from '../i18n/messages.js';
import { tokens } from '../theme/tokens.js';
import { workspaceStyles } from '../components/workspace/workspace.styles.js';

// The workspace's styles and requirement words travel with this module (one chunk, not three).
export { workspaceStyles };
import { requirementText } from '../i18n/requirement-text.js';
import { refusalText } from '../i18n/refusal-text.js';
import { keptConflict, type KeptChange } from '../sync/kept-conflict.js';
import type { DraftToKeep, StoreChange } from '../storage/case-store.js';

// A case widget moves between cases (the staff page's workspace): what was typed for one case
// must not be saved on another's, nor lost.
keepTypingWith(typedFields);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a widget records: an event draft without its id and actor, which the widget adds. */
export type WorkspaceDraft = DistributiveOmit<EventDraft, 'id' | 'actor'>;

/** A form field's text, trimmed ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * What was typed for a case in a widget, as kept in the store's drafts: whose it is, the fields'
 * texts and choices by place (see `TypingDraft`), and which texts hold words.
 */
const TypedOnDisk = {
  texts: z.record(z.string(), z.string()),
  choices: z.record(z.string(), z.boolean()),
  words: z.array(z.string()),
};
const TypingOnDisk = z.object({
  by: z.string(),
  ...TypedOnDisk,
  /** What a save still being written used, and the ids of the events it records: given back only if none of them was. */
  saving: z.optional(z.object({ ids: z.array(z.string()), ...TypedOnDisk })),
});

/** A draft's typing as it is kept on disk. */
function typedOnDisk(draft: typedFields.TypingDraft | null | undefined): z.infer<z.ZodMiniObject<typeof TypedOnDisk>> {
  const typed = draft?.typed ?? [];
  return {
    texts: Object.fromEntries(typed.filter((e): e is [string, string] => typeof e[1] === 'string')),
    choices: Object.fromEntries(typed.filter((e): e is [string, boolean] => typeof e[1] === 'boolean')),
    words: draft?.words ?? [],
  };
}

/** What the fields under `root` hold, as typed for `place`; with `held`, only what is inside `saving`. */
function typedOn(root: ParentNode, place: string, saving: readonly Element[] = [], held = false): typedFields.TypingDraft | null {
  const onScreen = new typedFields.TypingAway();
  onScreen.putAway(root, place, saving);
  return onScreen.draft(place, held);
}

/** The words (notes, reasons, titles) in `typing`, by place. */
const wordsOf = (typing: typedFields.TypingDraft | null): [string, unknown][] => typing?.typed.filter(([p]) => typing.words.includes(p)) ?? [];

/**
 * What a widget says about a change: saved, or why not; `pending` when the device keeps it in memory
 * to store (said stored once it is, see `CaseElement.storedNow`).
 */
export interface Said {
  text: string;
  error: boolean;
  pending?: boolean;
}

/** What `cp-recorded` tells the page: a change to a case was stored. */
export interface RecordedDetail {
  caseId: string;
  types: string[];
}

/**
 * What the widgets of one case's workspace share (goals, support log, employment, reviews,
 * lifecycle, referrals): the case as stored, replayed with its template; recording against what
 * the person saw; and one message line that says what was saved, or why not.
 *
 * @remarks
 * The view shows only what the store holds: after each record the case is read again, so a
 * refused or pending change never looks saved. Every record carries `baseSeq`, the last event
 * the person saw, so a change someone else made in between is shown, not overwritten.
 */
export abstract class CaseElement extends CasepathElement {
  protected static override words = [staffWords, workspaceWords];
  static override styles = [tokens, workspaceStyles];

  /** The case to show. */
  @property({ attribute: 'case-id' }) caseId = '';
  /** Id and role recorded on what is done here, when nobody is signed in through `<cp-sync>`. */
  @property({ attribute: 'actor-id' }) actorId = 'worker';
  @property({ attribute: 'actor-role' }) actorRole: Role = 'coordinator';
  /** The day to count from (ISO date); default today. */
  @property() today = '';

  /** The case as stored, or null before it is read (or when there is none). */
  @state() protected caseState: CaseState | null = null;
  @state() protected template: PlanTemplate | null = null;
  /** True while a change is written: buttons wait, so one press records one change. */
  @state() protected busy = false;
  /** What was saved, or why not; announced in a live region. */
  @state() protected message: Said | null = null;
  /** What is wrong with a field of a form, by the field's id. */
  @state() protected errors: Record<string, string> = {};
  /**
   * The form open for one item of the case, if any, as `kind:item` (`end:<jobId>`): one at a time
   * (see {@link openItemForm}). Kept with its case when the widget moves to another, as what was
   * typed in it is, so that it is open again there when the worker comes back. Its `<form>`
   * carries `data-item-form`.
   */
  @state() private openForItem: string | null = null;
  /**
   * What the cases the worker left wait with, by case, besides their typing (kept in `typingAway`):
   * the form open for one of its items, and what a save that ended after they left says. Both are
   * back when the worker comes back to the case.
   */
  private readonly leftBehind = new Map<string, { form?: string; said?: Said }>();
  private loads = 0;
  /** Whether the widget names instruments (in its history, or in what a move or outcome waits for). */
  protected static namesInstruments = false;
  /** The instruments named, loaded on demand for their titles. */
  @state() private instruments: ReadonlyMap<string, Instrument> = new Map();

  /** An instrument's title in the page's language, once loaded. */
  protected instrumentTitle = (id: string): string | undefined => pick(this.instruments.get(id)?.title, this.language) || undefined;

  private async loadInstruments(template: PlanTemplate, s: CaseState | null): Promise<void> {
    const named = [...(s?.assessments.map((a) => a.instrumentId) ?? []), ...requiredInstruments(template)];
    const missing = [...new Set(named)].filter((id) => !this.instruments.has(id));
    if (!missing.length) return;
    const loaded = await Promise.all(missing.map(async (id) => [id, await loadInstrument(id).catch(() => null)] as const));
    const next = new Map(this.instruments);
    for (const [id, instrument] of loaded) if (instrument) next.set(id, instrument);
    this.instruments = next;
  }

  /** " What you wrote: “…”" with the words' values, or nothing when no `words`. */
  private youWrote(words: readonly [string, unknown][]): string {
    return words.length ? ` ${this.t('record.youWrote', { words: words.map(([, v]) => v).join(' / ') })}` : '';
  }

  /** The words in the forms drawn for the case, before a change of it is drawn (see {@link formsGone}). */
  private wordsBefore: [string, unknown][] | null = null;

  /**
   * The case changed elsewhere (another tab, another widget, a pull) and a form went with what was
   * typed in it: the case was paused or closed, or the goal or job it was for was ended. The words
   * no field holds now are said, with why, for the person to keep. (A form that stays, as the
   * reason of a pause, keeps its own; a save's own form is emptied after the case is drawn again.)
   */
  private formsGone(): void {
    const before = this.wordsBefore;
    this.wordsBefore = null;
    if (!before?.length) return;
    const held = new Set(wordsOf(typedOn(this.renderRoot, this.caseId)).map(([, v]) => v));
    const gone = before.filter(([, v]) => !held.has(v));
    if (gone.length) this.message = { text: `${this.caseState?.status === 'active' ? this.t('record.formGone') : this.notActiveText()}${this.youWrote(gone)}`, error: true };
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.sayDates();
    this.formsGone();
    // Said once the case's fields are drawn (and their status line with them), so it is announced.
    if (this.saysTypingBack === this.caseId && this.showsTypingPlace() && !this.recordsLocked) {
      this.saysTypingBack = null;
      this.message ??= { text: this.t('workspace.typingBack'), error: false };
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const was = changed.get('caseState') as CaseState | null | undefined;
    if (was?.caseId === this.caseId && this.caseState?.caseId === this.caseId && !this.recordsLocked) this.wordsBefore = wordsOf(typedOn(this.renderRoot, this.caseId));
    if (changed.has('caseId')) this.movedToCase(changed.get('caseId') as string | undefined);
    if ((this.constructor as typeof CaseElement).namesInstruments && (changed.has('caseState') || changed.has('template')) && this.template) void this.loadInstruments(this.template, this.caseState);
    if (changed.has('caseId') || changed.has('templates') || changed.has('organisation')) void this.reread();
    if (changed.get('storeStatus') === 'degraded' && this.storeStatus === 'ok') this.storedNow();
    if (this.kept && (changed.has('caseState') || changed.has('template'))) {
      if (this.shownRefusal() !== this.kept.text) this.kept = null; // something else is said now
      else this.showRefusal((this.kept.text = this.keptMessage(this.kept.change)));
    }
  }

  protected override storeChanged(caseId: string | undefined, change: StoreChange): void {
    if (caseId !== undefined && caseId === this.caseId) void this.reread();
    // The records opened for the worker whose typing for this case waits in memory: it goes back, said as from disk.
    if (change.locked === false && this.typingAway?.draft(this.caseId)) this.saysTypingBack = this.caseId;
  }

  /**
   * The widget now shows another case: what was typed for the one before and not saved is put
   * away for it (in this page's memory), the forms are emptied, and what was typed for this case
   * earlier comes back once it is drawn. Nothing said about the case before stays either.
   */
  private movedToCase(before: string | undefined): void {
    if (!before) return;
    // Drawn for the case before (not still for an earlier one, its typing put away already).
    if (!this.recordsLocked && this.caseState?.caseId === before) this.putTypingAway(before);
    // Open for the case before, whether drawn yet or not: only a drawn case's forms open. (Nothing
    // else waits for a case shown: what is said about it is said at once.)
    if (this.openForItem) this.leftBehind.set(before, { form: this.openForItem });
    this.clearForms();
    const back = this.leftBehind.get(this.caseId);
    this.leftBehind.delete(this.caseId);
    this.openForItem = back?.form ?? null;
    this.message = back?.said ?? null;
    this.giveTypingBack();
  }

  /**
   * Says `message` about `caseId`: now if the widget shows it, otherwise when the worker comes back
   * to it (work started on a case may end after the page opened another).
   */
  protected sayOn(caseId: string, message: Said): void {
    if (caseId === this.caseId) this.message = message;
    else this.leftBehind.set(caseId, { ...this.leftBehind.get(caseId), said: message });
  }

  /** Opens the form of `kind` for one item of the case (a goal, a job), closing any other such form. */
  protected openItemForm(kind: string, item: string): void {
    this.openForItem = `${kind}:${item}`;
  }

  /** Whether the form of `kind` for `item` is open. */
  protected itemFormOpen(kind: string, item: string): boolean {
    return this.openForItem === `${kind}:${item}`;
  }

  /**
   * Closes the form of `kind` for `item` (saved, or cancelled), here or kept with its case: a save
   * that ends after the widget moved to another case closes the form it was made in, not the one
   * open now.
   */
  protected closeItemForm(kind: string, item: string): void {
    this.closeOpenForItem(`${kind}:${item}`);
  }

  private closeOpenForItem(form: string): void {
    if (this.openForItem === form) this.openForItem = null;
    for (const left of this.leftBehind.values()) if (left.form === form) delete left.form;
  }

  protected override droppedTyping(): void {
    // What the previous worker kept on disk stays there, under their own keys, looked for again when they come back.
    this.drafted.clear();
    this.draftsLooked.clear();
    this.leftBehind.clear();
    this.typingKept.clear();
    this.openForItem = null;
  }

  /**
   * Empties the forms for another case at once, while it is read: the fields, the message, the
   * errors beside fields. A widget that keeps a form's choices in its own state also clears them
   * (calling this). Once read, the case's view is drawn anew.
   */
  protected clearForms(): void {
    for (const form of this.renderRoot.querySelectorAll('form')) form.reset();
    this.message = null;
    this.errors = {};
    this.kept = null;
  }

  /** Leaving the page (a closed tab, a reload) with words typed here and not saved asks first, as the browser does. */
  private readonly onLeaving = (e: BeforeUnloadEvent): void => {
    if (this.holdsUnsavedText()) e.preventDefault();
  };

  /** The form whose `submit` is being dispatched: what a save its handler starts is made from. */
  private submitted: HTMLFormElement | null = null;
  private readonly onSubmit = (e: Event): void => {
    this.submitted = e.target as HTMLFormElement;
    setTimeout(() => (this.submitted = null));
  };

  /**
   * Whether what is typed here is kept on disk while the page is hidden (see {@link keepTypingOnDisk});
   * not in a hand-over, whose fields are the person's and the worker's code.
   */
  protected static keepsTypingOnDisk = true;
  /** The cases whose typing in this widget, by the worker who types here now, may be on disk, written or read here. */
  private readonly drafted = new Set<string>();
  /** The drafts of typing looked for, once per case and worker on this page (by key). */
  private readonly draftsLooked = new Set<string>();
  /** The case whose typing comes back (from disk, or as the records open), to say so once its fields are drawn. */
  private saysTypingBack: string | null = null;
  /** The writes of typing to disk, one after another, so the last one made is the one kept. */
  private draftWrites: Promise<unknown> = Promise.resolve();
  /** How many writes of typing were made, by key: one waiting its turn is not made once a later one is. */
  private readonly typingWritesMade = new Map<string, number>();

  /**
   * Where `worker`'s typing for `caseId` in this widget is kept on disk: a key of their own, so that
   * another worker who opens the case on this device neither sees it nor deletes it.
   */
  private typingKey(caseId: string, worker = this.typist()): string {
    return `typing:${this.localName}:${caseId}:${worker}`;
  }

  /**
   * The page is hidden (another app, a locked phone) or left: a phone's browser may end a hidden
   * tab without a word, so what was typed and not saved, here and for the cases left, goes into the
   * store's drafts (sealed with the device's records, erased with its case) and comes back when the
   * same worker opens the case again. Not while the records are locked: it went to disk as they
   * locked (see {@link typingToKeep}), and is in memory since. Written in this turn and committed
   * at once: a reload or a closed tab the person chose to leave ends the page before any answer.
   */
  protected override pageHidden(): void {
    this.keepTypingOnDisk();
  }

  /**
   * The records lock ("Lock this device", unused for a while, a session ended; not signing out):
   * what is typed is sealed while the key is here and written as they lock, so that it outlives a
   * tab that ends while they are locked (a laptop closed, a browser restarted), as on a hidden page.
   */
  protected override typingToKeep(): DraftToKeep[] {
    const kept: DraftToKeep[] = [];
    for (const place of this.typingPlacesToKeep()) {
      const data = this.typingDraft(place);
      if (!data) continue;
      this.drafted.add(place);
      kept.push({ key: this.typingKey(place, data.by), data, caseId: place });
    }
    return kept;
  }

  /** Where typing may wait to be kept on disk: none in a widget that keeps none, or while the records are locked. */
  private typingPlacesToKeep(): Set<string> {
    if (!(this.constructor as typeof CaseElement).keepsTypingOnDisk || this.recordsLocked) return new Set();
    const places = new Set([...this.drafted, ...(this.typingAway?.places() ?? [])]);
    if (this.caseId && this.showsTypingPlace()) places.add(this.caseId);
    return places;
  }

  /** The page is hidden or left: what is typed is written in this turn (see {@link writeTypingDraft}). */
  private keepTypingOnDisk(): void {
    for (const place of this.typingPlacesToKeep()) this.writeTypingDraft(place, undefined, true);
  }

  /** What is typed for `place` (shown, or put away) but what is in `except`, as it is kept on disk; null when nothing is. */
  private typingDraft(place: string, except: readonly Element[] = this.saving?.caseId === place ? this.saving.fields : []): z.infer<typeof TypingOnDisk> | null {
    let typing = this.typingAway;
    if (place === this.caseId && this.showsTypingPlace() && !this.recordsLocked) {
      // With what waits to be given back into them (see typingBack).
      typing = new typedFields.TypingAway();
      typing.putAway(this.renderRoot, place, except);
      const back = this.typingAway?.draft(place);
      if (back) typing.restore(place, back, true);
    }
    const draft = typing?.draft(place);
    // What the save being written uses goes too, with the ids it records under: the page may end
    // before the save does (a reload the moment it was pressed), and then only the disk has it.
    const saving = this.saving?.caseId === place && !this.saving.recorded ? this.saving : null;
    const held = saving && typing?.draft(place, true);
    if (!draft && !held) return null;
    return { by: this.typist(), ...typedOnDisk(draft), ...(held && { saving: { ids: saving.ids, ...typedOnDisk(held) } }) };
  }

  /**
   * Writes what is typed for `place` (shown, or put away) to disk, but what is in `except`; deletes
   * it there when nothing is. `now`: the page is hidden or left, so the store begins the write in this
   * turn and commits it at once where it can, and a write made earlier that has not begun is not made.
   */
  private writeTypingDraft(place: string, except?: readonly Element[], now = false): void {
    const onDisk = this.typingDraft(place, except);
    if (!onDisk && !this.drafted.has(place)) return; // nothing typed, and nothing on disk to delete
    const [store, key] = [this.store, this.typingKey(place)];
    if (onDisk) this.drafted.add(place);
    else this.drafted.delete(place);
    const made = (this.typingWritesMade.get(key) ?? 0) + 1;
    this.typingWritesMade.set(key, made);
    if (now && store.writeDraftsNow?.(onDisk ? [{ key, data: onDisk, caseId: place }] : [], onDisk ? [] : [key])) return;
    // Kept for safety, beside the question on leaving. One that cannot be written (the records were
    // locked meanwhile) does not leave an older one, which may hold what was saved since.
    const write = () => {
      if (this.typingWritesMade.get(key) !== made) return; // a later one holds more
      return onDisk ? store.saveDraft(key, onDisk, { caseId: place }).catch(() => store.deleteDraft(key)) : store.deleteDraft(key);
    };
    this.draftWrites = this.draftWrites.then(write).catch(() => undefined);
  }

  /** Who types here: whose passphrase opened the device's sealed records, or who records (signed in, or `actor-id`). */
  private typist(): string {
    return this.store.recordsOpenedBy?.() ?? this.actor(this.actorId, this.actorRole).id;
  }

  /**
   * Puts what was typed for `caseId` and kept on disk away, to give back: only to the worker who
   * typed it. Anyone else's stays on disk, unseen, until its worker opens the case here again.
   * `events`: the case's, as just read.
   */
  private async typingFromDisk(caseId: string, events: readonly { id: string }[]): Promise<void> {
    const [store, worker] = [this.store, this.typist()];
    const key = this.typingKey(caseId, worker);
    this.draftsLooked.add(key);
    const load = async (k: string) => TypingOnDisk.safeParse(await store.loadDraft(k).catch(() => undefined));
    let kept = await load(key);
    if (!kept.success) {
      // Kept by a version before a key per worker: moved to this worker's key when it is theirs.
      const before = `typing:${this.localName}:${caseId}`;
      kept = await load(before);
      if (!kept.success || kept.data.by !== worker) return;
      const data = kept.data;
      this.draftWrites = this.draftWrites.then(() => store.saveDraft(key, data, { caseId }).then(() => store.deleteDraft(before))).catch(() => undefined);
    }
    if (kept.data.by !== worker) return;
    this.drafted.add(caseId);
    let { texts, choices, words } = kept.data;
    // What a save was being written from, as the page ended: back only if the save was not made.
    const saving = kept.data.saving;
    if (saving && !events.some((e) => saving.ids.includes(e.id))) {
      [texts, choices, words] = [{ ...saving.texts, ...texts }, { ...saving.choices, ...choices }, [...saving.words, ...words]];
    }
    const typed = [...Object.entries(texts), ...Object.entries(choices)];
    if (!typed.length) return;
    (this.typingAway ??= new typedFields.TypingAway()).restore(caseId, { typed, words });
    this.saysTypingBack = caseId;
    this.giveTypingBack();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onLeaving);
    // Before the form's own handler, which records at once.
    this.renderRoot.addEventListener('submit', this.onSubmit, { capture: true });
    this.renderRoot.addEventListener('input', this.onDateChange);
    this.renderRoot.addEventListener('reset', this.onDateChange);
  }

  /** A date typed, or a form reset: it changes its fields' values after its `reset` event, so the words follow once it is done. */
  private readonly onDateChange = (e: Event): void => {
    if (e.type === 'reset') queueMicrotask(() => this.sayDates());
    else if ((e.target as HTMLInputElement).type === 'date') this.sayDates();
  };

  /**
   * Writes out, beneath each date field drawn with {@link dateField}, the date it holds in the
   * page's language, with its weekday.
   */
  private sayDates(): void {
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('input[type="date"]')) {
      const words = input.id ? this.renderRoot.querySelector(`#${input.id}-words`) : null;
      const said = formatDay(this.language, input.value);
      if (words && words.textContent !== said) words.textContent = said; // the same words are not written again
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onLeaving);
  }

  protected override get typingPlace(): string {
    return this.caseId;
  }

  protected override showsTypingPlace(): boolean {
    return (this.caseState?.caseId ?? '') === this.caseId;
  }

  protected override reloadShown(): void {
    void this.reread();
  }

  protected override refusalReason(because: RefusalReason, english: string, template: PlanTemplate | null = this.template): string | null {
    return refusalText(because, english, { lang: this.language, template, nameOf: (id) => this.nameOf(id), instrumentTitle: this.instrumentTitle });
  }

  /**
   * A change the server refused, while its words are shown. They are said again each time the
   * case changes on this device: the events that explain a refusal (a pause, a closure, someone's
   * change) often arrive with the next pull, after the refusal itself.
   */
  private kept: { change: KeptChange; text: string } | null = null;

  /**
   * What the device had kept in memory is stored (its status is back to ok): where this widget said
   * it was not saved yet, it now says it is. One that could no longer be made was said as refused
   * just before ({@link recordRefused}).
   */
  private storedNow(): void {
    const stored = { text: this.t('record.storedNow'), error: false };
    if (this.message?.pending) this.message = stored;
    for (const left of this.leftBehind.values()) if (left.said?.pending) left.said = stored;
    this.typingKept.clear();
  }

  /**
   * What the changes the device keeps in memory to store were made from, by their first event's id:
   * its case, what was typed, and the form for one item it was made in. Given back should the
   * device not make the change after all (see {@link typingBack}); dropped once all are stored.
   */
  private readonly typingKept = new Map<string, { caseId: string; typing: typedFields.TypingDraft; form: string | null }>();

  protected override recordRefused({ caseId, conflict, kept, id }: NonNullable<StoreChange['refused']>): void {
    const typed = id === undefined ? undefined : this.typingKept.get(id);
    if (typed) this.typingBack(typed);
    // Its words are said too: a form the case no longer offers (paused, closed) cannot take them back.
    const refusal = `${this.refusalMessage(conflict)}${this.youWrote(typed ? wordsOf(typed.typing) : [])}`;
    if (caseId !== this.caseId) {
      // Made here (or said not saved yet) on a case the worker left: why it could not be made is said there.
      if (typed || this.leftBehind.get(caseId)?.said?.pending) this.sayOn(caseId, { text: refusal, error: true });
      return;
    }
    const text = kept ? this.keptMessage(kept) : refusal;
    this.kept = kept ? { change: kept, text } : null;
    this.showRefusal(text);
  }

  /**
   * A change the device kept in memory was not made after all: what it was made from goes back into
   * its fields (and its form for one item opens again), where the person has not typed anew since,
   * here or when the worker comes back to its case; on disk too while the page is hidden.
   */
  private typingBack({ caseId, typing, form }: { caseId: string; typing: typedFields.TypingDraft; form: string | null }): void {
    const here = caseId === this.caseId;
    if (here && this.showsTypingPlace() && !this.recordsLocked) this.putTypingAway(caseId);
    (this.typingAway ??= new typedFields.TypingAway()).restore(caseId, typing, true);
    if (form && here) this.openForItem ??= form;
    else if (form) {
      const left = this.leftBehind.get(caseId);
      this.leftBehind.set(caseId, { ...left, form: left?.form ?? form });
    }
    if (here) this.giveTypingBack();
    if (document.visibilityState === 'hidden') this.keepTypingOnDisk();
  }

  private keptMessage(kept: KeptChange): string {
    return this.refusalMessage(keptConflict(kept, this.caseState?.history ?? [], this.template, this.caseState));
  }

  /** Shows why a change was not saved; `shownRefusal` reads it back. */
  protected showRefusal(text: string): void {
    this.message = { text, error: true };
  }

  protected shownRefusal(): string | undefined {
    return this.message?.error ? this.message.text : undefined;
  }

  protected get todayDate(): string {
    return this.today || new Date().toISOString().slice(0, 10);
  }

  /**
   * Reads the case from the store again; the view shows the latest of overlapping reads. A read
   * that fails says so, unless `quiet` (a save's caller says how the save went) or why a change
   * was not saved is said: that matters more, and the read is tried again.
   */
  protected reread(quiet = false): Promise<void> {
    const token = ++this.loads;
    let done!: Promise<void>;
    this.startLoad(() => (done = this.load(token).catch((error: unknown) => {
      if (token === this.loads && !quiet && !this.message?.error) this.message = { text: this.t('record.failed', { reason: (error as Error).message }), error: true };
    })));
    return done;
  }

  /** Reads the case and replays it with its template; only the latest of overlapping reads is shown. */
  private async load(token: number): Promise<void> {
    if (!this.caseId) {
      this.caseState = null;
      return;
    }
    const events = await this.store.events(this.caseId);
    if (token !== this.loads) return;
    const open = events.find((e) => e.type === 'case.open');
    if (!open || open.type !== 'case.open') {
      this.caseState = null;
      return;
    }
    const resolver = this.templateResolver;
    await resolver.prepare?.([open.payload.templateId]);
    if (token !== this.loads) return;
    const template = resolver(open.payload.templateId, open.payload.templateVersion) ?? null;
    if (!template) {
      this.caseState = null;
      this.message = { text: this.t('workspace.noTemplate', { template: `${open.payload.templateId} v${open.payload.templateVersion}` }), error: true };
      return;
    }
    // What was typed for it before the page was last hidden, and not saved, once per case on this page.
    if ((this.constructor as typeof CaseElement).keepsTypingOnDisk && !this.draftsLooked.has(this.typingKey(this.caseId))) {
      await this.typingFromDisk(this.caseId, events);
      if (token !== this.loads) return;
    }
    this.template = template;
    // The store checked every event when it was stored; replay skips (and the history still shows)
    // anything an older version let through rather than hide the whole case.
    this.caseState = replay(template, events, { onInvalid: 'skip' }).state;
  }

  /**
   * Records drafts together, against the case as the person saw it, then reads the case again.
   * Returns true when stored, or kept by the device to store (`pending`: said so, then said stored
   * once it is), and the widget still shows the case (empty the form then: pressing again would
   * record it twice); otherwise the message says why, in the person's words. `fields` are what the drafts were made from:
   * by default the form just submitted (see {@link recordFrom}).
   */
  protected record(drafts: readonly WorkspaceDraft[], saved: MessageKey, fields?: readonly Element[]): Promise<boolean> {
    return this.track(this.write(drafts, saved, fields ?? (this.submitted ? [this.submitted] : [])));
  }

  /**
   * The save being written now: on which case, from which fields, as which events; `recorded` once
   * the store has it, while the case is read again and until its fields are emptied.
   */
  private saving: { caseId: string; fields: readonly Element[]; ids: string[]; recorded?: true } | null = null;

  /** What was typed, but what the save being written for `place` uses, which waits for it. */
  protected override putTypingAway(place: string): void {
    super.putTypingAway(place, this.saving?.caseId === place ? this.saving.fields : []);
  }

  /** A save for `place` ended: what was typed for it and put away meanwhile is dropped once saved, or given back. */
  private typingSaved(place: string, saved: boolean): void {
    if (this.typingAway?.settle(place, saved) && place === this.typingPlace) this.giveTypingBack();
  }

  /**
   * Records through the store (see `recordInStore`), then reads the case shown again. The worker
   * may open another case, or lock the device, while it is written: what was typed in `fields`
   * is then put away with the rest, but held back, and dropped once saved (as the form would
   * have been emptied) or given back if not. `here` says whether the widget still shows the case:
   * what is said about a save is not said under another person's name.
   */
  protected async recordFrom(fields: readonly Element[], request: RecordRequest): Promise<{ result: WidgetRecordResult; here: boolean; words: [string, unknown][] }> {
    this.saving = { caseId: request.caseId, fields, ids: request.drafts.flatMap((d) => d.id ?? []) };
    // On disk before the save's own transaction, with the ids it records under: a page ended while
    // that is written (a reload the moment Save was pressed) loses it, and every write begun after.
    if (this.typingPlacesToKeep().has(request.caseId)) this.writeTypingDraft(request.caseId, undefined, true);
    // What the save is made from, as typed: given back should the device keep it, and then not make it.
    const typing = typedOn(this.renderRoot, request.caseId, fields, true);
    const form = this.itemFormOf(fields);
    let result: WidgetRecordResult;
    try {
      result = await this.recordInStore(request);
    } catch (error) {
      this.saving = null;
      throw error;
    }
    // Kept by the device to store (pending) counts as saved here: it is stored once the device
    // takes it, and typing it again would record it twice.
    const saved = result.status === 'saved' || result.status === 'pending';
    // Saved, its fields still hold it until they are emptied, once the case is read again: till
    // then it is not typing, neither put away nor kept on disk as the page is hidden or left (a
    // reload in that moment left the note saved and back in its field). Not saved, it is typing.
    this.saving = saved && this.saving ? { ...this.saving, recorded: true } : null;
    const id = request.drafts[0]?.id;
    if (result.status === 'pending' && typing && id) this.typingKept.set(id, { caseId: request.caseId, typing, form });
    this.typingSaved(request.caseId, saved);
    // Typing of this case on disk: without what was saved (the form is emptied next); with what was
    // not, given back (the page may have been hidden while it was being saved, and be ended).
    if (this.drafted.has(request.caseId) || !saved) this.writeTypingDraft(request.caseId, saved ? fields : []);
    try {
      await this.reread(true);
    } finally {
      // The caller empties the fields in this same turn.
      this.saving = null;
    }
    return { result, here: this.caseId === request.caseId, words: wordsOf(typing) };
  }

  /** The item form open, when `fields` are in it. */
  private itemFormOf(fields: readonly Element[]): string | null {
    return fields.some((f) => f.closest('[data-item-form]')) ? this.openForItem : null;
  }

  private pending: Promise<unknown> | null = null;

  /** Lets `updateComplete` wait for work the person started (a record, a check with the server). */
  protected track<T>(work: Promise<T>): Promise<T> {
    this.pending = work;
    void work.finally(() => {
      if (this.pending === work) this.pending = null;
    });
    return work;
  }

  /** Also waits for a change being written and the case read again (and typing kept on disk), so `await el.updateComplete` sees the outcome. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (this.pending) await this.pending.catch(() => undefined);
    await this.draftWrites;
    return super.getUpdateComplete();
  }

  /** The next render, without waiting for tracked work (which may be the caller's own). */
  protected rendered(): Promise<boolean> {
    return super.getUpdateComplete();
  }

  private async write(drafts: readonly WorkspaceDraft[], saved: MessageKey, fields: readonly Element[]): Promise<boolean> {
    const state = this.caseState;
    if (!state || this.busy) return false;
    this.busy = true;
    this.errors = {};
    const actor = this.actor(this.actorId, this.actorRole);
    const full = drafts.map((d) => ({ ...d, id: newEventId(), actor }));
    const caseId = this.caseId;
    const itemForm = this.itemFormOf(fields);
    try {
      const { result, here, words } = await this.recordFrom(fields, { caseId, baseSeq: state.lastSeq, drafts: full });
      if (result.status === 'saved' || result.status === 'pending') {
        // Said on its case: now, or when the worker comes back to it.
        this.sayOn(caseId, result.status === 'saved' ? { text: this.t(saved), error: false } : { text: this.recordMessage(result), error: true, pending: true });
        // Made in a form for one item of the case left: it is done there.
        if (!here && itemForm) this.closeOpenForItem(itemForm);
        const detail: RecordedDetail = { caseId, types: full.map((d) => d.type) };
        if (result.status === 'saved') this.dispatchEvent(new CustomEvent('cp-recorded', { bubbles: true, composed: true, detail }));
        return here;
      }
      // Not saved on a case left: said, with its typing back, when the worker returns to it. Its
      // words are said too when its form went meanwhile (the case was paused elsewhere).
      this.sayOn(caseId, { text: `${this.recordMessage(result)}${this.youWrote(here && !fields.some((f) => f.isConnected) ? words : [])}`, error: true });
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Marks a field as wrong, says why beside it, and puts the focus there; nothing is recorded. */
  protected async invalid(id: string, text: string): Promise<void> {
    this.errors = { [id]: text };
    await this.rendered();
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  /** `aria-invalid` of a field. */
  protected isInvalid(id: string): 'true' | 'false' {
    return this.errors[id] ? 'true' : 'false';
  }

  /** `aria-describedby` of a field: its error, when it has one. */
  protected errorRef(id: string): string | typeof nothing {
    return this.errors[id] ? `${id}-error` : nothing;
  }

  /**
   * A date field, the date it holds written out beneath it in the page's language, with its weekday
   * ("Wednesday, 4 March 2026"). The browser shows a date field in its own locale's order
   * (mm/dd/yyyy in an English browser, on a Polish page): a day and a month taken the wrong way
   * round would date a job's start, and the year of work counted from it, months off. `control`
   * should carry {@link dateRef} as its `aria-describedby`.
   */
  protected dateField(id: string, label: string, control: TemplateResult, hint?: string): TemplateResult {
    return html`${this.field(id, label, control, hint)}<p class="date-words" id="${id}-words"></p>`;
  }

  /** `aria-describedby` of a date field: the date in words, and its error when it has one. */
  protected dateRef(id: string): string {
    return this.errors[id] ? `${id}-words ${id}-error` : `${id}-words`;
  }

  /**
   * A labelled field with its error beside it. Without `control` it is a text input whose name is
   * its id; a given control should carry `isInvalid(id)` and `errorRef(id)`.
   */
  protected field(id: string, label: string, control?: TemplateResult, hint?: string): TemplateResult {
    const error = this.errors[id];
    return html`<label class="field" for=${id}>${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      ${control ?? html`<input id=${id} name=${id} type="text" maxlength="2000" aria-invalid=${this.isInvalid(id)} aria-describedby=${this.errorRef(id)} />`}
      ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}`;
  }

  /** The line that says what was saved, or why not. */
  protected messageLine(): TemplateResult {
    return html`<p class="message ${this.message?.error ? 'error' : ''}" role="status">${this.message?.text ?? ''}</p>`;
  }

  override render(): unknown {
    if (this.recordsLocked) return this.renderRecordsLocked();
    const s = this.caseState;
    const template = this.template;
    if (!s || !template || s.status === 'unopened') return html`<div part="base"><p>${this.message?.text ?? this.t('plan.noCase')}</p></div>`;
    // Each case's view is drawn anew: its forms show what it fills in itself, whatever the
    // fields of the case before held or the form's reset left (see clearForms).
    return keyed(s.caseId, this.renderCase(s, template));
  }

  /** The widget's view of an open case. */
  protected renderCase(_state: CaseState, _template: PlanTemplate): unknown {
    return nothing;
  }

  /**
   * When a thing happened on `day` (a calendar date): now when it is today, else noon that day, so
   * the date is the same in every time zone of Europe. A late record counts on its own day.
   */
  protected dayAt(day: string): { at?: string } {
    return day && day !== new Date().toISOString().slice(0, 10) ? { at: `${day}T12:00:00.000Z` } : {};
  }

  /** What is missing before a move or a closure, in the page's language ("Not yet: …; …"). */
  protected whyNot(missing: readonly MissingRequirement[]): string {
    const ctx = { lang: this.language, template: this.template!, instrumentTitle: this.instrumentTitle };
    return `${this.t('plan.why')} ${missing.map((m) => requirementText(m.condition, ctx)).join('; ')}`;
  }

  /** Why nothing new can be recorded: the case is paused or closed. */
  protected notActiveText(): string {
    return this.t(this.caseState?.status === 'paused' ? 'workspace.notActive.paused' : 'workspace.notActive.closed');
  }

  /** A worker's name, or their id when the directory does not know it. */
  protected worker(id: string): string {
    return this.nameOf(id) ?? id;
  }
}
