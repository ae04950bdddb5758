export * from './error-codes';
export * from './json-body.middleware';
export * from './plain-text.decorator';
export * from './problem.filter';
export * from './validation.pipe';
