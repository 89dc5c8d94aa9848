/**
 * The organisation's Casepath server a widget talks to: its own `server` attribute ('' for the
 * page's origin), else the page's `<meta name="casepath-server">` (which a Casepath server adds
 * to the pages it serves), else none: nothing leaves the device.
 */
export function configuredServer(attribute: string | null): string | null {
  return attribute ?? document.querySelector<HTMLMetaElement>('meta[name="casepath-server"]')?.content ?? null;
}
