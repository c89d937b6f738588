/**
 * Records count offsets in Unicode code points (what Python's str indexes), while JavaScript strings count
 * UTF-16 code units. Text without astral characters needs no conversion, which is the common case.
 */
export type ToCodePoint = (utf16Index: number) => number;

export function codePointMapper(text: string): ToCodePoint {
  if (!hasSurrogates(text)) return (i) => i;
  // before[i] = number of low surrogates of pairs that start before index i.
  const before = new Uint32Array(text.length + 1);
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    before[i] = pairs;
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) pairs++;
    }
  }
  before[text.length] = pairs;
  return (i) => i - (before[i] ?? pairs);
}

function hasSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}
