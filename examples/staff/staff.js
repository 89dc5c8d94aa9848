// The staff page's own glue: language, and opening a case from the caseload in the workspace.
// Every widget comes from the single autoloader script tag.
import { pageLanguage, pageWord } from '../site/page-words.js';
import { STAFF_PAGE_WORDS } from './page-words.js';

const lang = pageLanguage(STAFF_PAGE_WORDS);

/** The needs assessment each built-in template asks for. */
const INSTRUMENTS = {
  'euse-supported-employment': 'vocational-profile',
  'sheltered-workshop': 'workshop-participation',
  'social-adaptation': 'social-adaptation-needs',
  'social-reintegration': 'employment-readiness',
  'family-support': 'family-needs',
};
const workspace = document.getElementById('workspace');
const heading = document.getElementById('h-case');

const parts = document.querySelector('.parts');
/** On a phone the list is one line that scrolls sideways: a link is shown whole in it, by moving the line only, never the page under the worker's finger. */
function showInLine(link) {
  const box = parts.getBoundingClientRect();
  const at = link.getBoundingClientRect();
  if (at.left < box.left) parts.scrollLeft -= box.left - at.left;
  else if (at.right > box.right) parts.scrollLeft += at.right - box.right;
}
// The link the keyboard reaches, not left cut at the screen's edge (the browser scrolls only to one wholly out of sight).
parts.addEventListener('focusin', (e) => showInLine(e.target));

// The sticky list of the case's parts takes the top of the screen: what a link or Tab scrolls to
// stops below it, whatever its height (it wraps in longer languages).
let covered = 0;
new ResizeObserver(() => {
  covered = getComputedStyle(parts).position === 'sticky' ? parts.offsetHeight + 8 : 0;
  document.documentElement.style.setProperty('--sticky-parts', `${covered}px`);
}).observe(parts);

// The part at the top of the screen is marked in the list (`aria-current`, and a bar under its
// link), so that on a long page a worker sees where they are; on a phone its link is kept in the
// line's view. It is the last part begun above two fifths of the screen below the list, or at the
// page's end the last one begun on screen (a short last part never reaches that line).
const partLinks = [...parts.querySelectorAll('a')].map((link) => ({ link, part: document.getElementById(link.hash.slice(1)) }));
let marking = 0;
function markPartInView() {
  marking = 0;
  const line = covered + (innerHeight - covered) * 0.4;
  const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
  let here;
  if (!workspace.hidden) {
    for (const p of partLinks) {
      const top = p.part.getBoundingClientRect().top;
      if (top <= line || (atEnd && top < innerHeight)) here = p;
    }
  }
  for (const { link } of partLinks) {
    if (link === here?.link) link.setAttribute('aria-current', 'location');
    else link.removeAttribute('aria-current');
  }
  if (here) showInLine(here.link);
}
const markSoon = () => (marking ||= requestAnimationFrame(markPartInView));
addEventListener('scroll', markSoon, { passive: true });
addEventListener('resize', markSoon);
new ResizeObserver(markSoon).observe(workspace); // a case opened, a part grown or shrunk as it loads

const server = document.querySelector('meta[name="casepath-server"]') !== null; // added by casepath-server
let current = null;
/** Who works here, as `<cp-sync>` last told: an id, null for nobody (or no server), undefined until it has read the device. */
let workerId = server ? undefined : null;
function showCase() {
  for (const el of workspace.querySelectorAll('[organisation]')) el.setAttribute('case-id', current);
}
function openCase(caseId, templateId, label) {
  // Only which case, and for whom: its reference and all else stay in the sealed records.
  localStorage.setItem('staff-case', JSON.stringify({ caseId, worker: workerId ?? null }));
  current = caseId;
  showCase();
  const instrument = INSTRUMENTS[templateId];
  for (const el of workspace.querySelectorAll('cp-needs-assessment, cp-distance-travelled')) {
    if (instrument) el.setAttribute('instrument', instrument);
  }
  document.querySelector('cp-caseload').setAttribute('selected-case', caseId);
  heading.textContent = label;
  workspace.hidden = false;
  noCase.hidden = true;
}

// The occasional parts (team, referrals, closing) are added, and so loaded, when first opened.
const occasional = document.getElementById('p-occasional');
occasional.addEventListener('toggle', () => {
  const template = occasional.querySelector('template');
  if (!occasional.open || !template) return;
  template.replaceWith(template.content.cloneNode(true));
  showCase();
});
// Their link in the parts' list opens them: a worker who follows it comes for them, not for a closed summary.
parts.querySelector('a[href="#p-occasional"]').addEventListener('click', () => (occasional.open = true));

// A case that leaves the device leaves the workspace, and the page says why: erased at the
// person's request (here, by the supervisor in the closing part, or on another device), or no
// longer this worker's (the caseload tells). The focus, if it was in the case, goes to the words.
const noCase = document.getElementById('no-case');
function leaveCase(caseId, why) {
  if (caseId !== current) return;
  localStorage.removeItem('staff-case');
  current = null;
  // After a sign-out, a focus on nothing is the sign-out button's, which <cp-sync> moves on itself.
  const wasInCase = workspace.contains(document.activeElement) || (document.activeElement === document.body && why !== 'signed-out');
  workspace.hidden = true;
  const key = why === 'erased' ? 'caseErased' : why === 'signed-out' ? 'noCase' : 'caseRevoked';
  noCase.textContent = pageWord(STAFF_PAGE_WORDS, lang, key);
  noCase.hidden = false;
  document.querySelector('cp-caseload').removeAttribute('selected-case');
  if (wasInCase) noCase.focus();
}
document.addEventListener('cp-case-erased', (e) => leaveCase(e.detail.caseId, 'erased'));
document.addEventListener('cp-case-gone', (e) => leaveCase(e.detail.caseId, e.detail.reason));
// Signed out, or the session ended: the open case closes with the worker's records (the widgets
// hide what they showed once the records are locked; its reference goes from the heading too).
// Not while the device is with the person: their view stays, and the worker takes it back.
document.addEventListener('cp-worker-change', (e) => {
  workerId = e.detail.worker?.id ?? null;
  if (e.detail.worker === null && current !== null && !document.querySelector('cp-hand-over')) leaveCase(current, 'signed-out');
  if (workerId !== null) void reopenRemembered();
});

// Requests for help: the inbox is added, and so loaded, when first opened.
const requests = document.getElementById('requests');
requests.addEventListener('toggle', () => {
  const template = requests.querySelector('template');
  if (requests.open && template) template.replaceWith(template.content.cloneNode(true));
});
// They are for the provider's coordinators and supervisors, as the centre's results are: a
// worker of another role signed in here does not meet an entry that would only say so.
const LEADS = ['coordinator', 'supervisor'];
const results = document.getElementById('results');
results.querySelector('a').href = `../analyst/?lang=${lang}`;
const showForRole = (worker) => {
  const role = worker?.role;
  requests.hidden = role !== undefined && !LEADS.includes(role);
  results.hidden = !LEADS.includes(role);
};
document.addEventListener('cp-worker-change', (e) => showForRole(e.detail.worker));
// <cp-sync> may have told who works here before this script ran (its code came from the cache
// while this page's own was asked for again): ask it too.
customElements.whenDefined('cp-sync').then(() => {
  const worker = document.querySelector('cp-sync')?.worker;
  if (worker !== undefined) showForRole(worker);
  if (worker !== undefined && workerId === undefined) {
    workerId = worker?.id ?? null;
    void reopenRemembered();
  }
});

document.addEventListener('cp-case-select', (e) => {
  openCase(e.detail.caseId, e.detail.templateId, e.detail.clientRef ?? e.detail.caseId);
  heading.focus();
});

// A new case opened here (the person is at the door) opens in the workspace; the form is ready for
// the next person.
const templateSelect = document.getElementById('new-template');
templateSelect.addEventListener('change', () => document.querySelector('#new-case cp-intake-form').setAttribute('template', templateSelect.value));
document.addEventListener('cp-intake-submitted', (e) => {
  const form = e.target;
  const opened = e.detail.events.find((x) => x.type === 'case.open');
  openCase(e.detail.caseId, opened.payload.templateId, opened.payload.clientRef ?? e.detail.caseId);
  form.replaceWith(form.cloneNode(false));
  heading.focus();
});

// Hand-over mode loads when it is used: the page adds <cp-hand-over> when the worker asks for it,
// or at once when a hand-over is still going on after a reload (then outside <main>, hidden
// until the person's view is up, so the person never sees the caseload).
const HAND_OVER = 'casepath-hand-over:open-doors-demo';
async function handOver(caseId, where) {
  if (document.querySelector('cp-hand-over')) return;
  const main = document.querySelector('main');
  const el = document.createElement('cp-hand-over');
  for (const [k, v] of Object.entries({ organisation: 'open-doors-demo', 'actor-id': 'ewa', 'case-id': caseId })) el.setAttribute(k, v);
  const instrument = document.querySelector('#p-assessment cp-needs-assessment').getAttribute('instrument');
  if (instrument) el.setAttribute('instrument', instrument);
  el.addEventListener('cp-hand-back', () => {
    el.remove();
    document.getElementById('hand-over').focus();
  });
  where.append(el);
  await customElements.whenDefined('cp-hand-over');
  await el.updateComplete;
  main.hidden = false;
  el.shadowRoot.querySelector('input, button')?.focus();
}
document.getElementById('hand-over').addEventListener('click', () => void handOver(current, document.getElementById('p-with-person')));
const handedOver = JSON.parse(sessionStorage.getItem(HAND_OVER) ?? 'null');
if (handedOver) {
  document.querySelector('main').hidden = true;
  void handOver(handedOver.caseId, document.body);
}

// The case open before a reload opens again for the same worker, once the device's records say
// they still hold it: not before (its reference would show on a locked screen, or to the next
// worker at a shared computer), and not when it has gone meanwhile (erased, or no longer theirs).
function remembered() {
  try {
    const known = JSON.parse(localStorage.getItem('staff-case') ?? 'null');
    if (typeof known?.caseId === 'string' && (typeof known.worker === 'string' || known.worker === null)) return known;
  } catch {
    // not the page's own: forgotten below
  }
  localStorage.removeItem('staff-case');
  return null;
}
async function reopenRemembered() {
  const known = remembered();
  if (known === null || current !== null || workerId === undefined) return;
  const forWorker = workerId;
  if (known.worker !== forWorker) {
    localStorage.removeItem('staff-case'); // someone else's: not opened, not kept for them
    return;
  }
  await customElements.whenDefined('cp-caseload');
  const summary = (await document.querySelector('cp-caseload').store.caseSummaries()).find((s) => s.caseId === known.caseId);
  if (current !== null || workerId !== forWorker || remembered()?.caseId !== known.caseId) return; // moved on meanwhile
  if (summary) openCase(summary.caseId, summary.templateId, summary.clientRef ?? summary.caseId);
  else localStorage.removeItem('staff-case');
}
if (!server) void reopenRemembered();

// Served by a Casepath server (`pnpm start`), cases come from it once a worker signs in, and the
// caseload puts the signed-in worker's cases first. Served as plain files, synthetic cases are
// written once into this browser's IndexedDB.
if (!server) {
  const { seedDemo } = await import('/packages/widgets/cdn/casepath-demo-data.js');
  const population = await seedDemo('open-doors-demo');
  document.querySelector('cp-caseload').setAttribute('today', population.cutoff.slice(0, 10));
  document.querySelector('cp-caseload').setAttribute('actor-id', 'provider-01-coordinator-1');
}
