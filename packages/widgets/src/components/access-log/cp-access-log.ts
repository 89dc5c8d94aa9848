import { define } from '../../internal/define.js';
import { CpAccessLog } from './access-log.js';

export { CpAccessLog };
define('cp-access-log', CpAccessLog);

declare global {
  interface HTMLElementTagNameMap {
    'cp-access-log': CpAccessLog;
  }
}
