import { define } from '../../internal/define.js';
import { CpSync } from './sync.js';

export { CpSync };
define('cp-sync', CpSync);

declare global {
  interface HTMLElementTagNameMap {
    'cp-sync': CpSync;
  }
}
