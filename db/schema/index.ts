export * from './catalog';
export * from './ledger';
export * from './people';
export * from './system';
