// The reference for the first-render benchmark: a one-line custom element under the same tag.
customElements.define('cp-intake-form', class extends HTMLElement { connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<h2>First contact</h2>'; } });
