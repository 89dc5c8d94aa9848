import { html, nothing } from 'lit';

/**
 * The account a password form is for, as a hidden field: a form that asks only a password (the
 * unlock, the password change, the hand-over's take-back) otherwise leaves the browser's password
 * manager to guess whose password to fill, or which saved one a new password replaces. Nothing
 * when the account is not known (a server that does not say it).
 */
export function accountField(email: string | null | undefined) {
  return email ? html`<input class="account" type="email" name="username" autocomplete="username" .value=${email} readonly hidden />` : nothing;
}
