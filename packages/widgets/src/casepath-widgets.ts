/** Registers every Casepath widget. For pages that use several; otherwise import the `cp-*.js` you need. */
import './components/caseload/cp-caseload.js';
import './components/consent/cp-consent.js';
import './components/distance-travelled/cp-distance-travelled.js';
import './components/intake-form/cp-intake-form.js';
import './components/needs-assessment/cp-needs-assessment.js';
import './components/retention-chart/cp-retention-chart.js';
import './components/support-plan/cp-support-plan.js';
import './components/sync/cp-sync.js';
