export { csvField, csvRecord } from './csv';
export { plainTextProblem } from './plain-text';
export type { PlainTextOptions } from './plain-text';
