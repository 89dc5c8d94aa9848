// The page's own glue: language, easy-read, and walking from intake to assessment to the plan.
// The widgets themselves come from the single autoloader script tag.
import { pageLanguage, SITE_PROVIDERS, SITE_WORDS } from './page-words.js';

const lang = pageLanguage(SITE_WORDS);

const easy = document.getElementById('easy-read');
easy.checked = localStorage.getItem('demo-easy') === '1';
const applyEasy = () => document.querySelectorAll('cp-intake-form, cp-needs-assessment, cp-consent').forEach((el) => el.toggleAttribute('easy-read', easy.checked));
easy.addEventListener('change', () => {
  localStorage.setItem('demo-easy', easy.checked ? '1' : '0');
  applyEasy();
});
applyEasy();

const steps = { assessment: document.getElementById('step-assessment'), plan: document.getElementById('step-plan') };
function showCase(caseId) {
  localStorage.setItem('demo-case', caseId);
  for (const el of document.querySelectorAll('cp-needs-assessment, cp-support-plan, cp-distance-travelled, cp-consent')) el.setAttribute('case-id', caseId);
  steps.assessment.hidden = false;
  steps.plan.hidden = false;
}

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
