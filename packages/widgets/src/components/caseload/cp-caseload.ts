import { define } from '../../internal/define.js';
import { CpCaseload } from './caseload.js';

export { CpCaseload };
define('cp-caseload', CpCaseload);

declare global {
  interface HTMLElementTagNameMap {
    'cp-caseload': CpCaseload;
  }
}
