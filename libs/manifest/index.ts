export { CONFIG_SLICES } from './config-slices';
export { PlatformModule } from './platform.module';
export { bootstrapProcess } from './process-bootstrap';
export { configRows, renderConfigTable, withConfigTable } from './config-table';
