import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parseCaseEvent, CaseEventParseError } from '../case/parse-case-events.js';
import type { CaseEvent } from '../schemas/case-event.schema.js';
import type { CaseRecord } from '../metrics/case-record.js';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The CSV columns of an event export; `payload` holds the payload as JSON. */
export const CSV_COLUMNS = ['schemaVersion', 'id', 'caseId', 'seq', 'type', 'at', 'actorId', 'actorRole', 'reason', 'payload'] as const;

/** A row of an export that is not a valid case event: where it is and what is wrong. */
export class ExportRowError extends Error {
  override readonly name = 'ExportRowError';
  constructor(
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`line ${line}${field ? `, field ${field}` : ''}: ${detail}`);
  }
}

export interface ReadExportOptions {
  format: ExportFormat;
  /** Keep going past invalid rows, reporting each through `onInvalid`, instead of stopping at the first. */
  skipInvalid?: boolean;
  onInvalid?: (error: ExportRowError) => void;
  /** Called every 10,000 rows with the number read so far. */
  onProgress?: (rows: number) => void;
}

function toEvent(raw: unknown, line: number): CaseEvent {
  try {
    return parseCaseEvent(raw);
  } catch (error) {
    if (error instanceof CaseEventParseError) {
      const first = error.problems[0]!;
      const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problem(s))` : '';
      throw new ExportRowError(line, first.path, `${first.message}${more}`);
    }
    throw error;
  }
}

function fromCsvRow(row: Record<string, string>, line: number): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload || '{}');
  } catch (error) {
    throw new ExportRowError(line, 'payload', `is not valid JSON (${(error as Error).message})`);
  }
  const seq = Number(row.seq);
  return {
    schemaVersion: row.schemaVersion ? Number(row.schemaVersion) : 1,
    id: row.id,
    caseId: row.caseId,
    seq: row.seq === '' || Number.isNaN(seq) ? row.seq : seq,
    type: row.type,
    at: row.at,
    actor: { id: row.actorId, role: row.actorRole },
    ...(row.reason ? { reason: row.reason } : {}),
    payload,
  };
}

async function* rows(input: Readable, format: ExportFormat): AsyncGenerator<{ raw: unknown; line: number }> {
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { raw: JSON.parse(text) as unknown, line };
      } catch (error) {
        throw new ExportRowError(line, '', `is not valid JSON (${(error as Error).message})`);
      }
    }
    return;
  }
  const parser = input.pipe(parseCsv({ columns: true, info: true, skip_empty_lines: true, bom: true }));
  try {
    for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const line = record.info.lines;
      yield { raw: fromCsvRow(record.record, line), line };
    }
  } catch (error) {
    if (error instanceof ExportRowError) throw error;
    const e = error as Error & { lines?: number };
    throw new ExportRowError(e.lines ?? 0, '', `CSV could not be read: ${e.message}`);
  }
}

/**
 * Reads an event export (NDJSON, one event a line; or CSV with the {@link CSV_COLUMNS}) into
 * cases, validating every row. A bad row is reported with its line number and field.
 */
export async function readEventExport(input: Readable, options: ReadExportOptions): Promise<{ cases: CaseRecord[]; events: number; invalid: number }> {
  const byCase = new Map<string, CaseEvent[]>();
  let events = 0;
  let invalid = 0;
  let count = 0;
  for await (const { raw, line } of rows(input, options.format)) {
    count++;
    if (options.onProgress && count % 10_000 === 0) options.onProgress(count);
    let event: CaseEvent;
    try {
      event = toEvent(raw, line);
    } catch (error) {
      if (!(error instanceof ExportRowError) || !options.skipInvalid) throw error;
      invalid++;
      options.onInvalid?.(error);
      continue;
    }
    events++;
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  const cases: CaseRecord[] = [];
  for (const [caseId, list] of byCase) {
    list.sort((a, b) => a.seq - b.seq);
    const opened = list.find((e) => e.type === 'case.open');
    cases.push({ caseId, providerId: opened?.type === 'case.open' ? opened.payload.providerId : 'unknown', events: list });
  }
  return { cases, events, invalid };
}

/** Writes events as CSV rows (with a header), the inverse of reading a CSV export. */
export function eventsToCsv(events: Iterable<CaseEvent>): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) {
    lines.push(
      [String(e.schemaVersion), e.id, e.caseId, String(e.seq), e.type, e.at, e.actor.id, e.actor.role, e.reason ?? '', JSON.stringify(e.payload)]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
