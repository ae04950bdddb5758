import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { EXPECTED_COMPLETION } from '@libs/payouts/application';
import { LoadBankCalendar, RailCompletion } from './application';
import { turkishOfficialCalendar } from './domain';
import { ClosureRepository } from './persistence';
import { railsConfig } from './rails.config';

/** The Turkish rails' settings (FAST_MAX_AMOUNT, EFT_WINDOW), read once per process. */
export const RAILS_SETTINGS = Symbol('RAILS_SETTINGS');

/**
 * The bank calendar for whoever decides on a rail (the worker's dispatch): EFT_WINDOW, the official Turkish holidays
 * (computed once per process and year) and the ops closures (read fresh per decision). Global for one provider:
 * EXPECTED_COMPLETION, which the payouts lib's TransitionPayout asks on every acceptance (payouts cannot import rails:
 * rails depends on payouts' domain), so every process that imports this module anywhere sets it.
 */
@Global()
@Module({
  providers: [
    {
      provide: RAILS_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => config.get(railsConfig),
    },
    {
      provide: LoadBankCalendar,
      inject: [ConfigService, DataSource],
      useFactory: (config: ConfigService, dataSource: DataSource) =>
        new LoadBankCalendar(
          config.get(railsConfig).eftWindow,
          turkishOfficialCalendar(),
          new ClosureRepository(dataSource.manager),
        ),
    },
    {
      provide: EXPECTED_COMPLETION,
      inject: [LoadBankCalendar],
      useFactory: (calendars: LoadBankCalendar) => new RailCompletion(calendars),
    },
  ],
  exports: [RAILS_SETTINGS, LoadBankCalendar, EXPECTED_COMPLETION],
})
export class RailsModule {}
