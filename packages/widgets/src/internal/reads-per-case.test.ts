import { expect, fixture, html } from '@open-wc/testing';
import type { CaseEvent } from '@casepath/core';
import { CaseHistoryBuilder } from '@casepath/core/testing';
import { MemoryCaseStore } from '../storage/memory-case-store.js';
import { untilShown } from './until-shown.test-support.js';
import '../components/consent/cp-consent.js';
import '../components/needs-assessment/cp-needs-assessment.js';
import '../components/access-log/cp-access-log.js';
import '../components/distance-travelled/cp-distance-travelled.js';

/** Jonas said yes to health data being recorded; Maria did not. */
const history = (caseId: string, ref: string, health: boolean): CaseEvent[] => {
  const b = new CaseHistoryBuilder(caseId, '2026-01-05T09:00:00Z')
    .add('case.open', { templateId: 'euse-supported-employment', templateVersion: 1, providerId: 'p', clientRef: ref })
    .add('consent.grant', { purpose: 'service' });
  if (health) b.add('consent.grant', { purpose: 'health-data' });
  // Each answered the questionnaire once: Jonas's scores are high, Maria's low.
  const score = health ? 3 : 1;
  b.add('assessment.record', { assessmentId: `a-${caseId}`, instrumentId: 'employment-readiness', respondent: 'self', scores: { motivation: score, routines: score, limitations: score, 'social-ties': score } });
  return b.build();
};

/** A store whose reads of one case wait until the test lets them go, as a slow device's would. */
class SlowReads extends MemoryCaseStore {
  private held = new Map<string, Promise<void>>();
  private go = new Map<string, () => void>();
  holdReadsOf(caseId: string): void {
    this.held.set(caseId, new Promise((resolve) => this.go.set(caseId, resolve)));
  }
  letGo(caseId: string): void {
    this.held.delete(caseId);
    this.go.get(caseId)!();
  }
  override async events(caseId: string): Promise<CaseEvent[]> {
    const events = await super.events(caseId); // read now: what was stored when it was asked
    await this.held.get(caseId);
    return events;
  }
}

type Widget = HTMLElement & { updateComplete: Promise<boolean> };
const shown = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ');
/** The next task: what a read that came back does after it (its promises' reactions) is done by then. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve));
/** Lets Jonas's held reads go after the widget showed Maria, and waits until it did with them what it does. */
async function lateReadOfJonas(store: SlowReads, el: Widget): Promise<void> {
  store.letGo('jonas');
  await nextTask();
  await el.updateComplete;
}

describe('what a read of one case says, landing after the page opened another', () => {
  let store: SlowReads;
  beforeEach(async () => {
    store = new SlowReads();
    await store.importEvents([...history('jonas', 'OD-1', true), ...history('maria', 'OD-2', false)]);
  });

  it('never shows one person’s consents under another’s', async () => {
    const fresh = await fixture<Widget>(html`<cp-consent case-id="maria" .store=${store}></cp-consent>`);
    const jonas = await fixture<Widget>(html`<cp-consent case-id="jonas" .store=${store}></cp-consent>`);
    await fresh.updateComplete;
    await jonas.updateComplete;
    expect(shown(jonas), 'Jonas’s consents are not Maria’s').not.to.equal(shown(fresh));
    store.holdReadsOf('jonas');
    const consent = await fixture<Widget>(html`<cp-consent .store=${store}></cp-consent>`);
    consent.setAttribute('case-id', 'jonas');
    await nextTask(); // Jonas's read has started
    consent.setAttribute('case-id', 'maria');
    await untilShown(consent, () => shown(consent) === shown(fresh), 'Maria’s consents');
    await lateReadOfJonas(store, consent);
    expect(shown(consent)).to.equal(shown(fresh));
  });

  it('never asks Maria the health questions Jonas consented to', async () => {
    const form = (caseId: string) => html`<cp-needs-assessment case-id=${caseId} instrument="employment-readiness" respondent="staff" .store=${store}></cp-needs-assessment>`;
    const items = (el: Element) => el.shadowRoot!.querySelectorAll('fieldset.item').length;
    const maria = await fixture<Widget>(form('maria'));
    const jonas = await fixture<Widget>(form('jonas'));
    await maria.updateComplete;
    await jonas.updateComplete;
    expect(items(jonas), 'Jonas is asked more (health) questions').to.be.above(items(maria));

    store.holdReadsOf('jonas');
    const moved = await fixture<Widget>(form('maria'));
    await moved.updateComplete;
    moved.setAttribute('case-id', 'jonas');
    await nextTask(); // Jonas's read has started
    moved.setAttribute('case-id', 'maria');
    await nextTask(); // Maria's read started (updateComplete asked before would wait for Jonas's, still held)
    await moved.updateComplete; // Maria's read, and her questions, done before Jonas's comes back
    expect(items(moved)).to.equal(items(maria));
    await lateReadOfJonas(store, moved);
    expect(items(moved), 'only the questions Maria consented to').to.equal(items(maria));
  });

  it('never lists who read one person’s case under another’s, whichever answer comes last', async () => {
    const realFetch = window.fetch;
    let answerJonas: () => void = () => undefined;
    window.fetch = ((input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : input.toString();
      const jonas = url.includes('caseId=jonas');
      const body = { entries: [{ at: '2026-03-02T09:15:00.000Z', workerId: jonas ? 'jonas-reader' : 'maria-reader', action: 'case.read' }] };
      // Read without a stream, so that all it does once answered is done by the next task.
      const answer = { ok: true, status: 200, json: () => Promise.resolve(body) } as Response;
      return jonas ? new Promise<Response>((resolve) => (answerJonas = () => resolve(answer))) : Promise.resolve(answer);
    });
    try {
      const log = await fixture<Widget>(html`<cp-access-log server="" .store=${store}></cp-access-log>`);
      log.setAttribute('case-id', 'jonas');
      await nextTask(); // Jonas's is asked
      log.setAttribute('case-id', 'maria');
      await untilShown(log, () => shown(log).includes('maria-reader'), 'who read Maria’s case');
      answerJonas();
      await nextTask();
      await log.updateComplete;
      expect(shown(log)).to.contain('maria-reader');
      expect(shown(log)).not.to.contain('jonas-reader');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('never draws one person’s distance travelled under another’s', async () => {
    const chart = (caseId: string) => html`<cp-distance-travelled case-id=${caseId} instrument="employment-readiness" .store=${store}></cp-distance-travelled>`;
    const maria = await fixture<Widget>(chart('maria'));
    const jonas = await fixture<Widget>(chart('jonas'));
    await maria.updateComplete;
    await jonas.updateComplete;
    expect(shown(jonas), 'Jonas’s scores are not Maria’s').not.to.equal(shown(maria));
    store.holdReadsOf('jonas');
    const moved = await fixture<Widget>(html`<cp-distance-travelled instrument="employment-readiness" .store=${store}></cp-distance-travelled>`);
    moved.setAttribute('case-id', 'jonas');
    await nextTask(); // Jonas's read has started
    moved.setAttribute('case-id', 'maria');
    await untilShown(moved, () => shown(moved) === shown(maria), 'Maria’s scores');
    await lateReadOfJonas(store, moved);
    expect(shown(moved)).to.equal(shown(maria));
  });
});
