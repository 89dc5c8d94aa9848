import { define } from '../../internal/define.js';
import { CpIntakeForm } from './intake-form.js';

export { CpIntakeForm };
define('cp-intake-form', CpIntakeForm);

declare global {
  interface HTMLElementTagNameMap {
    'cp-intake-form': CpIntakeForm;
  }
}
