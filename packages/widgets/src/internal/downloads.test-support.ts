/** A file the page downloaded, caught instead of saved: its name and what it holds. */
export interface CaughtFile {
  name: string;
  blob: Blob;
}

export interface CaughtDownloads {
  /** The files downloaded since {@link catchDownloads}, in order. */
  readonly files: CaughtFile[];
  /** Resolves with the next file downloaded. */
  next(): Promise<CaughtFile>;
  /** Puts back the browser's own downloading. */
  release(): void;
}

/**
 * For tests: catches the files the page downloads as `saveFile` does (a link to an object URL,
 * clicked), each with its own blob, until `release()`. A download whose blob the page did not
 * make here is caught with an empty one.
 */
export function catchDownloads(): CaughtDownloads {
  const realCreate = URL.createObjectURL;
  const realClick = HTMLAnchorElement.prototype.click;
  const blobs = new Map<string, Blob>();
  const files: CaughtFile[] = [];
  let waiting: ((file: CaughtFile) => void)[] = [];
  URL.createObjectURL = (made: Blob | MediaSource) => {
    const url = `blob:casepath-test/${blobs.size}`;
    blobs.set(url, made as Blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    const file = { name: this.download, blob: blobs.get(this.href) ?? new Blob([]) };
    files.push(file);
    const told = waiting;
    waiting = [];
    for (const resolve of told) resolve(file);
  };
  return {
    files,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    release() {
      URL.createObjectURL = realCreate;
      HTMLAnchorElement.prototype.click = realClick;
    },
  };
}
