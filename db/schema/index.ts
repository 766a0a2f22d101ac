export * from './catalog';
export * from './counter';
export * from './drafts';
export * from './ledger';
export * from './people';
export * from './system';
export * from './store';
