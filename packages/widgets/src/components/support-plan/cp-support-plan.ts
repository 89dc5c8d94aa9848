import { define } from '../../internal/define.js';
import { CpSupportPlan } from './support-plan.js';

export { CpSupportPlan };
define('cp-support-plan', CpSupportPlan);

declare global {
  interface HTMLElementTagNameMap {
    'cp-support-plan': CpSupportPlan;
  }
}
