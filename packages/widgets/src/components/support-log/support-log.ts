import { css, html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SUPPORT_MODES, supportIntensity, supportRisesAgain, type SupportMode, type CaseState } from '@casepath/core';
import { CaseElement, formText, workspaceStyles } from '../../internal/case-element.js';
import { formatDate } from '../../i18n/localize.js';
import { tokens } from '../../theme/tokens.js';

const PRESETS = [15, 30, 45, 60, 90, 120] as const;

/**
 * @summary Log a contact in a few taps (minutes, how, what was done, which day), and see the
 * support given week by week, so fading is visible and a rise is flagged.
 * @documentation docs/widgets.md
 * @status experimental
 * @since 0.2
 * @event cp-recorded - After a contact is stored. `detail: { caseId, types }`.
 * @csspart base - The wrapper.
 * @csspart chart - The weekly bars.
 * @cssproperty --cp-support-log-bar - Colour of the weekly bars.
 */
export class CpSupportLog extends CaseElement {
  static override styles = [
    tokens,
    workspaceStyles,
    css`
      :host {
        --_bar: var(--cp-support-log-bar, var(--_accent));
      }
      ol[part='chart'] {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      ol[part='chart'] li {
        display: grid;
        grid-template-columns: minmax(8rem, 12rem) 1fr;
        align-items: center;
        gap: 0.5rem;
      }
      /* An SVG rect, not a style attribute: a strict Content-Security-Policy blocks those. */
      .bar {
        height: 1.2rem;
        width: 100%;
        fill: var(--_bar);
      }
      .rise {
        border-inline-start: 4px solid var(--_danger);
        padding-inline-start: 0.5rem;
        margin: 0;
      }
      @media (forced-colors: active) {
        .bar {
          fill: CanvasText;
        }
      }
    `,
  ];

  /** How many recent weeks the chart shows. */
  @property({ type: Number }) weeks = 12;

  @state() private minutes: number | null = null;
  @state() private other = false;
  @state() private mode: SupportMode | null = null;
  @state() private error = '';

  protected override clearForms(): void {
    super.clearForms();
    this.minutes = this.mode = null;
    this.other = false;
    this.error = '';
  }

  /** The last contact's minutes and mode, so a routine visit is one tap. */
  private defaults(): { minutes: number; mode: SupportMode } {
    const last = this.caseState?.support.at(-1);
    return { minutes: last?.minutes ?? 60, mode: last?.mode ?? 'on-the-job' };
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const form = new FormData(formEl);
    // The number field is shown (and is the answer) whenever no preset is chosen.
    const typed = form.get('minutes-other');
    const minutes = typed !== null ? Number(typed) : (this.minutes ?? this.defaults().minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      this.error = this.t('support.minutesInvalid');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#minutes-other')?.focus();
      return;
    }
    const day = formText(form, 'day');
    if (day > this.todayDate) {
      this.error = this.t('jobs.dayInFuture');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#day')?.focus();
      return;
    }
    this.error = '';
    const note = formText(form, 'note');
    const saved = await this.record(
      [
        {
          type: 'support.log',
          payload: { minutes, mode: this.mode ?? this.defaults().mode },
          // A day other than today is a visit recorded late: it counts in its own week.
          ...this.dayAt(day),
          ...(note ? { reason: note } : {}),
        },
      ],
      'support.saved',
    );
    if (saved) {
      formEl.querySelector<HTMLInputElement>('#note')!.value = '';
      // The next contact is today's unless the person says otherwise: a late day is not kept.
      formEl.querySelector<HTMLInputElement>('#day')!.value = this.todayDate;
      this.minutes = null;
      this.mode = null;
      this.other = false;
    }
  }

  private duration(minutes: number): string {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return h ? (m ? this.t('support.hoursMinutes', { h, m }) : this.t('support.hours', { count: h })) : this.t('support.minutes', { count: m });
  }

  private renderChart() {
    const s = this.caseState!;
    const lang = this.language;
    const periods = supportIntensity(s, { periodDays: 7, until: this.todayDate }).slice(-this.weeks);
    if (!periods.length) return html`<p>${this.t('support.noneYet')}</p>`;
    const max = Math.max(...periods.map((p) => p.minutes), 1);
    const rise = supportRisesAgain(periods);
    return html`${rise ? html`<p class="rise" role="note">${this.t('support.rise', { date: formatDate(lang, rise.from), amount: this.duration(rise.minutes) })}</p>` : nothing}
      <ol part="chart" aria-label=${this.t('support.chart')}>
        ${periods.map(
          (p) => html`<li>
            <span>${this.t('support.weekOf', { date: formatDate(lang, p.from) })}: ${p.minutes ? this.duration(p.minutes) : this.t('support.noSupport')}</span>
            <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">${svg`<rect width=${(100 * p.minutes) / max} height="10"></rect>`}</svg>
          </li>`,
        )}
      </ol>`;
  }

  protected override renderCase(s: CaseState) {
    const d = this.defaults();
    const minutes = this.minutes ?? d.minutes;
    const mode = this.mode ?? d.mode;
    const presetChosen = !this.other && (PRESETS as readonly number[]).includes(minutes);
    return html`<div part="base">
      <h2>${this.t('support.title')}</h2>
      ${s.status === 'active'
        ? html`<form novalidate @submit=${this.save} aria-labelledby="log">
            <h3 id="log">${this.t('support.log')}</h3>
            <fieldset class="choices">
              <legend>${this.t('support.howLong')}</legend>
              ${PRESETS.map(
                (m) => html`<label
                  ><input type="radio" name="minutes" .checked=${presetChosen && minutes === m} @change=${() => ((this.minutes = m), (this.other = false))} />${this.duration(m)}</label
                >`,
              )}
              <label><input type="radio" name="minutes" .checked=${!presetChosen} @change=${() => (this.other = true)} />${this.t('support.other')}</label>
            </fieldset>
            ${!presetChosen
              ? html`<label class="field" for="minutes-other">${this.t('support.minutesLabel')}</label>
                  <input
                    id="minutes-other"
                    name="minutes-other"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max="1440"
                    .value=${this.other ? '' : String(minutes)}
                    aria-invalid=${this.error ? 'true' : 'false'}
                    aria-describedby=${this.error ? 'support-error' : nothing}
                  />`
              : nothing}
            <fieldset class="choices">
              <legend>${this.t('support.how')}</legend>
              ${SUPPORT_MODES.map((m) => html`<label><input type="radio" name="mode" .checked=${mode === m} @change=${() => (this.mode = m)} />${this.t(`mode.${m}`)}</label>`)}
            </fieldset>
            <label class="field" for="note">${this.t('support.what')}</label>
            <input id="note" name="note" type="text" maxlength="2000" />
            <label class="field" for="day">${this.t('support.day')}</label>
            <input id="day" name="day" type="date" max=${this.todayDate} value=${this.todayDate} aria-describedby="day-words" />
            <p class="date-words" id="day-words"></p>
            ${this.error ? html`<p class="field-error" id="support-error" role="alert">${this.error}</p>` : nothing}
            <div class="actions"><button type="submit" aria-disabled=${String(this.busy)}>${this.t('support.save')}</button></div>
          </form>`
        : html`<p>${this.notActiveText()}</p>`}
      ${this.messageLine()}
      <section aria-labelledby="weeks">
        <h3 id="weeks">${this.t('support.weeks')}</h3>
        ${this.renderChart()}
      </section>
    </div>`;
  }
}
