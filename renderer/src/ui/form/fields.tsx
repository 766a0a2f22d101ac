// Field wrappers: a Mantine input bound to one form field, its validation message next to it in the user's language.
import {
  NativeSelect,
  PasswordInput,
  Switch,
  TextInput,
  type NativeSelectProps,
  type PasswordInputProps,
  type SwitchProps,
  type TextInputProps,
} from '@mantine/core';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { errorText } from './messages';

interface Bound<T extends FieldValues> {
  control: Control<T, unknown, FieldValues>;
  name: FieldPath<T>;
  /** This field's own message per zod issue code (e.g. invalid_format → 'admin.users.pinInvalid'). */
  messages?: Partial<Record<string, string>>;
  /** Rewrites what is typed before it reaches the form (digits only, upper case). */
  clean?(text: string): string;
}

/** What a text-like input needs from its field: value as text, typed text in (cleaned), the message out. */
function useTextBinding<T extends FieldValues>({ control, name, messages, clean }: Bound<T>) {
  const { t } = useTranslation();
  const {
    field: { ref, value, onChange, onBlur },
    fieldState,
  } = useController({ control, name });
  return {
    ref,
    name,
    value: (value as string | undefined) ?? '',
    onBlur,
    onChange: (e: { currentTarget: { value: string } }) => onChange(clean ? clean(e.currentTarget.value) : e.currentTarget.value),
    error: errorText(t, fieldState.error, messages),
  };
}

export function TextField<T extends FieldValues>({
  control,
  name,
  messages,
  clean,
  ...rest
}: Bound<T> & Omit<TextInputProps, 'name' | 'value' | 'onChange' | 'error'>) {
  return <TextInput {...rest} {...useTextBinding({ control, name, messages, clean })} />;
}

export function PasswordField<T extends FieldValues>({
  control,
  name,
  messages,
  ...rest
}: Bound<T> & Omit<PasswordInputProps, 'name' | 'value' | 'onChange' | 'error'>) {
  return <PasswordInput {...rest} {...useTextBinding({ control, name, messages })} />;
}

export function SelectField<T extends FieldValues>({
  control,
  name,
  messages,
  ...rest
}: Bound<T> & Omit<NativeSelectProps, 'name' | 'value' | 'onChange' | 'error'>) {
  return <NativeSelect {...rest} {...useTextBinding({ control, name, messages })} />;
}

export function SwitchField<T extends FieldValues>({
  control,
  name,
  ...rest
}: Omit<Bound<T>, 'messages' | 'clean'> & Omit<SwitchProps, 'name' | 'checked' | 'onChange'>) {
  const {
    field: { ref, value, onChange, onBlur },
  } = useController({ control, name });
  return <Switch {...rest} ref={ref} name={name} checked={!!value} onBlur={onBlur} onChange={(e) => onChange(e.currentTarget.checked)} />;
}
