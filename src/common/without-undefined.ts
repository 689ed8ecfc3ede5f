/**
 * The object without its undefined members, keys in the same order (so a canonical order survives).
 * A plain loop: this runs for every event imported or recorded, and building entry arrays to filter
 * them was a visible share of the import's main thread (and of its garbage).
 */
export function withoutUndefined<T extends object>(object: T): T {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    if (value !== undefined) kept[key] = value;
  }
  return kept as T;
}
