/**
 * Records count offsets in Unicode code points (what Python's str indexes), while JavaScript strings count
 * UTF-16 code units. Text without astral characters needs no conversion, which is the common case.
 */
export type ToCodePoint = (utf16Index: number) => number;

/**
 * The low surrogate of a pair: a low surrogate with a high one before it (code units: no u flag). The low one
 * is matched first and the pair checked behind it, so the scan tests one class per code unit.
 */
const PAIR_LOW = /[\udc00-\udfff](?<=[\ud800-\udbff][\udc00-\udfff])/g;

/**
 * A code unit index → code point index map for one text: the index minus the number of surrogate pairs that
 * end before it. Only the pairs' positions are kept (4 bytes per astral character, found by binary search),
 * not a table per code unit: a 10 MB page with one emoji needs a few bytes here, not 40 MB.
 */
export function codePointMapper(text: string): ToCodePoint {
  // lows[k] = index of the low surrogate of the k-th pair, ascending. Found by a native scan: on most texts
  // (none, or no character outside the BMP) it answers without a loop over every code unit here.
  const lows: number[] = [];
  PAIR_LOW.lastIndex = 0;
  for (let m = PAIR_LOW.exec(text); m !== null; m = PAIR_LOW.exec(text)) lows.push(m.index);
  if (lows.length === 0) return (i) => i;
  const positions = Int32Array.from(lows);
  return (i) => {
    // The number of pairs whose low surrogate is at an index below i.
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return i - lo;
  };
}
