/**
 * Runs the work given to it one after the other, in the order given, each starting when the one
 * before has settled (a connection takes one query at a time; a conversation with a thread must not
 * interleave with another).
 */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const turn = last.then(work);
    last = turn.catch(() => undefined);
    return turn;
  };
}
