import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { plainTextProblem } from '@libs/platform/text';
import { checkBeneficiaryName, checkIban, checkNationalId, minorUnitsProblem } from '../../domain';

/** Why `value` is wrong, or undefined when it is fine. Messages never echo the value (it may be an IBAN). */
type Check = (value: unknown) => string | undefined;

/** A class-validator decorator over one of the domain's pure checks, so the API and the domain agree by construction. */
function domainCheck(name: string, check: Check) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string): void => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options,
        validator: {
          // A missing value is @IsDefined()'s to report (or @IsOptional()'s to allow): one message per problem.
          validate: (value: unknown) => value === undefined || value === null || check(value) === undefined,
          defaultMessage: (args?: ValidationArguments) => `${args?.property ?? propertyName} ${check(args?.value)}`,
        },
      });
    };
}

const stringCheck =
  (inner: (value: string) => { ok: true } | { ok: false; message: string }): Check =>
  (value) => {
    if (typeof value !== 'string') return 'must be a string';
    const result = inner(value);
    return result.ok ? undefined : result.message;
  };

export const IsMinorUnits = domainCheck('isMinorUnits', minorUnitsProblem);
export const IsIban = domainCheck('isIban', stringCheck(checkIban));
export const IsNationalId = domainCheck('isNationalId', stringCheck(checkNationalId));
export const IsBeneficiaryName = domainCheck('isBeneficiaryName', stringCheck(checkBeneficiaryName));

export const METADATA_LIMITS = { keys: 20, keyLength: 40, valueLength: 500 } as const;

function metadataProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of string values';
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.keys) return `must have at most ${METADATA_LIMITS.keys} keys`;
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.keyLength) {
      return `keys must be 1 to ${METADATA_LIMITS.keyLength} characters`;
    }
    const keyProblem = plainTextProblem(key);
    if (keyProblem) return `keys ${keyProblem}`;
    if (typeof item !== 'string') return `value of "${key}" must be a string`;
    const valueProblem = plainTextProblem(item);
    if (valueProblem) return `value of "${key}" ${valueProblem}`;
    if (item.length > METADATA_LIMITS.valueLength) {
      return `value of "${key}" must be at most ${METADATA_LIMITS.valueLength} characters`;
    }
  }
  return undefined;
}

export const IsMetadata = domainCheck('isMetadata', metadataProblem);
