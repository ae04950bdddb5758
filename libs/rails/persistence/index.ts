export { CalendarClosureEntity } from './calendar-closure.entity';
export { ClosureRepository, TypeOrmCalendarUnitOfWork } from './closure.repository';
