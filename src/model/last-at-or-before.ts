// Binary search over ascending positions: the last one at or before a value. Line indexes and
// line maps look up offsets and lines this way.

/** Index of the last of `count` ascending values (`at(i)`) that is <= `value`; 0 when none is. */
export function lastAtOrBefore(
  count: number,
  at: (index: number) => number,
  value: number,
): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (at(mid) <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
