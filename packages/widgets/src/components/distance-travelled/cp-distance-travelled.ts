import { define } from '../../internal/define.js';
import { CpDistanceTravelled } from './distance-travelled.js';

export { CpDistanceTravelled };
define('cp-distance-travelled', CpDistanceTravelled);

declare global {
  interface HTMLElementTagNameMap {
    'cp-distance-travelled': CpDistanceTravelled;
  }
}
