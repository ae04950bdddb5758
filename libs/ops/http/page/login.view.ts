import { html, type SafeHtml } from './html';
import { layout } from './layout.view';

/** GET /ops/login: one field, `key`, posted to /ops/login. */
export function loginPage(params: { error?: string } = {}): SafeHtml {
  const error = params.error ? html`<p class="notice error" role="alert">${params.error}</p>` : '';
  return layout({
    title: 'Payout operations',
    body: html`<form class="login" method="post" action="/ops/login">
      <h2>Sign in</h2>
      ${error}
      <label for="key">API key with the ops:read scope</label>
      <input id="key" name="key" type="password" autocomplete="off" required autofocus />
      <button class="primary" type="submit">Sign in</button>
      <p class="muted">The key is checked once; the browser then keeps only a session cookie.</p>
    </form>`,
  });
}

/** A plain error page for the browser (the JSON API answers problem+json instead). */
export function errorPage(params: { status: number; message: string; signedInAs?: string }): SafeHtml {
  return layout({
    title: 'Payout operations',
    signedInAs: params.signedInAs,
    body: html`<p class="notice error" role="alert">${params.status}: ${params.message}</p>
      <p><a href="/ops">Back to the overview</a></p>`,
  });
}
