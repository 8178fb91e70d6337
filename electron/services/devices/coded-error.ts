/** A device error with a machine-readable code; each subclass names its codes and itself. */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message)
  }
}
