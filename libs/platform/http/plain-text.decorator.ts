import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { plainTextProblem, type PlainTextOptions } from '@libs/platform/text';

/**
 * The request-field form of plainTextProblem: refuses control and bidirectional formatting characters. Non-strings
 * and absent values are left to @IsString / @IsOptional, so each problem is reported once.
 */
export function IsPlainText(options: PlainTextOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyKey: string | symbol): void => {
    const propertyName = String(propertyKey);
    registerDecorator({
      name: 'isPlainText',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || plainTextProblem(value, options) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? propertyName} ${plainTextProblem(String(args?.value), options) ?? 'is not plain text'}`,
      },
    });
  };
}
