export { plainTextProblem } from './plain-text';
export type { PlainTextOptions } from './plain-text';
