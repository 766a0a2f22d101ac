/** Checkbox/Switch rows as 44 px touch targets: the label (which toggles the input) fills the row's height. */
export const inlineTouch = {
  body: { minHeight: 44, alignItems: 'center' },
  labelWrapper: { alignSelf: 'stretch', display: 'flex', justifyContent: 'center', flexDirection: 'column' },
  label: { minHeight: 44, display: 'flex', alignItems: 'center', cursor: 'pointer' },
} as const;
