import {
  ActionIcon,
  Alert,
  Button,
  createTheme,
  Drawer,
  Modal,
  Notification,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  TextInput,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

// WCAG 2.2 AA contrast (4.5:1 for text): Mantine's teal 6 under white text is 2.6:1 and its light-variant text 4.3:1,
// and red 6 under white 3.3:1. The same hues, darker from shade 6 on, keep the look and pass (checked by axe in e2e).
const teal: MantineColorsTuple = [
  '#e6fcf5',
  '#c3fae8',
  '#96f2d7',
  '#63e6be',
  '#38d9a9',
  '#20c997',
  '#0b7d5d',
  '#0a6e52',
  '#086047',
  '#065440',
];
const red: MantineColorsTuple = [
  '#fff5f5',
  '#ffe3e3',
  '#ffc9c9',
  '#ffa8a8',
  '#ff8787',
  '#ff6b6b',
  '#c92a2a',
  '#b02525',
  '#962020',
  '#7a1a1a',
];
// Light variants (badges, alerts) write in shade 9 over shade 1: Mantine's orange and yellow 9 read under 4.5:1 there.
const orange: MantineColorsTuple = [
  '#fff4e6',
  '#ffe8cc',
  '#ffd8a8',
  '#ffc078',
  '#ffa94d',
  '#ff922b',
  '#fd7e14',
  '#f76707',
  '#b34700',
  '#943b00',
];
const yellow: MantineColorsTuple = [
  '#fff9db',
  '#fff3bf',
  '#ffec99',
  '#ffe066',
  '#ffd43b',
  '#fcc419',
  '#fab005',
  '#f59f00',
  '#8f5c00',
  '#754b00',
];
// Gray 6 is the filled gray badge (printer not configured) and the default dimmed text.
const gray: MantineColorsTuple = [
  '#f8f9fa',
  '#f1f3f5',
  '#e9ecef',
  '#dee2e6',
  '#ced4da',
  '#adb5bd',
  '#676e75',
  '#495057',
  '#343a40',
  '#212529',
];

// Touch screens at the till: every target at least 44px (Mantine "lg" controls are 50px, "xl" icons 44px).
// closeLabel names the × of dialogs, alerts and notifications in the user's language (an icon button needs a name).
export const themeFor = (closeLabel: string) =>
  createTheme({
    primaryColor: 'teal',
    colors: { teal, red, orange, yellow, gray },
    // Filled orange or yellow takes dark text, teal and red white: each pair reads 4.5:1 or better.
    autoContrast: true,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    components: {
      Button: Button.extend({ defaultProps: { size: 'lg' } }),
      ActionIcon: ActionIcon.extend({ defaultProps: { size: 'xl' } }),
      TextInput: TextInput.extend({ defaultProps: { size: 'lg' } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { size: 'lg' } }),
      NumberInput: NumberInput.extend({ defaultProps: { size: 'lg' } }),
      Select: Select.extend({ defaultProps: { size: 'lg' } }),
      SegmentedControl: SegmentedControl.extend({ defaultProps: { size: 'md' } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Alert: Alert.extend({ defaultProps: { closeButtonLabel: closeLabel } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
    },
  });

/** Dimmed text (hints, counts, roles) is gray 6 by default, 3.3:1 on white; gray 7-ish reads 6:1. */
export const cssVariables: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': '#5c636a' }, dark: {} });
