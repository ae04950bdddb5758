import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { AuditLogEntry, AuditLogStore } from '../application/client-store.port';

/** Appends to audit_log through whatever manager it is given, so an audit row commits with the change it records. */
export class AuditLogWriter implements AuditLogStore {
  constructor(private readonly manager: EntityManager) {}

  async write(entry: AuditLogEntry, now: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO audit_log (id, actor_client_id, action, subject_type, subject_id, reason, details, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        uuidv7(),
        entry.actorClientId,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.reason,
        JSON.stringify(entry.details ?? {}),
        now,
      ],
    );
  }
}
