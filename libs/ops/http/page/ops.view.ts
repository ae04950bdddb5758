import {
  formatAge,
  OVERVIEW_PAGE_SIZE,
  type OpsBalances,
  type OpsCharts,
  type OpsPrograms,
  type OpsSummary,
  type OrphanWebhookRow,
  type StuckPayoutView,
} from '../../application';
import { formatAmount } from '@libs/payouts/domain';
import { statusPerHourChart, successRateChart, timeToFinalChart } from './charts.view';
import { html, type SafeHtml } from './html';
import { layout } from './layout.view';
import { searchForm } from './payout.view';
import { approvalsSection, programSections, type ProgramsViewer } from './programs.view';
import { reconciliationSection, type ReconciliationSectionData } from './reconciliation.view';

export interface OpsPageData {
  signedInAs: string;
  canWrite: boolean;
  now: Date;
  summary: OpsSummary;
  stuck: StuckPayoutView[];
  needsAttention: StuckPayoutView[];
  orphans: OrphanWebhookRow[];
  /** The approvals queue, batch progress and scheduled payouts (ReadOpsPrograms), each list a page at a time. */
  programs: OpsPrograms;
  /** Who is signed in, for the approvals queue's buttons. */
  viewer: ProgramsViewer;
  charts: OpsCharts;
  /** Every provider's last known balance and the payouts held for one (ReadOpsBalances). */
  balances: OpsBalances;
  /** Next-page cursors of the three lists (ReadOpsOverview), null on a last page. */
  next: { stuck: string | null; needsAttention: string | null; orphans: string | null };
  notice?: { kind: 'ok' | 'error'; text: string };
  /** The olderThan filter in use, if any. */
  olderThan?: string;
  /** The last reconciliation runs and their first discrepancies. */
  reconciliation?: ReconciliationSectionData;
}

/** GET /ops: the approvals queue, the summary, provider balances, batch progress, scheduled payouts, the stuck list with a refresh button per row, needs-attention payouts, orphan webhooks. */
export function opsPage(data: OpsPageData): SafeHtml {
  const notice = data.notice
    ? html`<p class="notice ${data.notice.kind}" role="status" id="notice">${data.notice.text}</p>`
    : '';
  return layout({
    title: 'Payout operations',
    signedInAs: data.signedInAs,
    body: html`${searchForm()} ${notice} ${approvalsSection(data.programs, data.viewer)} ${summarySection(data.summary)}
      ${balancesSection(data.balances, data.now)} ${programSections(data.programs, data.now)}
      ${chartsSection(data.charts)}
      <h2 id="stuck">
        Stuck payouts
        (${data.stuck.length})${data.olderThan ? html` <span class="muted">older than ${data.olderThan}</span>` : ''}
      </h2>
      <p class="muted">
        In a live status longer than STUCK_AFTER allows, oldest first. As of
        <time datetime="${data.now.toISOString()}">${data.now.toISOString()}</time>.
      </p>
      ${payoutTable('stuck-table', data.stuck, data.canWrite, 'Nothing is stuck.')}
      ${nextLink('stuck', data.next.stuck, data.olderThan)}
      <h2 id="needs-attention">Needs attention (${data.needsAttention.length})</h2>
      <p class="muted">
        Flagged for a person: a poll schedule ran out, or a provider said something that could not be applied.
      </p>
      ${payoutTable('attention-table', data.needsAttention, data.canWrite, 'Nothing is flagged.')}
      ${nextLink('attention', data.next.needsAttention)}
      <h2 id="orphans">Orphan webhooks (${data.orphans.length})</h2>
      <p class="muted">
        Authentic provider webhooks that match no attempt of ours yet; retried, applied if their payout appears.
      </p>
      ${orphanTable(data.orphans)} ${nextLink('orphans', data.next.orphans)}
      ${data.reconciliation ? reconciliationSection(data.reconciliation) : ''}`,
  });
}

function summarySection(summary: OpsSummary): SafeHtml {
  const card = (label: string, value: number, isAlert = false) =>
    html`<div class="card${isAlert && value > 0 ? ' alert' : ''}">
      <span class="muted">${label}</span><b>${value}</b>
    </div>`;
  const providers = Object.entries(summary.byProvider).sort(([a], [b]) => a.localeCompare(b));
  const statuses = Object.keys(summary.byStatus);
  return html`<h2 id="summary">Summary</h2>
    <div class="cards" id="summary-cards">
      ${Object.entries(summary.byStatus).map(([status, count]) => card(status, count))}
      ${card('needs attention', summary.needsAttention, true)} ${card('contradictions', summary.contradictions, true)}
      ${card('orphan webhooks', summary.orphanWebhooks, true)}
    </div>
    <h2>By provider</h2>
    <table id="provider-table">
      <thead>
        <tr>
          <th>provider</th>
          ${statuses.map((status) => html`<th>${status}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${providers.map(
          ([provider, counts]) =>
            html`<tr>
              <td>${provider}</td>
              ${statuses.map((status) => html`<td class="num">${counts[status as keyof typeof counts] ?? 0}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted">
      Oldest in status:
      ${
        Object.entries(summary.oldestAgeSeconds).length === 0
          ? 'no live payouts'
          : Object.entries(summary.oldestAgeSeconds).map(
              ([status, seconds], i) => html`${i > 0 ? ', ' : ''}${status} ${formatAge((seconds ?? 0) * 1000)}`,
            )
      }
    </p>`;
}

/** Money-movement.md's provider balances: what routing knows of each wallet, and what waits for a top-up. */
function balancesSection(balances: OpsBalances, now: Date): SafeHtml {
  const held =
    balances.held === 0
      ? html`No payout waits for a provider balance.`
      : html`<b id="balance-held-count">${balances.held}</b> ${balances.held === 1 ? 'payout waits' : 'payouts wait'} in
          pending for a provider balance (hold
          insufficient_provider_balance)${
            balances.oldestHeldSince
              ? html`, the longest for ${formatAge(now.getTime() - balances.oldestHeldSince.getTime())}`
              : ''
          }.
          A higher balance releases them, oldest first.`;
  return html`<h2 id="balances">Provider balances</h2>
    <p class="muted">
      The last sending balance each provider reported (a send's answer or its balance read). Unknown is not zero:
      routing excludes a provider only when a known balance is below the amount.
    </p>
    <table id="balance-table">
      <thead>
        <tr>
          <th>provider</th>
          <th>balance</th>
          <th>as of</th>
          <th>source</th>
          <th>low below</th>
          <th>last unreadable answer</th>
        </tr>
      </thead>
      <tbody>
        ${balances.providers.map(
          (row) =>
            html`<tr data-provider="${row.provider}" data-low="${row.low ? 'true' : 'false'}">
              <td>${row.provider}${row.low ? html`<br /><span class="flag">low</span>` : ''}</td>
              <td class="num">
                ${
                  row.balance
                    ? html`<span title="${row.balance.amount} minor units"
                        >${formatAmount(row.balance.amount, row.balance.currency)}</span
                      >`
                    : html`<span class="muted">unknown</span>`
                }
              </td>
              <td>${row.balance ? row.balance.asOf.toISOString() : '—'}</td>
              <td>${row.balance?.source ?? '—'}</td>
              <td class="num">${row.lowBalanceThreshold === null ? '—' : row.lowBalanceThreshold.toString()}</td>
              <td>${row.unreadable ? html`${row.unreadable.at.toISOString()}: ${row.unreadable.reason}` : '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p id="balance-held">${held}</p>`;
}

/** A list's next page: the same page with that list's cursor (the other lists start over). */
function nextLink(list: 'stuck' | 'attention' | 'orphans', cursor: string | null, olderThan?: string): SafeHtml | '' {
  if (!cursor) return '';
  const anchor = list === 'attention' ? 'needs-attention' : list;
  const filter = olderThan ? `olderThan=${olderThan}&` : '';
  return html`<p>
    <a id="${list}-next" href="/ops?${filter}${list}After=${cursor}#${anchor}">Next ${OVERVIEW_PAGE_SIZE} →</a>
  </p>`;
}

function chartsSection(charts: OpsCharts): SafeHtml {
  return html`<h2 id="charts">Last 24 hours</h2>
    <p class="muted">
      ${charts.from.toISOString()} to ${charts.to.toISOString()}, by creation time. Drawn on the server; hover a bar for
      its number.
    </p>
    <div class="charts">
      ${statusPerHourChart(charts.hours)} ${successRateChart(charts.providers)} ${timeToFinalChart(charts.providers)}
    </div>`;
}

function payoutTable(id: string, rows: StuckPayoutView[], canWrite: boolean, empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty" id="${id}-empty">${empty}</p>`;
  return html`<table id="${id}">
    <thead>
      <tr>
        <th>payout</th>
        <th>status</th>
        <th>provider</th>
        <th>age</th>
        <th>why</th>
        <th>next</th>
        <th>polls</th>
        <th>last provider answer</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${rows.map((row) => payoutRow(row, canWrite))}
    </tbody>
  </table>`;
}

function payoutRow(row: StuckPayoutView, canWrite: boolean): SafeHtml {
  const { payout } = row;
  const refresh = canWrite
    ? html`<form method="post" action="/ops/payouts/${payout.id}/refresh">
        <input type="text" name="reason" required maxlength="500" placeholder="why?" aria-label="reason" />
        <button type="submit" name="refresh" value="${payout.id}">Refresh</button>
      </form>`
    : html`<span class="muted">read only</span>`;
  const answer = row.lastProviderAnswer
    ? html`<details>
        <summary>HTTP ${row.lastProviderAnswer.httpStatus ?? '—'}</summary>
        <pre>${JSON.stringify(row.lastProviderAnswer, null, 2)}</pre>
      </details>`
    : html`<span class="muted">none yet</span>`;
  return html`<tr data-payout-id="${payout.id}" data-status="${payout.status}">
    <td>
      <a href="/ops/payouts/${payout.id}"><code title="${payout.id}">${payout.id}</code></a
      ><br /><span class="muted"
        ><span title="${payout.amount} minor units">${formatAmount(BigInt(payout.amount), payout.currency)}</span> ·
        v${payout.version}${payout.reference ? html` · ${payout.reference}` : ''}</span
      >
    </td>
    <td>
      ${payout.status}${payout.holdReason ? html`<br /><span class="flag hold">held: ${payout.holdReason}</span>` : ''}${
        row.needsAttention ? html`<br /><span class="flag">needs attention</span>` : ''
      }
    </td>
    <td>${payout.provider ?? '—'}<br /><code class="muted">${payout.providerReference ?? ''}</code></td>
    <td class="num" title="${row.ageSeconds} s">${formatAge(row.ageSeconds * 1000)}</td>
    <td>${row.reason}</td>
    <td>${row.nextAction}</td>
    <td class="num">
      ${row.pollCount}${row.lastPolledAt ? html`<br /><span class="muted" title="${row.lastPolledAt}">last ${row.lastPolledAt}</span>` : ''}
    </td>
    <td>${answer}</td>
    <td>${refresh}</td>
  </tr>`;
}

function orphanTable(rows: OrphanWebhookRow[]): SafeHtml {
  if (rows.length === 0) return html`<p class="empty" id="orphans-empty">No orphan webhooks.</p>`;
  return html`<table id="orphans-table">
    <thead>
      <tr>
        <th>inbox id</th>
        <th>provider</th>
        <th>received</th>
        <th>reference</th>
        <th>provider id</th>
        <th>says</th>
        <th>tries</th>
        <th>next try</th>
        <th>last error</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            <td class="num">${row.id}</td>
            <td>${row.provider}</td>
            <td>${row.receivedAt.toISOString()}</td>
            <td><code>${row.reference ?? '—'}</code></td>
            <td><code>${row.providerId ?? '—'}</code></td>
            <td>${row.signalStatus ?? '—'}</td>
            <td class="num">${row.attempts}</td>
            <td>${row.nextAttemptAt?.toISOString() ?? '—'}</td>
            <td>${row.lastError ?? ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
