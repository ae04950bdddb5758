import type { Reply } from '../server/http-io';
import type { ChaosTiming } from './chaos-engine';
import type { LookupBehaviour, SendBehaviour } from './chaos-profile';

/** A connection reset: the router destroys the socket, the caller gets no HTTP answer at all. */
export const RESET: Reply = { status: 0, destroySocket: true };

/** How one provider answers each kind of send; the chaos behaviour picks which, and when the record is made. */
export interface SendAnswers {
  /** Records the transfer when it is new (or finds the recorded one) and returns the provider's normal answer. */
  accept(options?: { webhookFirst: boolean }): Reply;
  /** The provider's own refusal for this behaviour; undefined when this provider has no such refusal. */
  refusal(behaviour: SendBehaviour): Reply | undefined;
  serverError(): Reply;
  throttled(): Reply;
}

export function chaosSendReply(behaviour: SendBehaviour, answers: SendAnswers, timing: ChaosTiming): Reply {
  switch (behaviour) {
    case 'normal':
      return answers.accept();
    case 'early_webhook':
      return { ...answers.accept({ webhookFirst: true }), holdMs: timing.answerDelayMs };
    case 'hold_recorded':
      return { ...answers.accept(), holdMs: timing.holdMs };
    case 'hold_unrecorded':
      return { status: 504, holdMs: timing.holdMs };
    case 'error_before':
      return answers.serverError();
    case 'error_after':
      answers.accept();
      return answers.serverError();
    case 'reset_before':
      return RESET;
    case 'reset_after':
      answers.accept();
      return RESET;
    case 'throttle':
      return answers.throttled();
    default:
      return answers.refusal(behaviour) ?? answers.accept();
  }
}

/** A refusal records nothing; after one on a first send the sandbox may send a late `rejected` webhook about it. */
export const isRefusal = (behaviour: SendBehaviour): boolean =>
  behaviour.startsWith('refuse_') ||
  behaviour.startsWith('code_') ||
  behaviour === 'unknown_code' ||
  behaviour === 'token_error';

export interface LookupAnswers {
  normal(): Reply;
  /** The record as it stood before its outcome (a lagging read). */
  stale(): Reply;
  /** "Not found" while the record is young (inside a consistency window); undefined = answer normally. */
  notFoundInWindow(): Reply | undefined;
  refusal(behaviour: LookupBehaviour): Reply | undefined;
  serverError(): Reply;
  throttled(): Reply;
}

export function chaosLookupReply(behaviour: LookupBehaviour, answers: LookupAnswers, timing: ChaosTiming): Reply {
  switch (behaviour) {
    case 'normal':
      return answers.normal();
    case 'hold':
      return { ...answers.normal(), holdMs: timing.holdMs };
    case 'error':
      return answers.serverError();
    case 'reset':
      return RESET;
    case 'throttle':
      return answers.throttled();
    case 'stale':
      return answers.stale();
    case 'not_found_in_window':
      return answers.notFoundInWindow() ?? answers.normal();
    default:
      return answers.refusal(behaviour) ?? answers.normal();
  }
}
