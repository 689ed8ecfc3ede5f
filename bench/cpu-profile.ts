import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `work` under V8's CPU profiler when `directory` is given (BENCH_PROFILE), and writes the
 * profile there as `<name>.cpuprofile` (open it in Chrome's DevTools): a profile of one phase of a
 * benchmark, without the setup around it.
 */
export async function profiled<T>(directory: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (!directory) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
