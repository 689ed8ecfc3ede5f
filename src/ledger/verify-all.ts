import type { StoreVerification, StreamVerification, VerifyProgress } from './event-store.port';

/** Gathers per-stream verifications into the store's verdict, reporting progress; shared by the adapters. */
export async function summariseVerifications(
  verifications: AsyncIterable<StreamVerification> | Iterable<StreamVerification>,
  eventsTotal: number,
  onProgress?: (progress: VerifyProgress) => void,
): Promise<StoreVerification> {
  const outcome: StoreVerification = { valid: true, streams: 0, events: 0, broken: [] };
  for await (const result of verifications) {
    outcome.streams += 1;
    outcome.events += result.events;
    if (!result.valid) {
      outcome.valid = false;
      outcome.broken.push({ streamId: result.streamId, firstBrokenRevision: result.firstBrokenRevision!, reason: result.reason! });
    }
    onProgress?.({ eventsChecked: outcome.events, eventsTotal });
  }
  return outcome;
}
