import { define } from '../../internal/define.js';
import { CpTeam } from './team.js';

export { CpTeam };
define('cp-team', CpTeam);

declare global {
  interface HTMLElementTagNameMap {
    'cp-team': CpTeam;
  }
}
