/*
 * The names the ledger writes under in KurrentDB. A ledger stream `child-42` is kept as
 * `ledger.child-42`, so that one prefix filter on `$all` gives exactly the ledger's events, in a
 * database a partnership may share with other systems. Two kinds of bookkeeping streams sit beside
 * them, with prefixes the filter leaves out:
 * - `ledger-id.<event id>`: one marker per event id, written with "no stream" in the same atomic
 *   write as the event, so that KurrentDB itself refuses a second use of an id (ADR 0017);
 * - `ledger-sealed.<stream id>`: written with an event recorded sealed or a `SensitivityChanged`,
 *   so that "may some of this stream be hidden?" is one small read.
 */

export const LEDGER_STREAM_PREFIX = 'ledger.';
const EVENT_ID_PREFIX = 'ledger-id.';
const SEALING_MARK_PREFIX = 'ledger-sealed.';

export function kurrentStreamOf(streamId: string): string {
  return LEDGER_STREAM_PREFIX + streamId;
}

export function ledgerStreamOf(kurrentStream: string): string {
  if (!kurrentStream.startsWith(LEDGER_STREAM_PREFIX)) throw new Error(`Not a ledger stream: ${kurrentStream.slice(0, 80)}`);
  return kurrentStream.slice(LEDGER_STREAM_PREFIX.length);
}

export function eventIdMarkerStream(eventId: string): string {
  return EVENT_ID_PREFIX + eventId;
}

export function isEventIdMarkerStream(kurrentStream: string | undefined): boolean {
  return kurrentStream?.startsWith(EVENT_ID_PREFIX) ?? false;
}

export function sealingMarkStream(streamId: string): string {
  return SEALING_MARK_PREFIX + streamId;
}
