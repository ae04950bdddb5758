import { formatAge, type OpsAttemptView, type OpsPayoutPage, type SearchPage } from '../../application';
import type { PayoutEventView } from '@libs/payouts/application';
import { FAILURE_CODES, formatAmount } from '@libs/payouts/domain';
import { html, type SafeHtml } from './html';
import { layout } from './layout.view';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

const noticeOf = (notice: Notice | undefined) =>
  notice ? html`<p class="notice ${notice.kind}" role="status" id="notice">${notice.text}</p>` : '';

/** The search box on every console page: GET, so a result page can be bookmarked and paged. */
export function searchForm(term = ''): SafeHtml {
  return html`<form method="get" action="/ops/search" class="search" role="search">
    <input
      type="search"
      id="search"
      name="q"
      value="${term}"
      required
      maxlength="100"
      placeholder="payout id, reference, provider reference or IBAN last 4"
      aria-label="search payouts"
    />
    <button type="submit" class="primary">Find</button>
  </form>`;
}

export interface SearchPageData {
  signedInAs: string;
  result?: SearchPage;
  term: string;
  notice?: Notice;
}

/** GET /ops/search: the payouts matching a term, newest first, a page at a time. */
export function searchPage(data: SearchPageData): SafeHtml {
  const result = data.result;
  const rows = result?.data ?? [];
  const next = result?.nextCursor
    ? html`<p>
        <a id="next-page" href="/ops/search?q=${encodeURIComponent(data.term)}&amp;cursor=${result.nextCursor}"
          >Older results →</a
        >
      </p>`
    : '';
  return layout({
    title: 'Find a payout',
    signedInAs: data.signedInAs,
    body: html`<p><a href="/ops">← Overview</a></p>
      ${searchForm(data.term)} ${noticeOf(data.notice)}
      ${
        result && rows.length === 0
          ? html`<p class="empty" id="search-empty">No payout matches “${data.term}”.</p>`
          : ''
      }
      ${
        rows.length > 0
          ? html`<table id="search-table">
              <thead>
                <tr>
                  <th>payout</th>
                  <th>status</th>
                  <th>amount</th>
                  <th>reference</th>
                  <th>provider</th>
                  <th>IBAN</th>
                  <th>created</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (payout) =>
                    html`<tr data-payout-id="${payout.id}">
                      <td>
                        <a href="/ops/payouts/${payout.id}"><code>${payout.id}</code></a>
                      </td>
                      <td>${payout.status}</td>
                      <td class="num">${formatAmount(BigInt(payout.amount), payout.currency)}</td>
                      <td>${payout.reference ?? '—'}</td>
                      <td>
                        ${payout.provider ?? '—'}<br /><code class="muted">${payout.providerReference ?? ''}</code>
                      </td>
                      <td><code>…${payout.beneficiary.ibanLast4}</code></td>
                      <td>${payout.createdAt}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : ''
      }
      ${next}`,
  });
}

export interface PayoutPageData {
  signedInAs: string;
  canWrite: boolean;
  page: OpsPayoutPage;
  notice?: Notice;
  /** What the resolve form had when it came back with an error. */
  draft?: { status?: string; reason?: string; evidence?: string };
}

/** GET /ops/payouts/{id}: the payout, what happens next, the actions, its attempts and its timeline. */
export function payoutPage(data: PayoutPageData): SafeHtml {
  const { page } = data;
  const { payout } = page;
  return layout({
    title: `Payout ${payout.id}`,
    signedInAs: data.signedInAs,
    body: html`<p><a href="/ops">← Overview</a></p>
      ${searchForm()} ${noticeOf(data.notice)}
      <h2 id="summary">Payout</h2>
      <table id="payout-table" data-status="${payout.status}">
        <tbody>
          <tr>
            <th>status</th>
            <td id="payout-status">${payout.status}${flags(page)}</td>
          </tr>
          <tr>
            <th>amount</th>
            <td>
              <span title="${payout.amount} minor units">${formatAmount(BigInt(payout.amount), payout.currency)}</span>
            </td>
          </tr>
          <tr>
            <th>version</th>
            <td>${payout.version}</td>
          </tr>
          <tr>
            <th>reference</th>
            <td>${payout.reference ?? '—'}</td>
          </tr>
          <tr>
            <th>beneficiary</th>
            <td>${payout.beneficiary.name} · IBAN <code>…${payout.beneficiary.ibanLast4}</code></td>
          </tr>
          <tr>
            <th>provider</th>
            <td>${payout.provider ?? '—'} <code class="muted">${payout.providerReference ?? ''}</code></td>
          </tr>
          <tr>
            <th>failure</th>
            <td>${payout.failure ? `${payout.failure.code}: ${payout.failure.message}` : '—'}</td>
          </tr>
          ${
            payout.scheduledFor
              ? html`<tr>
                  <th>scheduled for</th>
                  <td id="scheduled-for">${payout.scheduledFor}</td>
                </tr>`
              : ''
          }
          ${
            payout.approval
              ? html`<tr>
                  <th>approval</th>
                  <td id="approval">
                    ${payout.approval.approvals.length} of ${payout.approval.required} (policy
                    v${payout.approval.policyVersion}), deadline
                    ${payout.approval.expiresAt}${payout.approval.approvals.map(
                      (vote) =>
                        html`<br /><span class="muted"
                            >${vote.clientName} at ${vote.at}${vote.reason ? `: ${vote.reason}` : ''}</span
                          >`,
                    )}
                  </td>
                </tr>`
              : ''
          }
          <tr>
            <th>${ageLabel(payout.status)}</th>
            <td>${formatAge(page.ageSeconds * 1000)}</td>
          </tr>
          <tr>
            <th>next check</th>
            <td id="next-check">
              ${payout.nextCheckAt ?? 'none (final)'}${page.nextAction ? html`<br /><span class="muted">${page.nextAction}</span>` : ''}
            </td>
          </tr>
          <tr>
            <th>created</th>
            <td>${payout.createdAt}</td>
          </tr>
        </tbody>
      </table>
      ${actions(data)}
      <h2 id="attempts">Attempts</h2>
      ${
        page.attempts.length === 0
          ? html`<p class="empty">No attempt yet.</p>`
          : html`<table id="attempts-table">
              <thead>
                <tr>
                  <th>attempt</th>
                  <th>provider</th>
                  <th>status</th>
                  <th>polls</th>
                  <th>created</th>
                  <th>provider’s last answer (masked)</th>
                </tr>
              </thead>
              <tbody>
                ${page.attempts.map(attemptRow)}
              </tbody>
            </table>`
      }
      ${
        page.attemptsNextCursor
          ? html`<p>
              <a id="attempts-next" href="/ops/payouts/${payout.id}?attemptsAfter=${page.attemptsNextCursor}#attempts"
                >Later attempts →</a
              >
            </p>`
          : ''
      }
      <h2 id="timeline">Timeline</h2>
      ${timeline(page.events.data, payout.id, page.events.nextCursor)}`,
  });
}

const flags = (page: OpsPayoutPage) =>
  html`${page.payout.needsAttention ? html` <span class="flag">needs attention</span>` : ''}${
    page.contradiction ? html` <span class="flag">contradiction</span>` : ''
  }`;

function actions(data: PayoutPageData): SafeHtml {
  const { payout, canResolve } = data.page;
  if (!data.canWrite) return html`<p class="muted">Read only: actions need a key with ops:write.</p>`;
  if (!canResolve)
    return html`<p class="muted" id="no-actions">
      No action: a ${payout.status} payout is not looked up or resolved.
    </p>`;
  const draft = data.draft ?? {};
  return html`<h2 id="actions">Actions</h2>
    <div class="actions">
      <form method="post" action="/ops/payouts/${payout.id}/refresh" id="refresh-form">
        <input type="hidden" name="back" value="payout" />
        <label>Reason <input type="text" name="reason" required maxlength="500" placeholder="why look now?" /></label>
        <button type="submit" name="refresh" value="${payout.id}">Refresh from the provider</button>
      </form>
      <form method="post" action="/ops/payouts/${payout.id}/resolve" id="resolve-form">
        <fieldset>
          <legend>Resolve by hand</legend>
          <label
            ><input
              type="radio"
              name="status"
              value="succeeded"
              required
              ${draft.status === 'succeeded' ? 'checked' : ''}
            />
            succeeded</label
          >
          <label
            ><input type="radio" name="status" value="failed" ${draft.status === 'failed' ? 'checked' : ''} />
            failed</label
          >
          <label
            >Failure code (failed only)
            <select name="failureCode">
              <option value="">provider_rejected</option>
              ${FAILURE_CODES.filter((code) => code !== 'canceled' && code !== 'provider_rejected').map(
                (code) => html`<option value="${code}">${code}</option>`,
              )}
            </select>
          </label>
          <label
            >Reason <textarea name="reason" required maxlength="4000" rows="2">${draft.reason ?? ''}</textarea>
          </label>
          <label
            >Evidence
            <textarea name="evidence" required maxlength="4000" rows="2" placeholder="ticket, call, statement line">
${draft.evidence ?? ''}</textarea>
          </label>
          <button type="submit" name="step" value="review">Review…</button>
        </fieldset>
      </form>
    </div>`;
}

function attemptRow(attempt: OpsAttemptView): SafeHtml {
  const answer = attempt.lastProviderAnswer;
  return html`<tr data-attempt-id="${attempt.id}">
    <td><code>${attempt.reference}</code><br /><span class="muted">${attempt.id}</span></td>
    <td>${attempt.provider}<br /><code class="muted">${attempt.providerId ?? ''}</code></td>
    <td>${attempt.status}${attempt.failure ? html`<br /><span class="muted">${attempt.failure.code}</span>` : ''}</td>
    <td class="num">
      ${attempt.pollCount}${attempt.lastPolledAt ? html`<br /><span class="muted">last ${attempt.lastPolledAt}</span>` : ''}
    </td>
    <td>${attempt.createdAt}</td>
    <td>
      ${
        answer
          ? html`<details>
              <summary>
                HTTP ${answer.httpStatus ?? '—'}${answer.transportError ? ` · ${answer.transportError}` : ''}
              </summary>
              <pre>${JSON.stringify(answer, null, 2)}</pre>
            </details>`
          : html`<span class="muted">none yet</span>`
      }
    </td>
  </tr>`;
}

function timeline(events: PayoutEventView[], payoutId: string, nextCursor: string | null): SafeHtml {
  if (events.length === 0) return html`<p class="empty">No events on this page.</p>`;
  return html`<table id="events-table">
      <thead>
        <tr>
          <th>#</th>
          <th>when</th>
          <th>change</th>
          <th>by</th>
          <th>actor</th>
          <th>reason</th>
          <th>evidence</th>
          <th>detail</th>
        </tr>
      </thead>
      <tbody>
        ${events.map(
          (event) =>
            html`<tr data-event-id="${event.id}" data-applied="${String(event.applied)}">
              <td class="num">${event.id}</td>
              <td>${event.createdAt}</td>
              <td>
                ${event.from ?? '∅'} →
                ${event.to}${event.applied ? '' : html` <span class="muted">(not applied)</span>`}
              </td>
              <td><code>${event.source}</code></td>
              <td class="actor">${event.actor ?? ''}</td>
              <td class="reason">${event.reason}</td>
              <td class="evidence">${event.evidence ?? ''}</td>
              <td class="muted">${event.detail}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      nextCursor
        ? html`<p>
            <a id="events-next" href="/ops/payouts/${payoutId}?eventsAfter=${nextCursor}#timeline">Later events →</a>
          </p>`
        : ''
    }`;
}

export interface ResolveReview {
  signedInAs: string;
  payout: OpsPayoutPage['payout'];
  status: 'succeeded' | 'failed';
  failureCode?: string;
  reason: string;
  evidence: string;
}

/** The confirmation step: what will be sent, and a second button that sends it. */
export function resolveConfirmPage(data: ResolveReview): SafeHtml {
  const { payout } = data;
  return layout({
    title: `Confirm: resolve payout ${payout.id}`,
    signedInAs: data.signedInAs,
    body: html`<div class="confirm" id="confirm">
      <p>
        You are about to mark payout <code>${payout.id}</code> (${formatAmount(BigInt(payout.amount), payout.currency)},
        now <b>${payout.status}</b>) as
        <b id="confirm-status">${data.status}</b
        >${data.status === 'failed' ? ` (${data.failureCode ?? 'provider_rejected'})` : ''}. The client is told, and
        this cannot be undone.
      </p>
      <dl>
        <dt>Reason</dt>
        <dd id="confirm-reason">${data.reason}</dd>
        <dt>Evidence</dt>
        <dd id="confirm-evidence">${data.evidence}</dd>
      </dl>
      <form method="post" action="/ops/payouts/${payout.id}/resolve">
        <input type="hidden" name="status" value="${data.status}" />
        <input type="hidden" name="failureCode" value="${data.failureCode ?? ''}" />
        <input type="hidden" name="reason" value="${data.reason}" />
        <input type="hidden" name="evidence" value="${data.evidence}" />
        <input type="hidden" name="version" value="${payout.version}" />
        <button type="submit" class="primary" name="step" value="confirm" id="confirm-resolve">
          Yes, resolve as ${data.status}
        </button>
        <a href="/ops/payouts/${payout.id}">Cancel</a>
      </form>
    </div>`,
  });
}

/** A confirm whose payout moved since the review (HTTP 409): nothing was written; look at it again. */
export function payoutChangedPage(data: { signedInAs: string; payoutId: string }): SafeHtml {
  return layout({
    title: `Not resolved: payout ${data.payoutId} changed`,
    signedInAs: data.signedInAs,
    body: html`<p class="notice error" role="alert" id="notice">
        Not resolved: the payout changed since you reviewed it. Nothing was written.
      </p>
      <p><a id="back-to-payout" href="/ops/payouts/${data.payoutId}">Look at payout ${data.payoutId} again →</a></p>`,
  });
}

/** What the age row measures: the time past the release or the approval deadline, else the time in the status. */
function ageLabel(status: string): string {
  if (status === 'scheduled') return 'past its release time by';
  if (status === 'awaiting_approval') return 'past its approval deadline by';
  return 'in status for';
}
