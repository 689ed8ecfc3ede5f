/**
 * For work started now and awaited later (a pipeline): a failure meanwhile is not reported as an
 * unhandled rejection; it surfaces where the work is awaited. Returns the same promise.
 */
export function settledLater<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}
