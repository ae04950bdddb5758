export type { AuditLogEntry, AuditLogStore } from './client-store.port';
