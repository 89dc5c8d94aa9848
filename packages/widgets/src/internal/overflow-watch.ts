import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells a component whether a table is wider than the box it scrolls in (a phone): the component
 * then says that it scrolls sideways and lets the keyboard reach the box. `selector` finds the box
 * in the component's shadow root; its first child is the table.
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
  readonly #selector: string;
  readonly #observer = new ResizeObserver(() => {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.#measure());
  });
  #box: Element | null = null;
  #frame = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, selector: string) {
    this.#host = host;
    this.#selector = selector;
    host.addController(this);
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
    const box = this.#host.shadowRoot?.querySelector(this.#selector) ?? null;
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
