// A translation made once and filled in many times: each t() call resolves and interpolates its key, which costs in a
// scan's answer or in each of a long list's rows. Made with slot(i) for its values, the text is the one t() gives
// (interpolation does not escape), and filling it in is a join.

/** The i-th value's place in a translation filled in later (a private-use character, never in a product's name). */
export const slot = (i: number): string => `\uE000${i}\uE000`;

/** A translation made with slot(i) for its values, as a function of those values in that order. */
export function filler(template: string): (...values: string[]) => string {
  const parts = template.split(/\uE000(\d+)\uE000/);
  return (...values) => parts.map((p, i) => (i % 2 ? values[Number(p)] : p)).join('');
}
