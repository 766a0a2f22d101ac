/** SegmentedControl labels as 44 px touch targets (Mantine's own sizes stop short of that). */
export const segmentTouch = { label: { minHeight: 44, display: 'flex', alignItems: 'center', justifyContent: 'center' } } as const;
