import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An ops closure of EFT (money-movement.md): no EFT on `date` (a Europe/Istanbul calendar date), or none after
 * `half_day_until` (minutes after Istanbul midnight) that day. FAST is never closed.
 */
@Entity({ name: 'calendar_closures' })
@Check('calendar_closures_half_day_until_check', 'half_day_until >= 0 AND half_day_until < 1440')
export class CalendarClosureEntity {
  @PrimaryColumn('date', { primaryKeyConstraintName: 'calendar_closures_pkey' })
  date!: string;

  /** Why, as the PUT gave it (also the audit log's reason). */
  @Column('text')
  reason!: string;

  @Column('smallint', { name: 'half_day_until', nullable: true })
  halfDayUntil!: number | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
