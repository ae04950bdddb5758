export { ProblemError, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS, serviceUnavailable } from './error-codes';
export { requireJsonBodies } from './json-body.middleware';
export { PageLimit, type PageLimitRange } from './page-limit.decorator';
export { IsPlainText } from './plain-text.decorator';
export { ERROR_STATUS, ProblemFilter, problemOf } from './problem.filter';
export { createValidationPipe, flattenValidationErrors } from './validation.pipe';
export { writeChunks } from './write-chunks';
