// RvfError and the ABI's error codes (dev.rvf.ErrorCode).

/**
 * dev.rvf.ErrorCode: name -> the negative number the ABI returns. The one copy of this table on the JS side;
 * ErrorCodeTableTest compares it (and RvfErrorCode in rvf.d.ts) with the Java enum.
 */
export const ERROR_CODES = Object.freeze({
  INVALID_ARGUMENT: -1,
  BAD_HANDLE: -2,
  BAD_POINTER: -3,
  OUT_OF_MEMORY: -4,
  CLOSED: -5,
  READ_ONLY: -6,
  DIMENSION_MISMATCH: -7,
  NOT_FOUND: -8,
  NON_FINITE: -9,
  DUPLICATE_ID: -10,
  BUFFER_TOO_SMALL: -11,
  BAD_MAGIC: -20,
  BAD_VERSION: -21,
  HASH_MISMATCH: -22,
  TRUNCATED: -23,
  LENGTH_OUT_OF_RANGE: -24,
  NO_MANIFEST: -25,
  BAD_MANIFEST: -26,
  BAD_PAYLOAD: -27,
  UNSUPPORTED: -28,
  WITNESS_BROKEN: -29,
  LIMIT_EXCEEDED: -30,
  INTERNAL: -99,
});

const CODE_BY_STATUS = new Map(Object.entries(ERROR_CODES).map(([code, status]) => [status, code]));

/** Every expected failure of this package: `code` is the stable name of a dev.rvf.ErrorCode entry. */
export class RvfError extends Error {
  /**
   * @param {string} code a key of ERROR_CODES (anything else becomes "INTERNAL")
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    const known = Object.hasOwn(ERROR_CODES, code);
    this.name = "RvfError";
    this.code = known ? code : "INTERNAL";
    /** The ABI number: what the module returned, or the code's number for failures detected in JS. */
    this.status = ERROR_CODES[this.code];
  }
}

/** The error for a negative status returned by the module (unknown numbers map to INTERNAL, as in Java). */
export function errorForStatus(status, message) {
  const error = new RvfError(CODE_BY_STATUS.get(status) ?? "INTERNAL", message);
  error.status = status;
  return error;
}
