import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import * as z from 'zod/mini';
import {
  Answer,
  assessmentRecordPayload,
  checkResponse,
  consentsOf,
  healthDataItems,
  newEventId,
  enabledItems,
  scoreAssessment,
  type AssessmentResponse,
  type CaseEvent,
  type EventDraft,
  type Instrument,
  type InstrumentItem,
  type Respondent,
  type Role,
} from '@casepath/core';
import { CasepathElement } from '../../internal/casepath-element.js';
import type { DraftToKeep, StoreChange } from '../../storage/case-store.js';
import { pick } from '../../i18n/localize.js';
import { formatDay } from '../../i18n/format-day.js';
import { loadInstrument } from '../../internal/instruments.js';
import { tokens } from '../../theme/tokens.js';
import { CpAssessmentSaveEvent, CpAssessmentSavedEvent } from '../../events/assessment-events.js';
import { styles } from './needs-assessment.styles.js';

const AssessmentDraft = z.object({
  answers: z.record(z.string(), Answer),
  index: z.number().check(z.int(), z.gte(0)),
  /** When each answer was last given or cleared (ms): two tabs of one questionnaire merge answer by answer. Absent in older drafts. */
  at: z.optional(z.record(z.string(), z.number())),
});

/** `answers` with `changes` in them; an answer changed to nothing (`undefined`, or empty) is left out. */
function withAnswers<T>(answers: Readonly<Record<string, T>>, changes: Readonly<Record<string, T | undefined>>): Record<string, T> {
  const next = { ...answers };
  for (const [id, value] of Object.entries(changes)) {
    if (value === undefined || value === '') delete next[id];
    else next[id] = value;
  }
  return next;
}

/**
 * @summary Fills a needs-assessment instrument, as staff or as the person; in easy-read mode one
 * question a screen with large targets. Resumes where it stopped and records an
 * `assessment.record` event in the case.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.1
 * @event cp-assessment-save - Before the assessment is stored; cancelable.
 * @event cp-assessment-saved - After the assessment is stored.
 * @csspart base - The form.
 * @csspart progress - The progress bar.
 * @cssproperty --cp-needs-assessment-accent - Colour of selected answers and buttons.
 */
export class CpNeedsAssessment extends CasepathElement {
  static override styles = [tokens, styles];

  /** Id of a built-in instrument; or set `.instrument` to your own. */
  @property({ attribute: 'instrument' }) instrumentId = 'vocational-profile';
  /** The case the assessment belongs to; without it nothing is stored, only the events fire. */
  @property({ attribute: 'case-id' }) caseId = '';
  /** Who answers: the person (`self`) or staff. */
  @property() respondent: Respondent = 'self';
  /** Id and role recorded on the event. */
  @property({ attribute: 'actor-id' }) actorId = 'self-service';
  @property({ attribute: 'actor-role' }) actorRole: Role = 'client';
  /** A custom instrument (takes precedence over `instrument`). */
  @property({ attribute: false }) instrument: Instrument | null = null;

  @state() private loadedInstrument: Instrument | null = null;
  @state() private answers: Record<string, z.infer<typeof Answer>> = {};
  /** When each answer was last given or cleared here or in another tab (see {@link mergeDraft}). */
  private answeredAt: Record<string, number> = {};
  @state() private index = 0;
  @state() private error = '';
  /** Said when the device cannot read aloud in the page's language. */
  @state() private speech = '';
  @state() private done = false;
  /** The case left this device (erased, or no longer the worker's to see): nothing is asked or kept for it (see {@link leaveGoneCase}). */
  @state() private caseGone = false;
  /** Whether the person consented to health data being recorded (unknown without a case: asked). */
  @state() private healthAllowed = true;
  @query('h2') private heading?: HTMLElement;
  private loaded = '';
  private finishing: { key: string; eventId: string; assessmentId: string } | null = null;
  private restoring: Promise<void> = Promise.resolve();

  private get ins(): Instrument {
    return (this.instrument ?? this.loadedInstrument)!;
  }

  private get draftKey(): string {
    return `assessment:${this.caseId || 'anonymous'}:${this.instrument?.id ?? this.instrumentId}:${this.respondent}`;
  }

  /** Questions about health, left out while the person has not consented to health data. */
  private get skippedHealth(): Set<string> {
    return this.healthAllowed ? new Set() : healthDataItems(this.ins);
  }

  private get shownItems(): InstrumentItem[] {
    const shown = enabledItems(this.ins, this.answers);
    const skipped = this.skippedHealth;
    return this.ins.items.filter((it) => shown.has(it.id) && !skipped.has(it.id));
  }

  /** Reads the case's consent to health data: without it, questions about health are not asked. */
  /** Counts consent reads: one overtaken by a later (of the next case the page opened) decides nothing. */
  private consentReads = 0;

  /** @returns The case's events it read (none without a case), which also tell whether the case is on this device. */
  private async checkHealthConsent(): Promise<readonly CaseEvent[]> {
    const read = ++this.consentReads;
    if (!this.caseId) return [];
    const events = await this.store.events(this.caseId);
    if (read === this.consentReads) this.healthAllowed = consentsOf(events)['health-data']?.granted === true;
    return events;
  }

  protected override storeChanged(caseId: string | undefined, change: StoreChange): void {
    if (this.caseId && caseId === this.caseId && (change.gone !== undefined || this.caseGone)) {
      if (change.gone !== undefined) this.leaveGoneCase();
      else this.askAgain(); // stored here again (its access given back): a questionnaire to begin
      return;
    }
    const { draftKey } = change;
    if (draftKey !== undefined) {
      // A draft written (here, or in another tab): this questionnaire's merges; consents are not in drafts.
      if (draftKey === this.draftKey) this.startLoad(() => this.mergeDraft(draftKey, change.draftDeleted === true));
      return;
    }
    // The person may say yes (or take it back) in another widget or tab meanwhile.
    if (this.caseId && (caseId === undefined || caseId === this.caseId)) this.startLoad(async () => void (await this.checkHealthConsent()));
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if ((changed.has('instrumentId') || changed.has('instrument') || changed.has('caseId') || changed.has('respondent')) && this.loaded !== this.draftKey) {
      // What was being typed goes under the draft it was typed for, with that draft's answers.
      this.writeTyped();
      this.dropTyped();
      this.askAgain();
    }
  }

  /** Loads this questionnaire's instrument and draft afresh. */
  private askAgain(): void {
    this.caseGone = false;
    this.loaded = this.draftKey;
    this.restoring = this.restore().catch((error: unknown) => {
      this.error = this.t('record.failed', { reason: (error as Error).message });
    });
  }

  /**
   * The case left this device (erased at the person's request, here or in another tab, or no
   * longer the worker's to see): the answers held for it go with it, what is being typed is not
   * written, and the questionnaire says so instead of asking. The store erased its draft.
   */
  private leaveGoneCase(): void {
    this.dropTyped();
    this.dropAnswers();
    this.done = false;
    this.sayInstead('caseGone');
  }

  /** Drops the answers held here: the questionnaire ended elsewhere ({@link leaveGoneCase}, {@link finishedElsewhere}). */
  private dropAnswers(): void {
    [this.answers, this.answeredAt, this.index, this.finishing, this.error] = [{}, {}, 0, null, ''];
  }

  /** Says why instead of asking (`done`, or `caseGone`); the focus, if it was in a question, goes to what is said. */
  private sayInstead(state: 'done' | 'caseGone'): void {
    const focused = this.renderRoot.contains((this.renderRoot as ShadowRoot).activeElement);
    this[state] = true;
    if (focused) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(state === 'done' ? '.done' : '.gone')?.focus());
  }

  /** Also waits for the instrument, the saved draft and the latest draft write, so `await el.updateComplete` sees them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let restoring: Promise<void>;
    let saving: Promise<void>;
    do {
      restoring = this.restoring;
      saving = this.saving;
      await restoring;
      await saving;
    } while (restoring !== this.restoring || saving !== this.saving);
    return super.getUpdateComplete();
  }

  private async restore(): Promise<void> {
    const key = this.draftKey;
    if (!this.instrument && this.loadedInstrument?.id !== this.instrumentId) {
      this.loadedInstrument = await loadInstrument(this.instrumentId);
      if (!this.loadedInstrument) {
        this.error = `Unknown instrument "${this.instrumentId}"`;
        return;
      }
    }
    const events = await this.checkHealthConsent();
    // A case that is not on this device (erased before this page showed it, or the id of an old
    // link): said at once, not after every question was answered and Finish refused. It is asked
    // again if the case arrives (a pull, its access given back).
    if (this.caseId && events.length === 0) {
      if (key === this.draftKey) [this.caseGone, this.done] = [true, false];
      return;
    }
    const parsed = AssessmentDraft.safeParse(await this.store.loadDraft(key));
    if (key !== this.draftKey) return;
    this.done = false;
    if (parsed.success) {
      this.answers = parsed.data.answers;
      this.answeredAt = parsed.data.at ?? {};
      this.index = parsed.data.index;
    } else {
      this.answers = {};
      this.answeredAt = {};
      this.index = 0;
    }
  }

  /**
   * The draft on disk changed: written here, or in another tab with the same questionnaire open.
   * Each answer becomes the one given or cleared last, here or there, and the disk gets what only
   * this tab has, so that neither tab's answers are lost by the other's next write. What is being
   * typed here stays as typed.
   */
  private async mergeDraft(key: string, deleted: boolean): Promise<void> {
    const read = await this.store.loadDraft(key).catch(() => null); // null: unreadable, nothing to merge
    if (key !== this.draftKey || this.done || this.caseGone) return;
    // Deleted, and not written again since: finished in another tab (this one is done before its own delete).
    if (read === undefined && deleted) return this.finishedElsewhere();
    const parsed = AssessmentDraft.safeParse(read);
    if (!parsed.success) return;
    const { answers: onDisk, at: diskAt = {} } = parsed.data;
    const typing = this.typed?.key === key ? this.typed.answers : {};
    const [answers, at] = [{ ...this.answers }, { ...this.answeredAt }];
    let [taken, behind] = [false, false];
    for (const id of new Set([...Object.keys(onDisk), ...Object.keys(diskAt), ...Object.keys(answers), ...Object.keys(at)])) {
      const [here, there] = [at[id] ?? 0, diskAt[id] ?? 0];
      if (there > here && !(id in typing)) {
        if (onDisk[id] === undefined) delete answers[id];
        else answers[id] = onDisk[id];
        at[id] = there;
        taken = true;
      } else if (here > there) behind = true; // given or cleared here since: the disk gets it
    }
    if (taken) {
      this.answers = answers;
      this.answeredAt = at;
      this.changed(key);
      this.finishing = null; // as for an answer changed here: a new assessment, not a retry
    }
    if (behind) void this.writeDraft(this.draftNow());
  }

  /**
   * The draft was deleted in another tab: the questionnaire was finished there, with every answer
   * this tab had written (a change that tab merged while it recorded keeps the draft). Those
   * answers are recorded, so they are not written back as a questionnaire still to fill in, nor
   * finished twice: this tab is done too. What is being typed here stays, as the beginning of
   * the next one.
   */
  private finishedElsewhere(): void {
    this.dropAnswers();
    if (!this.typed) this.sayInstead('done');
  }

  /** The latest draft write, so `updateComplete` can wait for it. */
  private saving: Promise<void> = Promise.resolve();

  /** The draft as it stands now, with what is being typed, under the key it was typed for. */
  private draftNow(): DraftToKeep {
    const typed = this.typed;
    const answers = typed ? withAnswers(this.answers, typed.answers) : this.answers;
    const [key, caseId] = typed ? [typed.key, typed.caseId] : [this.draftKey, this.caseId];
    return { key, data: { answers, index: this.index, at: this.answeredAt }, ...(caseId ? { caseId } : {}) };
  }

  private async persist(): Promise<void> {
    // What is being typed is taken: the write below holds it.
    if (this.typed) this.answers = withAnswers(this.answers, this.typed.answers);
    this.dropTyped();
    await this.writeDraft(this.draftNow());
  }

  private async writeDraft({ key, data, caseId }: DraftToKeep): Promise<void> {
    const write = this.store.saveDraft(key, data, caseId ? { caseId } : {});
    // Every write still on its way, not only the latest: a finished assessment waits for them all.
    this.saving = Promise.all([this.saving, write.catch(() => undefined)]).then(() => undefined);
    await write;
  }

  /** Counts the changes to each draft's answers (chosen or typed), so Finish can tell one made while it recorded. */
  private readonly changes = new Map<string, number>();

  private changed(key: string, answered?: string): void {
    this.changes.set(key, (this.changes.get(key) ?? 0) + 1);
    if (answered) this.answeredAt = { ...this.answeredAt, [answered]: Date.now() };
  }

  /** An answer chosen, or a typed one its field let go of (`change`): taken, and written to the draft at once. */
  private setAnswer(item: InstrumentItem, value: z.infer<typeof Answer> | undefined): void {
    this.answers = withAnswers(this.answers, { [item.id]: value });
    this.changed(this.draftKey, item.id);
    this.finishing = null; // changed answers are a new assessment, not a retry of the last one
    this.error = '';
    void this.persist();
  }

  /**
   * Answers being typed (a text, a number), by item, not yet taken: the field keeps them as the
   * person types (nothing is drawn again under their fingers) until it lets go of them. Written
   * to the draft a moment after the last key, or as the page is hidden or left (a reload, a closed
   * tab, another app), whichever comes first: a page that ends does not take the focus from the
   * field first, so waiting for its `change` lost them.
   */
  private typed: { key: string; caseId: string; answers: Record<string, z.infer<typeof Answer> | undefined>; timer: ReturnType<typeof setTimeout> } | null = null;

  private typeAnswer(item: InstrumentItem, value: z.infer<typeof Answer> | undefined): void {
    if (this.typed) clearTimeout(this.typed.timer);
    const { key, caseId } = this.typed ?? { key: this.draftKey, caseId: this.caseId };
    this.changed(key, item.id);
    this.typed = { key, caseId, answers: { ...this.typed?.answers, [item.id]: value }, timer: setTimeout(() => this.writeTyped(), 300) };
  }

  private dropTyped(): void {
    if (this.typed) clearTimeout(this.typed.timer);
    this.typed = null;
  }

  /** Writes the draft with what is being typed, if anything is; `now`: in this turn, committed at once, where the store can. */
  private writeTyped(now = false): void {
    if (!this.typed) return;
    const draft = this.draftNow();
    clearTimeout(this.typed.timer); // kept: still the field's until it lets go of them
    if (now && this.store.writeDraftsNow?.([draft])) return;
    void this.writeDraft(draft);
  }

  protected override pageHidden(): void {
    this.writeTyped(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.writeTyped();
  }

  private async go(delta: number): Promise<void> {
    const items = this.shownItems;
    const current = items[Math.min(this.index, items.length - 1)];
    if (delta > 0 && current?.required && this.answers[current.id] === undefined) {
      this.error = this.t('assessment.required');
      return;
    }
    this.index = Math.max(0, Math.min(items.length - 1, this.index + delta));
    this.error = '';
    await this.persist();
    await this.updateComplete;
    this.heading?.focus();
  }

  private async finish(e?: Event): Promise<void> {
    e?.preventDefault();
    // What is being typed is part of it, its field's `change` or not (taken and written now).
    if (this.typed) void this.persist();
    const key = this.draftKey;
    const changesAtFinish = this.changes.get(key);
    const response: AssessmentResponse = {
      instrumentId: this.ins.id,
      instrumentVersion: this.ins.version,
      respondent: this.respondent,
      completedAt: new Date().toISOString(),
      // Answers about health given before consent was taken back are not recorded.
      answers: Object.fromEntries(Object.entries(this.answers).filter(([id]) => !this.skippedHealth.has(id))),
    };
    const problems = checkResponse(this.ins, response).filter((p) => !this.skippedHealth.has(p.path.replace('answers.', '')));
    if (problems.length) {
      const firstId = problems[0]!.path.replace('answers.', '');
      const item = this.ins.items.find((it) => it.id === firstId);
      this.error = `${this.t('assessment.required')} ${item ? pick(this.easyRead ? item.easyRead : item.text, this.language) : ''}`;
      if (this.easyRead) this.index = Math.max(0, this.shownItems.findIndex((it) => it.id === firstId));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[data-item="${firstId}"] input, [data-item="${firstId}"] textarea`)?.focus();
      return;
    }
    const scored = scoreAssessment(this.ins, response);
    // One id per finished questionnaire: pressing Finish again, or a retry, records it once.
    // The page may open another case while it is written: what follows is this one's.
    const caseId = this.caseId;
    if (this.finishing?.key !== key) this.finishing = { key, eventId: newEventId(), assessmentId: newEventId() };
    const draft: EventDraft | null = caseId
      ? {
          type: 'assessment.record',
          id: this.finishing.eventId,
          actor: this.actorRole === 'client' ? { id: this.actorId, role: this.actorRole } : this.actor(this.actorId, this.actorRole),
          payload: assessmentRecordPayload(this.finishing.assessmentId, scored),
        }
      : null;
    if (!this.dispatchEvent(new CpAssessmentSaveEvent({ response, scored, draft }))) return;
    let event: CaseEvent | null = null;
    if (draft) {
      const result = await this.recordInStore({ caseId, drafts: [draft] });
      if (result.status !== 'saved') {
        // Kept as a draft (and its ids for a retry): said when it is on screen.
        if (key === this.draftKey) this.error = this.recordMessage(result);
        return;
      }
      event = result.events[0]!;
    }
    if (this.finishing?.key === key) this.finishing = null;
    // The draft's writes begun before now land first: one landing after the delete would bring
    // the finished answers back as a questionnaire still to fill in.
    await this.saving;
    const here = key === this.draftKey; // or another questionnaire is on screen now
    if (this.changes.get(key) !== changesAtFinish) {
      // Answers changed while it was recorded: the draft keeps them, for Finish again.
      this.dispatchEvent(new CpAssessmentSavedEvent({ response, scored, event }));
      if (here) this.error = this.t('assessment.changedWhileSaving');
      return;
    }
    // Done before the draft is deleted: its delete, told to every tab, is news only to the others.
    if (here) this.done = true;
    await this.store.deleteDraft(key);
    this.dispatchEvent(new CpAssessmentSavedEvent({ response, scored, event }));
    if (!here) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.done')?.focus();
  }

  private renderInput(item: InstrumentItem) {
    const scale = this.ins.scales[item.scale]!;
    const value = this.answers[item.id];
    const name = `q-${item.id}`;
    switch (scale.type) {
      case 'ordinal':
        return html`<div class="options">
          ${scale.points.map(
            (p) => html`<label class="option"
              ><input type="radio" name=${name} .checked=${value === p.value} @change=${() => this.setAnswer(item, p.value)} /><span
                >${pick(this.easyRead && p.easyRead ? p.easyRead : p.label, this.language)}</span
              ></label
            >`,
          )}
        </div>`;
      case 'yes-no':
        return html`<div class="options">
          ${([true, false] as const).map(
            (v) => html`<label class="option"
              ><input type="radio" name=${name} .checked=${value === v} @change=${() => this.setAnswer(item, v)} /><span>${this.yesNo(v)}</span></label
            >`,
          )}
        </div>`;
      case 'number':
        return html`<input
          type="number"
          aria-labelledby="label-${item.id}"
          min=${scale.min ?? nothing}
          max=${scale.max ?? nothing}
          step=${scale.integer ? 1 : 'any'}
          .value=${value === undefined ? '' : String(value)}
          @input=${(e: Event) => {
            const field = e.target as HTMLInputElement;
            // A number half typed ("-", "1e") reads as empty: what was typed before it stands.
            if (!field.validity.badInput) this.typeAnswer(item, field.value === '' ? undefined : Number(field.value));
          }}
          @change=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value;
            this.setAnswer(item, raw === '' ? undefined : Number(raw));
          }}
        />`;
      case 'date':
        // The field is drawn in the browser's order of day and month: the words say which day it is.
        return html`<input
            type="date"
            aria-labelledby="label-${item.id}"
            aria-describedby="words-${item.id}"
            .value=${typeof value === 'string' ? value : ''}
            @change=${(e: Event) => this.setAnswer(item, (e.target as HTMLInputElement).value)}
          />
          <p class="date-words" id="words-${item.id}">${typeof value === 'string' ? formatDay(this.language, value) : ''}</p>`;
      case 'text':
        return html`<textarea aria-labelledby="label-${item.id}" maxlength=${scale.maxLength ?? nothing} .value=${typeof value === 'string' ? value : ''} @input=${(e: Event) => this.typeAnswer(item, (e.target as HTMLTextAreaElement).value)}
          @change=${(e: Event) => this.setAnswer(item, (e.target as HTMLTextAreaElement).value)}
        ></textarea>`;
    }
  }

  /** Reads the question, its answers and the buttons aloud (easy-read), in the page's language. */
  private async readAloud(item: InstrumentItem, last: boolean): Promise<void> {
    const lang = this.language;
    const scale = this.ins.scales[item.scale]!;
    const answers =
      scale.type === 'ordinal' ? scale.points.map((p) => pick(p.easyRead ?? p.label, lang)) : scale.type === 'yes-no' ? [this.yesNo(true), this.yesNo(false)] : [];
    const buttons = [this.t('assessment.back'), this.t(last ? 'assessment.finish' : 'assessment.next')];
    // Loaded on the first press: pages that never read aloud do not download it.
    const { readAloud } = await import('../../internal/read-aloud.js');
    const spoken = await readAloud([pick(item.easyRead, lang) || pick(item.text, lang), ...answers, ...buttons], lang);
    this.speech = spoken ? '' : this.t('assessment.noVoice', { language: new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang });
  }

  private yesNo(v: boolean): string {
    const words: Record<string, [string, string]> = { en: ['Yes', 'No'], ru: ['Да', 'Нет'], pl: ['Tak', 'Nie'], lt: ['Taip', 'Ne'], de: ['Ja', 'Nein'], uk: ['Так', 'Ні'] };
    return (words[this.language] ?? words.en!)[v ? 0 : 1];
  }

  private renderItem(item: InstrumentItem) {
    const scale = this.ins.scales[item.scale]!;
    const text = pick(this.easyRead ? item.easyRead : item.text, this.language);
    if (scale.type === 'ordinal' || scale.type === 'yes-no') {
      return html`<fieldset class="item" data-item=${item.id}>
        <legend id="label-${item.id}">${text}${item.required ? html` <span aria-hidden="true">*</span>` : nothing}</legend>
        ${this.renderInput(item)}
      </fieldset>`;
    }
    return html`<div class="item" data-item=${item.id}>
      <p id="label-${item.id}">${text}</p>
      ${this.renderInput(item)}
    </div>`;
  }

  private renderHealthNote() {
    return this.skippedHealth.size ? html`<p class="note health-skipped">${this.t(this.respondent === 'self' ? 'assessment.healthSkipped.self' : 'assessment.healthSkipped.staff')}</p>` : nothing;
  }

  override render() {
    if (this.recordsLocked) return this.renderRecordsLocked();
    if (!this.instrument && !this.loadedInstrument) return html`<div part="base" aria-busy="true">${this.error}</div>`;
    const title = pick(this.ins.title, this.language);
    if (this.caseGone) {
      return html`<div part="base"><h2>${title}</h2><p class="gone" tabindex="-1" role="status">${this.t('assessment.caseGone')}</p></div>`;
    }
    if (this.done) {
      return html`<div part="base"><h2>${title}</h2><p class="done" tabindex="-1" role="status">${this.t('assessment.done')}</p></div>`;
    }
    const items = this.shownItems;
    const answered = items.filter((it) => this.answers[it.id] !== undefined).length;
    if (this.easyRead) {
      const index = Math.min(this.index, items.length - 1);
      const item = items[index]!;
      const last = index === items.length - 1;
      const progress = this.t('assessment.progress', { current: index + 1, total: items.length });
      return html`<div part="base">
        <h2 tabindex="-1">${title}</h2>
        <progress part="progress" max=${items.length} .value=${index + 1} aria-label=${progress}></progress>
        <p>${progress}</p>
        ${this.renderHealthNote()}
        ${this.renderItem(item)}
        <button type="button" class="read-aloud" data-variant="secondary" @click=${() => this.readAloud(item, last)}>${this.t('assessment.readAloud')}</button>
        <p class="note" role="status">${this.speech}</p>
        <p class="error" role="alert">${this.error}</p>
        <div class="nav">
          <button type="button" data-variant="secondary" ?disabled=${index === 0} @click=${() => this.go(-1)}>${this.t('assessment.back')}</button>
          ${last
            ? html`<button type="button" @click=${() => this.finish()}>${this.t('assessment.finish')}</button>`
            : html`<button type="button" @click=${() => this.go(1)}>${this.t('assessment.next')}</button>`}
        </div>
      </div>`;
    }
    return html`<form part="base" @submit=${this.finish} novalidate>
      <h2 tabindex="-1">${title}</h2>
      <progress part="progress" max=${items.length} .value=${answered} aria-label=${this.t('assessment.answered', { count: answered })}></progress>
      <p aria-live="polite">${this.t('assessment.answered', { count: answered })}</p>
      ${this.renderHealthNote()}
      ${this.ins.domains.map((d) => {
        const domainItems = items.filter((it) => it.domain === d.id);
        return domainItems.length
          ? html`<fieldset>
              <legend>${pick(d.title, this.language)}</legend>
              ${domainItems.map((it) => this.renderItem(it))}
            </fieldset>`
          : nothing;
      })}
      <p class="error" role="alert">${this.error}</p>
      <div class="nav"><button type="submit">${this.t('assessment.finish')}</button></div>
    </form>`;
  }
}
