import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROCESS_CLOCK, type Clock } from '@libs/platform/time';
import { ManageClosures } from './application';
import { ClosuresController } from './http/closures.controller';
import { ClosureRepository, TypeOrmCalendarUnitOfWork } from './persistence';
import { RailsModule } from './rails.module';

/**
 * The api's calendar routes: /v1/calendar/closures (ops:read to read, routing:admin to change). RailsModule brings the
 * api's TransitionPayout its ExpectedCompletion (an ops refresh may be the first to hear of an acceptance).
 */
@Module({
  imports: [RailsModule],
  controllers: [ClosuresController],
  providers: [
    {
      provide: ManageClosures,
      inject: [DataSource, PROCESS_CLOCK],
      useFactory: (dataSource: DataSource, clock: Clock) =>
        new ManageClosures(new TypeOrmCalendarUnitOfWork(dataSource), new ClosureRepository(dataSource.manager), clock),
    },
  ],
})
export class RailsApiModule {}
