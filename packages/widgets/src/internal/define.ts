/**
 * Registers a custom element once. A second registration of the same tag (two script tags, or
 * the npm build and the CDN bundle on one page) is ignored instead of throwing.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
