import { joinRequestSchema } from '@authlab/contract';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ClassroomError, joinClass } from '../../api/classroom.ts';
import { replaceRoute } from '../../router.ts';
import { refreshClassroomStatus } from '../../state/classroom.ts';

interface JoinPageProps {
  /** From the class link (`#/join/<code>`), or empty. */
  code: string;
  joinOpen: boolean;
  /** This browser's workspace, if it already has one. */
  joinedAs: string | undefined;
}

type Field = 'displayName' | 'joinCode';

/** What went wrong, in the learner's terms, and which field to look at. */
function explain(error: unknown): { text: string; field?: Field } {
  if (!(error instanceof ClassroomError)) return { text: `Could not reach the lesson server (${error instanceof Error ? error.message : String(error)}). Try again.` };
  switch (error.code) {
    case 'wrong_join_code':
      return { text: 'That join code is not this class’s. Check it with your instructor: a new code replaces the old one.', field: 'joinCode' };
    case 'join_closed':
      return { text: 'Joining is closed for now. Ask your instructor to open it again.' };
    case 'already_joined':
      return { text: 'This browser already has a workspace in this class. Reload the page to see it.' };
    default:
      if (error.status === 429) return { text: 'Too many tries from here. Wait a minute, then try again.' };
      return { text: error.message, ...(error.message.includes('displayName') ? { field: 'displayName' as const } : {}) };
  }
}

/** A display name and the join code, in exchange for a workspace of one's own. */
export function JoinPage({ code, joinOpen, joinedAs }: JoinPageProps): ReactNode {
  const [displayName, setDisplayName] = useState('');
  const [joinCode, setJoinCode] = useState(code);
  const [problem, setProblem] = useState<{ text: string; field?: Field }>();
  const [sending, setSending] = useState(false);
  const problemId = useId();

  // A visitor has no live status: ask afresh whether joining is open (the instructor may have closed or reopened it).
  useEffect(() => {
    refreshClassroomStatus().catch(() => undefined);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    // The contract's own rules first: a name the lab would refuse is explained without a round trip.
    const request = joinRequestSchema.safeParse({ displayName, joinCode: joinCode.trim() });
    if (!request.success) {
      const issue = request.error.issues[0];
      setProblem({ text: issue?.message ?? 'Check the form.', field: issue?.path[0] === 'joinCode' ? 'joinCode' : 'displayName' });
      return;
    }
    if (request.data.joinCode === '') {
      setProblem({ text: 'Type the join code your instructor gave you.', field: 'joinCode' });
      return;
    }
    setSending(true);
    setProblem(undefined);
    try {
      await joinClass(request.data);
      await refreshClassroomStatus();
      // The join page is done with: Back should not lead to it again.
      replaceRoute('intro');
    } catch (caught) {
      setProblem(explain(caught));
    } finally {
      setSending(false);
    }
  }

  const invalid = (field: Field): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': problemId } : {};

  return (
    <section className="classroom-page" aria-labelledby="join-heading">
      <h1 id="join-heading">Join the class</h1>
      <p>You get a workspace of your own: six stages to break and fix. Your classmates cannot see or change it; your instructor sees your scores and can reset it.</p>
      {joinedAs !== undefined && (
        <p className="notice" role="note" data-testid="already-joined">
          This browser already has a workspace: {joinedAs}&rsquo;s. <a href="#/intro">Go on with the lessons</a>.
        </p>
      )}
      {!joinOpen && (
        <p className="notice notice-warn" role="note">
          Joining is closed for now. Ask your instructor to open it again.
        </p>
      )}
      {joinedAs === undefined && (
        <form className="join-form" onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor="join-name">Your name</label>
          <input
            id="join-name"
            data-testid="join-name"
            type="text"
            autoComplete="nickname"
            maxLength={40}
            required
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            {...invalid('displayName')}
          />
          <p className="muted field-note">Shown on your instructor&rsquo;s screen. Up to 40 characters.</p>
          <label htmlFor="join-code">Join code</label>
          <input
            id="join-code"
            data-testid="join-code-input"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            value={joinCode}
            onChange={(event) => setJoinCode(event.target.value)}
            {...invalid('joinCode')}
          />
          <div className="run-controls">
            <button type="submit" data-testid="join-submit" aria-disabled={sending ? true : undefined}>
              {sending ? 'Joining…' : 'Join'}
            </button>
          </div>
          <p id={problemId} role="alert" className="progress-error" data-testid="join-problem">
            {problem?.text}
          </p>
        </form>
      )}
    </section>
  );
}
