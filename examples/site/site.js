// The page's own glue: language, easy-read, and walking from intake to assessment to the plan.
// The widgets themselves come from the single autoloader script tag.
import { pageLanguage, pageWord, SITE_PROVIDERS, SITE_WORDS } from './page-words.js';

const lang = pageLanguage(SITE_WORDS);

const easy = document.getElementById('easy-read');
easy.checked = localStorage.getItem('demo-easy') === '1';
const applyEasy = () => document.querySelectorAll('cp-intake-form, cp-needs-assessment, cp-consent').forEach((el) => el.toggleAttribute('easy-read', easy.checked));
easy.addEventListener('change', () => {
  localStorage.setItem('demo-easy', easy.checked ? '1' : '0');
  applyEasy();
});
applyEasy();

/** The widgets that show the person's case, once it is open. */
const CASE_WIDGETS = 'cp-needs-assessment, cp-support-plan, cp-distance-travelled, cp-consent';
const steps = { assessment: document.getElementById('step-assessment'), plan: document.getElementById('step-plan'), leave: document.getElementById('step-leave') };
const forgotten = document.getElementById('forgotten');
let current = null;
function showCase(caseId) {
  localStorage.setItem('demo-case', caseId);
  current = caseId;
  for (const el of document.querySelectorAll(CASE_WIDGETS)) el.setAttribute('case-id', caseId);
  steps.assessment.hidden = false;
  steps.plan.hidden = false;
  forgotten.hidden = true;
  showLeave();
}

// On a computer others use too, the person removes what they filled in here: the case, its
// answers and drafts go from this browser's database (the store's erasure), the page forgets
// which case it showed, and the intake is emptied for the next person. Only while nobody of the
// team is signed in on this page: then nothing of the case has left this device, and a worker
// erases a case on the staff page, on the server first.
let worker; // undefined until <cp-sync> has read the device, null for nobody
const leave = {
  ask: document.getElementById('forget'),
  confirm: document.getElementById('forget-confirm'),
  question: document.getElementById('forget-question'),
  yes: document.getElementById('forget-yes'),
  no: document.getElementById('forget-no'),
  problem: document.getElementById('forget-problem'),
};
function showLeave() {
  steps.leave.hidden = current === null || (worker !== undefined && worker !== null);
  leave.confirm.hidden = true;
  leave.ask.hidden = false;
  leave.problem.textContent = '';
}
document.addEventListener('cp-worker-change', (e) => {
  worker = e.detail.worker;
  showLeave();
});
customElements.whenDefined('cp-sync').then(() => {
  const told = document.querySelector('cp-sync')?.worker;
  if (told !== undefined && worker === undefined) {
    worker = told;
    showLeave();
  }
});
leave.ask.addEventListener('click', () => {
  leave.ask.hidden = true;
  leave.confirm.hidden = false;
  leave.problem.textContent = '';
  leave.question.focus();
});
leave.no.addEventListener('click', () => {
  showLeave();
  leave.ask.focus();
});
const caseStore = customElements.whenDefined('cp-consent').then(() => document.querySelector('cp-consent').store);
let removing = false;
leave.yes.addEventListener('click', async () => {
  const caseId = current;
  if (removing || caseId === null) return;
  removing = true;
  leave.yes.disabled = leave.no.disabled = true;
  try {
    const store = await caseStore;
    await store.eraseCase(caseId); // tells every widget and tab showing it (a change with `gone`)
    await document.querySelector('cp-intake-form').reset();
    caseLeft(caseId, 'erased');
    forgotten.focus();
  } catch {
    leave.problem.textContent = pageWord(SITE_WORDS, lang, 'forgetFailed');
    leave.yes.focus();
  } finally {
    removing = false;
    leave.yes.disabled = leave.no.disabled = false;
  }
});
/**
 * The case left this browser (removed here or in another tab, or erased by the team): the page
 * shows it no more, and says it was removed.
 */
function caseLeft(caseId, why) {
  if (caseId !== current) return;
  localStorage.removeItem('demo-case');
  current = null;
  for (const el of document.querySelectorAll(CASE_WIDGETS)) el.removeAttribute('case-id');
  steps.assessment.hidden = true;
  steps.plan.hidden = true;
  showLeave();
  forgotten.hidden = why !== 'erased';
}
caseStore.then((store) => store.subscribe((change) => change.gone && caseLeft(change.caseId, change.gone)));

document.addEventListener('cp-intake-submitted', (e) => {
  showCase(e.detail.caseId);
  steps.assessment.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
});
document.addEventListener('cp-assessment-saved', () => steps.plan.scrollIntoView());

const known = localStorage.getItem('demo-case');
if (known) showCase(known);

// The retention chart shows the synthetic population either way (a public page has no staff
// signed in). Served by a Casepath server (`pnpm start`), the caseload's cases come from it once a
// worker signs in; served as plain files, synthetic cases are written once into this browser's
// IndexedDB for it.
const server = document.querySelector('meta[name="casepath-server"]') !== null; // added by casepath-server
const { seedDemo, demoPopulation } = await import('/packages/widgets/cdn/casepath-demo-data.js');
const population = server ? demoPopulation() : await seedDemo('open-doors-demo');
const chart = document.querySelector('cp-retention-chart');
await customElements.whenDefined('cp-retention-chart');
chart.providers = SITE_PROVIDERS[lang] ?? SITE_PROVIDERS.en;
chart.cases = population.cases;
if (!server) document.querySelector('cp-caseload').setAttribute('today', population.cutoff.slice(0, 10));
else document.querySelector('cp-caseload').removeAttribute('worker'); // the signed-in worker's cases
