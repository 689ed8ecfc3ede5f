import { SingleBar, Presets } from 'cli-progress';
import type { EventStore } from '../ledger/event-store.port';

/**
 * Recomputes every hash of every stream (or of one) and reports the first broken revision of each
 * broken stream. Exit code 0 when everything verifies, 1 otherwise.
 */
export async function verifyCommand(store: EventStore, options: { stream?: string; progress: boolean }): Promise<number> {
  if (options.stream) {
    const result = await store.verifyStream(options.stream);
    if (result.valid) console.log(`✔ ${result.streamId}: ${result.events} events verify; head ${result.headHash ?? '(empty)'}`);
    else console.log(`✘ ${result.streamId}: broken at revision ${result.firstBrokenRevision} (${result.reason})`);
    return result.valid ? 0 : 1;
  }
  const bar = new SingleBar({ format: 'Verifying |{bar}| {percentage}% {value}/{total} events', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
  if (options.progress) bar.start(1, 0);
  const result = await store.verifyAll(({ eventsChecked, eventsTotal }) => {
    if (options.progress) {
      bar.setTotal(Math.max(eventsTotal, eventsChecked, 1));
      bar.update(eventsChecked);
    }
  });
  if (options.progress) bar.stop();
  for (const broken of result.broken) {
    console.log(`✘ ${broken.streamId}: broken at revision ${broken.firstBrokenRevision} (${broken.reason})`);
  }
  console.log(`${result.valid ? '✔' : '✘'} ${result.streams} streams, ${result.events} events checked; ${result.broken.length} broken`);
  return result.valid ? 0 : 1;
}
