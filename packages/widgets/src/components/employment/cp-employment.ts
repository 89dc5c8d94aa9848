import { define } from '../../internal/define.js';
import { CpEmployment } from './employment.js';

export { CpEmployment };
define('cp-employment', CpEmployment);

declare global {
  interface HTMLElementTagNameMap {
    'cp-employment': CpEmployment;
  }
}
