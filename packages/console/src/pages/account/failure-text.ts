import { ApiError } from '../../api.js';
import { format, strings } from '../../strings/index.js';

const text = strings.account;

/** What to tell a person whose account request failed, saying what to do next. */
export function failureText(failure: unknown): string {
  if (!(failure instanceof ApiError)) return format(text.somethingFailed, { message: String(failure) });
  const reason = failure.details.reason;
  if (failure.code === 'unreachable') return text.unreachable;
  if (failure.status === 429) {
    const seconds = Number(failure.details.retry_after_seconds ?? 60);
    return format(text.lockedOut, { minutes: Math.max(1, Math.ceil(seconds / 60)) });
  }
  if (reason === 'wrong_credentials') return text.wrongCredentials;
  if (reason === 'wrong_admin_key') return text.wrongAdminKey;
  if (reason === 'owner_exists') return text.ownerExists;
  if (reason === 'email_taken') return text.emailTaken;
  if (reason === 'invite_unusable') return text.inviteUnusable;
  if (reason === 'last_owner') return text.lastOwner;
  if (failure.details.field === 'password') return text.tooShort;
  if (failure.status === 403 && failure.details.role === 'owner') return text.onlyOwners;
  return format(text.somethingFailed, { message: failure.message });
}

/** The named fields of a form, as text. */
export function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
  return values;
}
