/** Registers every Casepath widget. For pages that use several; otherwise import the `cp-*.js` you need. */
import './components/caseload/cp-caseload.js';
import './components/consent/cp-consent.js';
import './components/distance-travelled/cp-distance-travelled.js';
import './components/intake-form/cp-intake-form.js';
import './components/needs-assessment/cp-needs-assessment.js';
import './components/retention-chart/cp-retention-chart.js';
import './components/support-plan/cp-support-plan.js';
import './components/sync/cp-sync.js';
import './components/goals/cp-goals.js';
import './components/support-log/cp-support-log.js';
import './components/employment/cp-employment.js';
import './components/review/cp-review.js';
import './components/case-lifecycle/cp-case-lifecycle.js';
import './components/referrals/cp-referrals.js';
import './components/team/cp-team.js';
import './components/hand-over/cp-hand-over.js';
