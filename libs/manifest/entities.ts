// Every TypeORM entity. The migration drift test compares exactly this list with the migrations.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [];
