import { define } from '../../internal/define.js';
import { CpSupportLog } from './support-log.js';

export { CpSupportLog };
define('cp-support-log', CpSupportLog);

declare global {
  interface HTMLElementTagNameMap {
    'cp-support-log': CpSupportLog;
  }
}
