/**
 * Base for every error the service raises on purpose. The `code` is stable (`AREA.RULE`) and is
 * what clients and the problem+json filter key on; the message never contains child data.
 */
export abstract class CodedError extends Error {
  abstract readonly code: string;
  /** Safe, non-personal details for the problem+json body. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}
