import { define } from '../../internal/define.js';
import { CpReview } from './review.js';

export { CpReview };
define('cp-review', CpReview);

declare global {
  interface HTMLElementTagNameMap {
    'cp-review': CpReview;
  }
}
