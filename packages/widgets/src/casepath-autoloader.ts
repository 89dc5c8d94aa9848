/**
 * One script tag makes every `cp-*` tag on the page work: this module watches the page and
 * loads each component the first time its tag appears (as shoelace's autoloader does).
 *
 *   <script type="module" src="https://…/cdn/casepath-autoloader.js"></script>
 */
const loaders: Record<string, () => Promise<unknown>> = {
  'cp-intake-form': () => import('./components/intake-form/cp-intake-form.js'),
  'cp-needs-assessment': () => import('./components/needs-assessment/cp-needs-assessment.js'),
  'cp-support-plan': () => import('./components/support-plan/cp-support-plan.js'),
  'cp-distance-travelled': () => import('./components/distance-travelled/cp-distance-travelled.js'),
  'cp-retention-chart': () => import('./components/retention-chart/cp-retention-chart.js'),
  'cp-caseload': () => import('./components/caseload/cp-caseload.js'),
  'cp-sync': () => import('./components/sync/cp-sync.js'),
  'cp-consent': () => import('./components/consent/cp-consent.js'),
  'cp-goals': () => import('./components/goals/cp-goals.js'),
  'cp-support-log': () => import('./components/support-log/cp-support-log.js'),
  'cp-employment': () => import('./components/employment/cp-employment.js'),
  'cp-review': () => import('./components/review/cp-review.js'),
  'cp-case-lifecycle': () => import('./components/case-lifecycle/cp-case-lifecycle.js'),
  'cp-referrals': () => import('./components/referrals/cp-referrals.js'),
  'cp-team': () => import('./components/team/cp-team.js'),
  'cp-hand-over': () => import('./components/hand-over/cp-hand-over.js'),
  'cp-first-contact': () => import('./components/first-contact/cp-first-contact.js'),
  'cp-intake-inbox': () => import('./components/intake-inbox/cp-intake-inbox.js'),
  'cp-staff-accounts': () => import('./components/staff-accounts/cp-staff-accounts.js'),
  'cp-indicators': () => import('./components/indicators/cp-indicators.js'),
  'cp-access-log': () => import('./components/access-log/cp-access-log.js'),
};

const requested = new Set<string>();

/** Loads the components used under `root` (the document, or a shadow root). */
export async function discover(root: Document | ShadowRoot | Element = document): Promise<void> {
  const tags = new Set<string>();
  if (root instanceof Element && root.localName.startsWith('cp-')) tags.add(root.localName);
  for (const el of root.querySelectorAll(':not(:defined)')) if (el.localName.startsWith('cp-')) tags.add(el.localName);
  await Promise.all(
    [...tags].map(async (tag) => {
      const load = loaders[tag];
      if (!load || requested.has(tag) || customElements.get(tag)) return;
      requested.add(tag);
      try {
        await load();
      } catch (error) {
        requested.delete(tag);
        console.error(`Casepath could not load <${tag}>`, error);
      }
    }),
  );
}

if (typeof document !== 'undefined') {
  new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) void discover(node);
  }).observe(document.documentElement, { subtree: true, childList: true });
  void discover(document);
}
