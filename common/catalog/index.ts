export * from './schema'
export * from './form'
export * from './card-form'
export * from './eligibility'
