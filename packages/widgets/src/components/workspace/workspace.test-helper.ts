import { fixture } from '@open-wc/testing';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { builtInTemplates, type PlanTemplate } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../../storage/memory-case-store.js';
import type { CaseElement } from '../../internal/case-element.js';
import type { CasepathElement } from '../../internal/casepath-element.js';

export const euse = builtInTemplates['euse-supported-employment'];

/** A case of `template` opened on 2026-01-05 with the service consent, then what `build` adds. */
export function history(template: PlanTemplate = euse, build: (b: CaseHistoryBuilder) => CaseHistoryBuilder = (b) => b) {
  const b = new CaseHistoryBuilder('c1', '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: template.id, templateVersion: template.version, providerId: 'p' })
    .add('consent.grant', { purpose: 'service' })
    .add('worker.assign', { workerId: 'ewa', role: 'job-coach' });
  return build(b).build();
}

/** Mounts a workspace widget on a memory store holding `events`, as Ewa the job coach, on 2026-03-02. */
export async function mountWorkspace<T extends CasepathElement>(tag: string, events = history(), attrs: { role?: string; lang?: string } = {}) {
  const store = new MemoryCaseStore();
  await store.importEvents(events);
  const t = unsafeStatic(tag);
  const el = await fixture<T>(
    staticHtml`<${t} case-id="c1" actor-id="ewa" actor-role=${attrs.role ?? 'job-coach'} today="2026-03-02" lang=${attrs.lang ?? 'en'} .store=${store} .people=${{ ewa: 'Ewa Nowak' }}></${t}>`,
  );
  await el.updateComplete;
  return { el, store };
}

export const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => {
  const found = el.shadowRoot!.querySelector<T>(sel);
  if (!found) throw new Error(`no ${sel} in <${el.localName}>`);
  return found;
};
export const $$ = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];

/** Types into a field as a person would (the value, then an input event). */
export function type(el: Element, sel: string, value: string): void {
  const input = $<HTMLInputElement>(el, sel);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Submits the form the selector is in, by its submit button, and waits for the record and the re-read. */
export async function submit(el: CaseElement, sel: string): Promise<void> {
  $<HTMLElement>(el, sel).closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await settle(el);
}

/** Clicks a button found by its visible text, and waits. */
export async function press(el: CaseElement, text: string | RegExp): Promise<void> {
  const button = $$<HTMLButtonElement>(el, 'button').find((b) => (typeof text === 'string' ? b.textContent.trim() === text : text.test(b.textContent)));
  if (!button) throw new Error(`no button "${text}" in <${el.localName}>: ${$$(el, 'button').map((b) => b.textContent.trim()).join(' | ')}`);
  button.click();
  await settle(el);
}

/** Waits for the change to be written and the case read again (`updateComplete` includes both). */
export async function settle(el: CaseElement): Promise<void> {
  await el.updateComplete;
}

export function message(el: Element): string {
  return $(el, '[role="status"].message').textContent.trim();
}
