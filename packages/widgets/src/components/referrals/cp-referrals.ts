import { define } from '../../internal/define.js';
import { CpReferrals } from './referrals.js';

export { CpReferrals };
define('cp-referrals', CpReferrals);

declare global {
  interface HTMLElementTagNameMap {
    'cp-referrals': CpReferrals;
  }
}
