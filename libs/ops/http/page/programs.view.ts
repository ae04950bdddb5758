import { formatAmount } from '@libs/payouts/domain';
import { formatAge, PROGRAMS_PAGE_SIZE, type OpsPrograms, type ScheduledPayoutView } from '../../application';
import { html, type SafeHtml } from './html';

/** How far off a release time is, in words: `in 3m 10s`, or `2m past` once the release job is late. */
export function releaseDistance(seconds: number): string {
  return seconds >= 0 ? `in ${formatAge(seconds * 1000)}` : `${formatAge(-seconds * 1000)} past`;
}

/** The program sections of /ops (programs.md "Ops page"): scheduled payouts with their release time. */
export function programSections(programs: OpsPrograms, now: Date): SafeHtml {
  return html`${scheduledSection(programs, now)}`;
}

function scheduledSection(programs: OpsPrograms, now: Date): SafeHtml {
  const rows = programs.scheduled;
  const table =
    rows.length === 0
      ? html`<p class="empty" id="scheduled-table-empty">Nothing is scheduled.</p>`
      : html`<table id="scheduled-table">
          <thead>
            <tr>
              <th>payout</th>
              <th>client</th>
              <th>amount</th>
              <th>release time</th>
              <th>released</th>
              <th>next check</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(scheduledRow)}
          </tbody>
        </table>`;
  const next = programs.next.scheduled
    ? html`<p>
        <a id="scheduled-next" href="/ops?scheduledAfter=${programs.next.scheduled}#scheduled"
          >Next ${PROGRAMS_PAGE_SIZE} →</a
        >
      </p>`
    : '';
  return html`<h2 id="scheduled">Scheduled payouts (${rows.length}${programs.next.scheduled ? '+' : ''})</h2>
    <p class="muted">
      Waiting for their release time, the earliest first; released to pending by the worker (decision 0009). As of
      <time datetime="${now.toISOString()}">${now.toISOString()}</time>.
    </p>
    ${table} ${next}`;
}

function scheduledRow(row: ScheduledPayoutView): SafeHtml {
  const { payout } = row;
  const late = row.releaseInSeconds < 0;
  return html`<tr data-payout-id="${payout.id}" data-release-at="${row.releaseAt}">
    <td>
      <a href="/ops/payouts/${payout.id}"><code title="${payout.id}">${payout.id}</code></a
      >${payout.reference ? html`<br /><span class="muted">${payout.reference}</span>` : ''}
    </td>
    <td class="client">${row.clientName}</td>
    <td class="num" title="${payout.amount} minor units">${formatAmount(BigInt(payout.amount), payout.currency)}</td>
    <td class="release-at"><time datetime="${row.releaseAt}">${row.releaseAt}</time></td>
    <td class="release-in${late ? ' flag' : ''}">${releaseDistance(row.releaseInSeconds)}</td>
    <td class="muted">${payout.nextCheckAt ?? '—'}</td>
  </tr>`;
}
