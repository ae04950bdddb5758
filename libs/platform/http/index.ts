export * from './error-codes';
export * from './problem.filter';
export * from './validation.pipe';
