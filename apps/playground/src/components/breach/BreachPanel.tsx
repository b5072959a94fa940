import type { StageDescription } from '@authlab/contract';
import { useState, type ReactNode } from 'react';
import { fetchBreach, plantLegacyUser } from '../../api/client.ts';
import { readBreach, summarizeBreach, type BreachReading } from '../../lib/breach.ts';
import { recordExchange } from '../../state/session.ts';

/** A bcrypt or Argon2id string split into what it is made of: parameters, the per-user salt, the hash. */
function StoredValue({ reading }: { reading: BreachReading }): ReactNode {
  const argon2id = reading.argon2id;
  if (argon2id !== undefined) {
    const parameters = `m=${argon2id.memoryKiB},t=${argon2id.iterations},p=${argon2id.parallelism}`;
    return (
      <code className="breach-stored">
        <span
          className="bcrypt-meta"
          title={`Argon2id version ${argon2id.version}: ${argon2id.memoryKiB} KiB of memory, ${argon2id.iterations} passes, ${argon2id.parallelism} lane(s)`}
        >
          {`$argon2id$v=${argon2id.version}$${parameters}$`}
        </span>
        <span className="bcrypt-salt" title="Salt: random, different for every user">
          {argon2id.salt}
        </span>
        {'$'}
        <span className="bcrypt-hash" title="Hash of salt and password">
          {argon2id.hash}
        </span>
      </code>
    );
  }
  const parts = reading.bcrypt;
  if (parts === undefined) return <code className="breach-stored">{reading.stored}</code>;
  return (
    <code className="breach-stored">
      <span className="bcrypt-meta" title={`bcrypt version ${parts.version}, cost ${parts.cost}`}>
        {`$${parts.version}$${String(parts.cost).padStart(2, '0')}$`}
      </span>
      <span className="bcrypt-salt" title="Salt: random, different for every user">
        {parts.salt}
      </span>
      <span className="bcrypt-hash" title="Hash of salt and password">
        {parts.hash}
      </span>
    </code>
  );
}

/** Known to the learner, so they can log in as the planted account and watch its row change. */
const LEGACY_PASSWORD = 'amber-lantern-rowboat-7';

/** What an attacker holds after stealing this stage's database: the credential column as stored. */
export function BreachPanel({ stage }: { stage: StageDescription }): ReactNode {
  const [readings, setReadings] = useState<BreachReading[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [planted, setPlanted] = useState<string>();
  const storage = stage.policy.passwordStorage;

  async function dump(): Promise<void> {
    if (loading) return;
    setLoading(true);
    setError(undefined);
    try {
      const { users, exchange } = await fetchBreach(stage.id);
      recordExchange(exchange);
      setReadings(readBreach(users, { scheme: stage.policy.passwordStorage.scheme }));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
  }

  async function plantLegacy(): Promise<void> {
    if (loading) return;
    setError(undefined);
    const username = `legacy-${Math.random().toString(36).slice(2, 6)}`;
    try {
      const exchange = await plantLegacyUser(stage.id, { username, password: LEGACY_PASSWORD });
      recordExchange(exchange);
      setPlanted(username);
      await dump();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section className="breach-panel" aria-labelledby="breach-heading">
      <h2 id="breach-heading">Breach view</h2>
      <p>Suppose an attacker copies this stage&rsquo;s users table. This is the password column exactly as the server stores it, and what the attacker can read from it.</p>
      {/* aria-disabled, not disabled: a disabled button would drop keyboard focus while the dump loads. */}
      <button type="button" data-testid="breach-dump" onClick={() => void dump()} aria-disabled={loading ? true : undefined}>
        {loading ? 'Dumping…' : readings === undefined ? 'Dump the database' : 'Dump it again'}
      </button>
      {storage.scheme === 'bcrypt' && storage.cost !== null && (
        <button type="button" data-testid="breach-plant-legacy" onClick={() => void plantLegacy()} aria-disabled={loading ? true : undefined}>
          Plant an account from an older release
        </button>
      )}
      {planted !== undefined && (
        <p className="breach-legacy-note" data-testid="breach-legacy-note">
          Planted <code>{planted}</code> (password <code>{LEGACY_PASSWORD}</code>) hashed at a lower cost than this stage&rsquo;s {storage.cost}. Log in as them with the
          request panel, then dump again:{' '}
          {stage.id === 'lockout'
            ? `stage 6 re-hashes the password while it has it, so the row now says cost ${storage.cost}.`
            : 'this stage checks the old hash and keeps it; only stage 6 upgrades it.'}
        </p>
      )}
      <div aria-live="polite">
        {error && (
          <p role="alert" className="error-banner">
            The dump failed: {error}
          </p>
        )}
        {readings?.length === 0 && (
          <p className="breach-empty">Nothing to steal yet. Register a few users with the request panel first (give two of them the same password), then dump again.</p>
        )}
        {readings !== undefined && readings.length > 0 && <p className="breach-summary">{summarizeBreach(readings)}</p>}
      </div>
      {readings !== undefined && readings.length > 0 && (
        <div className="breach-scroll">
          <table className="breach-table">
            <caption className="visually-hidden">Leaked users of stage {stage.title}</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Scheme</th>
                <th scope="col">Stored value</th>
                <th scope="col">What the attacker reads</th>
              </tr>
            </thead>
            <tbody>
              {readings.map((reading) => (
                <tr key={reading.username} data-testid="breach-row" data-kind={reading.kind} className={`breach-${reading.kind}`}>
                  <th scope="row">{reading.username}</th>
                  <td data-testid="breach-scheme">{reading.scheme}</td>
                  <td>
                    <StoredValue reading={reading} />
                  </td>
                  <td>{reading.reading}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {readings.some((reading) => reading.argon2id) && (
            <p className="bcrypt-legend">
              An Argon2id value reads: <span className="bcrypt-meta">$argon2id$v=19$m=memory KiB,t=passes,p=lanes$</span>, then the <span className="bcrypt-salt">salt</span>,
              then the <span className="bcrypt-hash">hash</span>, both in base64.
            </p>
          )}
          {readings.some((reading) => reading.bcrypt) && (
            <p className="bcrypt-legend">
              A bcrypt value reads: <span className="bcrypt-meta">$version$cost$</span>, then the <span className="bcrypt-salt">salt</span> (22 characters, random per user),
              then the <span className="bcrypt-hash">hash</span> (31 characters). The salt is not secret: it makes every guess per-user work.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
