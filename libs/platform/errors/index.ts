export { ERROR_CODES, isErrorCode } from './error-code';
export type { ErrorCode, FieldError } from './error-code';
export { AdminCallError } from './admin-call-error';
