import { define } from '../../internal/define.js';
import { CpHandOver } from './hand-over.js';

export { CpHandOver };
define('cp-hand-over', CpHandOver);

declare global {
  interface HTMLElementTagNameMap {
    'cp-hand-over': CpHandOver;
  }
}
