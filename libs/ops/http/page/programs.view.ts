import { formatAmount, PAYOUT_STATUSES } from '@libs/payouts/domain';
import {
  formatAge,
  PROGRAMS_PAGE_SIZE,
  type BatchProgressView,
  type OpsPrograms,
  type ScheduledPayoutView,
} from '../../application';
import { STATUS_COLOURS } from './charts.view';
import { html, type SafeHtml } from './html';

/** How far off a release time is, in words: `in 3m 10s`, or `2m past` once the release job is late. */
export function releaseDistance(seconds: number): string {
  return seconds >= 0 ? `in ${formatAge(seconds * 1000)}` : `${formatAge(-seconds * 1000)} past`;
}

/** The program sections of /ops (programs.md "Ops page"): batch progress, scheduled payouts with their release time. */
export function programSections(programs: OpsPrograms, now: Date): SafeHtml {
  return html`${batchesSection(programs)} ${scheduledSection(programs, now)}`;
}

function nextLink(list: 'scheduled' | 'batches', cursor: string | null): SafeHtml | '' {
  if (!cursor) return '';
  return html`<p>
    <a id="${list}-next" href="/ops?${list}After=${cursor}#${list}">Next ${PROGRAMS_PAGE_SIZE} →</a>
  </p>`;
}

function batchesSection(programs: OpsPrograms): SafeHtml {
  const rows = programs.batches;
  const table =
    rows.length === 0
      ? html`<p class="empty" id="batches-table-empty">No batches.</p>`
      : html`<table id="batches-table">
          <thead>
            <tr>
              <th>batch</th>
              <th>client</th>
              <th>status</th>
              <th>items</th>
              <th>total</th>
              <th>progress</th>
              <th>created</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(batchRow)}
          </tbody>
        </table>`;
  return html`<h2 id="batches">Batches (${rows.length}${programs.next.batches ? '+' : ''})</h2>
    <p class="muted">
      Every client's batches, the newest first. The bar is the items by their current status; settled means succeeded,
      returned, failed or canceled.
    </p>
    ${table} ${nextLink('batches', programs.next.batches)}`;
}

/** The items by status as one bar (a segment per status with items) and the same counts in words. */
export function progressBar(view: BatchProgressView): SafeHtml {
  const { counts, itemCount } = view.batch;
  const present = PAYOUT_STATUSES.filter((status) => counts[status] > 0);
  const segments = present.map((status) => {
    const width = ((counts[status] * 100) / Math.max(1, itemCount)).toFixed(2);
    return html`<span
      class="segment"
      data-status="${status}"
      data-count="${counts[status]}"
      style="width: ${width}%; background: ${STATUS_COLOURS[status]}"
      title="${status} ${counts[status]}"
    ></span>`;
  });
  return html`<div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow="${view.percentSettled}"
      aria-label="settled items"
    >
      ${segments}
    </div>
    <span class="settled">${view.settled} of ${itemCount} settled (${view.percentSettled}%)</span><br /><span
      class="muted counts"
      >${present.map((status, i) => html`${i > 0 ? ' · ' : ''}${status} ${counts[status]}`)}</span
    >`;
}

function batchRow(view: BatchProgressView): SafeHtml {
  const { batch } = view;
  return html`<tr data-batch-id="${batch.id}" data-status="${batch.status}">
    <td>
      <code title="${batch.id}">${batch.id}</code>${
        batch.reference ? html`<br /><span class="muted">${batch.reference}</span>` : ''
      }
    </td>
    <td class="client">${view.clientName}</td>
    <td>${batch.status}${batch.completedAt ? html`<br /><span class="muted">${batch.completedAt}</span>` : ''}</td>
    <td class="num">${batch.itemCount}</td>
    <td class="num" title="${batch.totalAmount} minor units">
      ${formatAmount(BigInt(batch.totalAmount), batch.currency)}
    </td>
    <td class="progress-cell">${progressBar(view)}</td>
    <td class="muted">${batch.createdAt}</td>
  </tr>`;
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
              <th>until release</th>
              <th>next check</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(scheduledRow)}
          </tbody>
        </table>`;
  const next = nextLink('scheduled', programs.next.scheduled);
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
