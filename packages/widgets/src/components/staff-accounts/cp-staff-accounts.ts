import { define } from '../../internal/define.js';
import { CpStaffAccounts } from './staff-accounts.js';

export { CpStaffAccounts };
define('cp-staff-accounts', CpStaffAccounts);

declare global {
  interface HTMLElementTagNameMap {
    'cp-staff-accounts': CpStaffAccounts;
  }
}
