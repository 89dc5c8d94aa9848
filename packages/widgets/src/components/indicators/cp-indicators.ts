import { define } from '../../internal/define.js';
import { CpIndicators } from './indicators.js';

export { CpIndicators };
define('cp-indicators', CpIndicators);

declare global {
  interface HTMLElementTagNameMap {
    'cp-indicators': CpIndicators;
  }
}
