import { useId, useState, type ReactNode } from 'react';
import type { ExchangeRecord } from '../../api/types.ts';
import { findTokens, type FoundToken } from '../../lib/inspect-token.ts';
import { statusLabel } from './response-format.ts';
import { TokenCard, type Verdict } from './TokenCard.tsx';

interface TokenInspectorProps {
  exchange: ExchangeRecord | undefined;
  clockOffsetSeconds: number;
  /** Sends GET /records with this bearer token and records the exchange. */
  onVerify: (token: string) => Promise<ExchangeRecord | undefined>;
}

/** The bearer token the server could be asked about, if this is one. */
function bearerToken(found: FoundToken): string | undefined {
  const { inspection } = found;
  return inspection.kind === 'jwt' || inspection.kind === 'opaque' ? inspection.token : undefined;
}

/**
 * Every token in the selected exchange, decoded as far as anyone can without a key, next to
 * what the server says about it: decoding is not verifying.
 */
export function TokenInspector({ exchange, clockOffsetSeconds, onVerify }: TokenInspectorProps): ReactNode {
  const id = useId();
  // Keyed by token, so a verdict stays with its token when the verify request becomes the selected exchange.
  const [verdicts, setVerdicts] = useState<ReadonlyMap<string, Verdict>>(new Map());
  const tokens = exchange === undefined ? [] : findTokens(exchange);

  async function verify(token: string): Promise<void> {
    if (verdicts.get(token)?.state === 'pending') return;
    const remember = (verdict: Verdict | undefined): void =>
      setVerdicts((previous) => {
        const next = new Map(previous);
        if (verdict === undefined) next.delete(token);
        else next.set(token, verdict);
        return next;
      });
    remember({ state: 'pending' });
    // The server decides at the moment it is asked, by its own clock: remember both.
    // eslint-disable-next-line react-hooks/purity -- verify runs on a click, not during render
    const checkedAt = { atMs: Date.now(), clockOffsetSeconds };
    const answer = await onVerify(token);
    if (answer === undefined) return remember(undefined);
    const { status, statusText, json } = answer.response;
    const error = (json as { error?: unknown } | undefined)?.error;
    remember({
      state: 'answered',
      status: statusLabel(status, statusText),
      accepted: status === 200,
      reason: typeof error === 'string' ? error : undefined,
      checkedAt,
    });
  }

  return (
    <section className="token-inspector" data-testid="token-inspector" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Token inspector</h3>
      {tokens.length === 0 ? (
        <p className="hint">No token or credentials in this exchange. Log in, or build a Basic header, and they show up here decoded.</p>
      ) : (
        tokens.map((found) => {
          const token = bearerToken(found);
          return (
            <TokenCard
              key={found.origin}
              found={found}
              clockOffsetSeconds={clockOffsetSeconds}
              verdict={token === undefined ? undefined : verdicts.get(token)}
              onVerify={token === undefined ? undefined : () => void verify(token)}
            />
          );
        })
      )}
    </section>
  );
}
