import { define } from '../../internal/define.js';
import { CpCaseLifecycle } from './case-lifecycle.js';

export { CpCaseLifecycle };
define('cp-case-lifecycle', CpCaseLifecycle);

declare global {
  interface HTMLElementTagNameMap {
    'cp-case-lifecycle': CpCaseLifecycle;
  }
}
