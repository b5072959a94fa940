import type { ReactNode } from 'react';
import type { StagePolicy } from '../api/types.ts';

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The stage's numbers as the server states them, as chips. */
export function PolicySummary({ policy }: { policy: StagePolicy }): ReactNode {
  const storage = policy.passwordStorage;
  const chips = [
    `Storage: ${storage.scheme}${storage.cost === null ? '' : ` cost ${storage.cost}`}${storage.salted ? ', salted' : ', no salt'}`,
    policy.accessToken
      ? `Token: ${policy.accessToken.kind}${policy.accessToken.ttlSeconds === null ? ', never expires' : `, ${duration(policy.accessToken.ttlSeconds)}`}`
      : 'No token: password on every request',
    `Login errors: ${policy.loginErrors}`,
    policy.lockout
      ? `Lockout: ${policy.lockout.maxFailures} failures → ${duration(policy.lockout.lockSeconds)}`
      : 'No lockout',
    policy.rateLimit ? `Rate limit: ${policy.rateLimit.limit} logins / ${duration(policy.rateLimit.windowSeconds)} per IP` : 'No rate limit',
  ];
  return (
    <ul className="policy" aria-label="Stage policy">
      {chips.map((chip) => (
        <li key={chip}>{chip}</li>
      ))}
    </ul>
  );
}
