import { define } from '../../internal/define.js';
import { CpGoals } from './goals.js';

export { CpGoals };
define('cp-goals', CpGoals);

declare global {
  interface HTMLElementTagNameMap {
    'cp-goals': CpGoals;
  }
}
