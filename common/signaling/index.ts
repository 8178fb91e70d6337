export * from './protocol'
export * from './client-options'
export * from './staff-admin'
export * from './terminal-admin'
