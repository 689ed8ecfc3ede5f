/** A wait that ends after `ms`, or as soon as `end()` is called (an append hint, a stop). */
export function interruptibleDelay(ms: number): { done: Promise<void>; end: () => void } {
  let end: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      resolve();
    }
    end = finish;
  });
  return { done, end };
}
