/** The same keys as the English texts, at every depth, each a string: a key missing in one language fails typecheck. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
