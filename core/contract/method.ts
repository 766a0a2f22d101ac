import type { z } from 'zod';
import type { Access } from './permissions';

declare const outputType: unique symbol;

/** A method's success value, as a type only: nothing is checked or sent at run time. */
export interface Returns<T> {
  readonly [outputType]?: T;
}

/** Names the type a method returns: `output: returns<Cart>()`. */
export const returns = <T>(): Returns<T> => ({}) as Returns<T>;

/**
 * One API method: its input (validated at the boundary, and by the renderer's forms), its output, and who may call
 * it. `access: 'by-kind'` means the permission of the document kind the call posts (DOC_KIND_PERMISSION), resolved
 * by the core once the input is valid.
 */
export interface MethodSpec {
  input: z.ZodType;
  output: Returns<unknown>;
  access: Access;
}

/** A domain's methods: one file in ./methods per domain, spread into apiSpec. */
export type DomainSpec = Record<string, MethodSpec>;

export type OutputOf<S> = S extends { output: Returns<infer T> } ? T : never;
