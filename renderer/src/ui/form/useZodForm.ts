import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, type FieldValues, type UseFormProps } from 'react-hook-form';
import type { z } from 'zod';
import { issueMessage } from './messages';

/**
 * A react-hook-form form validated by a zod schema, usually one of the contract's input schemas or built from their
 * fields: the screen refuses exactly what the API would. Errors show after the first submit, then as the user types.
 */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  opts: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, 'resolver'> = {},
) {
  return useForm<z.input<S>, unknown, z.output<S>>({
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    ...opts,
    resolver: zodResolver(schema, { error: issueMessage }),
  });
}
