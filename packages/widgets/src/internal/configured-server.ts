/**
 * The organisation's Casepath server a widget talks to, as a base to put `/api/…` after (no
 * trailing slash): its own `server` attribute ('' for the page's origin), else the page's
 * `<meta name="casepath-server">` (which a Casepath server adds to the pages it serves), else
 * none: nothing leaves the device.
 */
export function configuredServer(attribute: string | null): string | null {
  const server = attribute ?? document.querySelector<HTMLMetaElement>('meta[name="casepath-server"]')?.content ?? null;
  return server === null ? null : server.replace(/\/+$/, '');
}
