import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ReadEventsFeed } from '../application';
import { FeedPageDto } from './dto/payout.dto';
import { EventsFeedQueryDto } from './dto/payout-queries.dto';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(@Inject(ReadEventsFeed) private readonly feed: ReadEventsFeed) {}

  @Get()
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'listEvents',
    summary: "The caller's applied payout status changes, oldest first (catch-up for missed notifications)",
    description:
      'Poll with the returned `nextCursor` as `after`. An event appears once every older transaction has finished, ' +
      'so the feed never skips one that commits late.',
  })
  @ApiResponse({ status: 200, type: FeedPageDto })
  @ApiProblems('validation_failed', 'unauthorized', 'forbidden', 'rate_limited', 'internal')
  read(@Query() query: EventsFeedQueryDto, @CurrentClient() client: AuthenticatedClient) {
    return this.feed.execute(client.id, query.after, query.limit);
  }
}
