import { define } from '../../internal/define.js';
import { CpRetentionChart } from './retention-chart.js';

export { CpRetentionChart };
define('cp-retention-chart', CpRetentionChart);

declare global {
  interface HTMLElementTagNameMap {
    'cp-retention-chart': CpRetentionChart;
  }
}
