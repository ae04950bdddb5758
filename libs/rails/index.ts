export { CalendarError, LoadBankCalendar, ManageClosures, type ClosureView } from './application';
export { CalendarClosureEntity } from './persistence';
export { railsConfig } from './rails.config';
export { RAILS_SETTINGS, RailsModule } from './rails.module';
export { RailsApiModule } from './rails-api.module';
