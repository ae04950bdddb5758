export * from './config-entry';
export * from './duration';
export * from './load-config';
export * from './config.service';
export * from './config.module';
export * from './assert-config';
export * from './platform.config';
export * from './sandbox-defaults';
