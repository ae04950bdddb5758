export * from './config-slices';
export * from './entities';
export * from './platform.module';
export * from './process-bootstrap';
export * from './config-table';
