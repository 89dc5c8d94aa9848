import { define } from '../../internal/define.js';
import { CpNeedsAssessment } from './needs-assessment.js';

export { CpNeedsAssessment };
define('cp-needs-assessment', CpNeedsAssessment);

declare global {
  interface HTMLElementTagNameMap {
    'cp-needs-assessment': CpNeedsAssessment;
  }
}
