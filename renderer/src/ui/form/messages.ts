// A zod issue as a translation key and its values, carried in the issue's message as JSON so the text is chosen at
// render time, in the language the user reads now (switching language re-renders the message, not the validation).
import type { TFunction } from 'i18next';
import type { z } from 'zod';

export interface FormMessage {
  key: string;
  values?: Record<string, string | number>;
}

const encode = (m: FormMessage) => JSON.stringify(m);

/** zod's error customizer: every issue becomes a key under `form.` with its bound, whatever the contract's English says. */
export function issueMessage(iss: z.core.$ZodRawIssue): string {
  const origin = 'origin' in iss ? iss.origin : undefined;
  switch (iss.code) {
    case 'too_small': {
      const min = Number(iss.minimum);
      if (origin === 'string') return encode(min <= 1 ? { key: 'form.required' } : { key: 'form.tooShort', values: { min } });
      return encode({ key: 'form.tooSmall', values: { min } });
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      return encode(origin === 'string' ? { key: 'form.tooLong', values: { max } } : { key: 'form.tooBig', values: { max } });
    }
    case 'invalid_type':
      return encode({ key: iss.input === undefined || iss.input === '' ? 'form.required' : 'form.invalid' });
    default:
      return encode({ key: 'form.invalid' });
  }
}

/**
 * The text for a field's error: the screen's own key for that issue code when it gave one (a PIN rule reads better
 * as "4 to 8 digits" than as "invalid"), else the generic one; a message that is not ours is shown as it came.
 */
export function errorText(
  t: TFunction,
  error: { type?: unknown; message?: string } | undefined,
  own?: Partial<Record<string, string>>,
): string | null {
  if (!error) return null;
  const mine = typeof error.type === 'string' ? own?.[error.type] : undefined;
  if (mine) return String(t(mine as never));
  try {
    const m = JSON.parse(error.message ?? '') as FormMessage;
    return String(t(m.key as never, m.values as never));
  } catch {
    return error.message ?? String(t('form.invalid' as never));
  }
}
