export { createRedactor } from './redaction';
export { createRootLogger, logFormatOf } from './root-logger';
export { LoggingModule } from './logging.module';
export { setRequestActor } from './request-actor';
export { withFrameworkBootAtDebug } from './framework-boot';
