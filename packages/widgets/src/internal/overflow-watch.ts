import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A table that may be wider than its place (a phone), drawn by {@link OverflowWatch.render}: it
 * scrolls in its own box (styles in theme/scrolling-table.ts), the page does not. While it does
 * not fit, a line above it says so, and the box takes the focus as a region with a name of its own
 * (not the heading's: a host page's section often bears that), so the keyboard's arrows scroll it.
 *
 * @remarks
 * The table is watched, not the box: it is as wide as the box while it fits and wider when it does
 * not, so whether it fits changes only with the table's own width (new rows, another language, a
 * narrower window). It is measured at the next frame, not while sizes are delivered: the line the
 * component draws or takes away moves the page (a scroll bar comes or goes), and a size changed
 * while sizes are delivered is an error ("ResizeObserver loop completed with undelivered
 * notifications").
 */
export class OverflowWatch implements ReactiveController {
  /** The table does not fit in its box. */
  overflowing = false;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #observer = new ResizeObserver(() => {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#measure());
  });
  #box: Element | null = null;
  #frame = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * The table in its box, after the line that says it scrolls while it does not fit. `name` names
   * the region; `cue` is the line, in the page's language.
   */
  render(table: TemplateResult, { name, cue }: { name: string; cue: string }): TemplateResult {
    const over = this.overflowing;
    return html`${over ? html`<p class="scroll-cue" aria-hidden="true">${cue}</p>` : nothing}<div
        class="table-scroll"
        role=${over ? 'region' : nothing}
        tabindex=${over ? '0' : nothing}
        aria-label=${over ? name : nothing}
      >
        ${table}
      </div>`;
  }

  hostConnected(): void {
    this.#watch();
  }

  hostUpdated(): void {
    this.#watch();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
    cancelAnimationFrame(this.#frame);
    this.#box = null;
  }

  /** Watches the box drawn now (a table drawn anew, as after "nothing matches", is another). */
  #watch(): void {
    const box = this.#host.shadowRoot?.querySelector('.table-scroll') ?? null;
    if (box === this.#box) return;
    this.#observer.disconnect();
    this.#box = box;
    if (box?.firstElementChild) this.#observer.observe(box.firstElementChild);
    // No table drawn: nothing to say, and no update asked for from within one.
    else this.overflowing = false;
  }

  #measure(): void {
    const box = this.#box;
    this.#set(!!box && box.scrollWidth > box.clientWidth + 1);
  }

  #set(overflowing: boolean): void {
    if (overflowing === this.overflowing) return;
    this.overflowing = overflowing;
    this.#host.requestUpdate();
  }
}
