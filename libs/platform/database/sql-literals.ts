/**
 * Fixed words as a SQL list of literals (`'a', 'b'`), for a CHECK or an `IN` that must match the constants the code
 * declares. Only for the code's own constants: never for input, which goes in as a parameter.
 */
export const sqlLiteralList = (values: Iterable<string>): string => [...values].map((value) => `'${value}'`).join(', ');
