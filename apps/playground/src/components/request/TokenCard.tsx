import { useId, type ReactNode } from 'react';
import type { FoundToken, TokenInspection } from '../../lib/inspect-token.ts';
import { verdictFreshness, type ClockReading } from '../../lib/verdict-freshness.ts';
import { ExpiryCountdown } from './ExpiryCountdown.tsx';
import { useNow } from './use-now.ts';

export type Verdict = { state: 'pending' } | { state: 'answered'; status: string; accepted: boolean; reason: string | undefined; checkedAt: ClockReading };

interface TokenCardProps {
  found: FoundToken;
  clockOffsetSeconds: number;
  verdict: Verdict | undefined;
  /** Present for tokens the server can be asked about (bearer tokens). */
  onVerify: (() => void) | undefined;
}

const KIND_LABELS: Readonly<Record<TokenInspection['kind'], string>> = {
  jwt: 'JWT',
  opaque: 'opaque token',
  refresh: 'refresh token',
  basic: 'Basic credentials',
  unreadable: 'unreadable',
};

function JSONBlock({ label, value }: { label: string; value: unknown }): ReactNode {
  return (
    <figure className="token-part">
      <figcaption>{label}</figcaption>
      <pre className="block">{JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}

function Explanation({ inspection, clockOffsetSeconds }: { inspection: TokenInspection; clockOffsetSeconds: number }): ReactNode {
  switch (inspection.kind) {
    case 'jwt':
      return (
        <>
          <p className="token-note">Decoding is not verifying: anyone can read this. Only the server, with its key, can check the signature.</p>
          {inspection.unsigned && <p className="token-warning">Unsigned (alg: none): nothing vouches for these claims. A server must refuse it.</p>}
          <JSONBlock label="Header" value={inspection.header} />
          <JSONBlock label="Payload" value={inspection.payload} />
          {inspection.expiresAtSeconds === undefined ? (
            <p className="token-warning">No exp claim: this token never expires.</p>
          ) : (
            <ExpiryCountdown expiresAtSeconds={inspection.expiresAtSeconds} clockOffsetSeconds={clockOffsetSeconds} />
          )}
        </>
      );
    case 'opaque':
      return <p className="token-note">Opaque: means nothing without the server's session table. There is nothing to decode.</p>;
    case 'refresh':
      return <p className="token-note">Opaque and single use: POST /refresh accepts it once and answers a new pair; the same token a second time is refused.</p>;
    case 'basic':
      return (
        <>
          <p>
            Decodes to{' '}
            <code className="token-decoded" data-testid="basic-decoded">
              {inspection.username}:{inspection.password}
            </code>
          </p>
          <p className="token-warning">base64 is an encoding, not encryption: anyone who sees this header has the password, on every request. Only HTTPS protects it.</p>
        </>
      );
    case 'unreadable':
      return <p className="token-warning">Cannot read this: {inspection.reason}.</p>;
  }
}

/** One token or credential: where it came from, what anyone can read from it, and the server's verdict. */
export function TokenCard({ found, clockOffsetSeconds, verdict, onVerify }: TokenCardProps): ReactNode {
  const id = useId();
  return (
    <article className={`token-card token-${found.inspection.kind}`} aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>
        {found.label} <span className="token-kind">{KIND_LABELS[found.inspection.kind]}</span>
      </h4>
      <p className="token-raw">
        <code>{found.raw}</code>
      </p>
      <Explanation inspection={found.inspection} clockOffsetSeconds={clockOffsetSeconds} />
      {onVerify && (
        <div className="token-verify">
          <button type="button" data-testid="verify-token" aria-disabled={verdict?.state === 'pending' ? true : undefined} onClick={onVerify}>
            {verdict?.state === 'answered' ? 'Verify again' : 'Verify on server'}
          </button>
          {verdict?.state === 'answered' && (
            <AnsweredVerdict
              verdict={verdict}
              clockOffsetSeconds={clockOffsetSeconds}
              expiresAtSeconds={found.inspection.kind === 'jwt' ? found.inspection.expiresAtSeconds : undefined}
            />
          )}
        </div>
      )}
    </article>
  );
}

/**
 * The server's answer, crossed out once time may have changed it: after the token's exp or a
 * move of the demo clock, the same request can answer differently.
 */
function AnsweredVerdict({
  verdict,
  clockOffsetSeconds,
  expiresAtSeconds,
}: {
  verdict: Extract<Verdict, { state: 'answered' }>;
  clockOffsetSeconds: number;
  expiresAtSeconds: number | undefined;
}): ReactNode {
  // Ticks only while the expiry can still pass; a clock move re-renders through the prop.
  const now = useNow({ intervalMs: 1000, active: expiresAtSeconds !== undefined });
  const freshness = verdictFreshness(verdict.checkedAt, { atMs: now, clockOffsetSeconds }, expiresAtSeconds);
  const tone = verdict.accepted ? 'tone-ok' : 'tone-error';
  return (
    <div data-testid="verify-verdict" data-stale={freshness.stale} className={freshness.stale ? 'verify-verdict is-stale' : 'verify-verdict'}>
      <p className={freshness.stale ? undefined : tone}>
        {freshness.stale && <strong className="stale-label">Stale: </strong>}
        <span className="verdict-text">
          GET /records answered <strong>{verdict.status}</strong>:{' '}
          {verdict.accepted ? 'the server accepts this token.' : `refused${verdict.reason ? ` ("${verdict.reason}")` : ''}.`}
        </span>
      </p>
      {freshness.stale && (
        <p className="hint" data-testid="verify-stale-reason">
          That was true when asked, but {freshness.reason}: the server may answer differently now. Verify again.
        </p>
      )}
    </div>
  );
}
