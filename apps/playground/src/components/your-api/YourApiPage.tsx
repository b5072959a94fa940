import { readApiDescription } from '@authlab/contract';
import { useMemo, type ReactNode } from 'react';
import { useYourApiDraft } from '../../state/your-api.ts';
import { DescriptionField } from './DescriptionField.tsx';
import { OwnRunPanel } from './OwnRunPanel.tsx';
import { ReportImport } from './ReportImport.tsx';

/** The practice checks against a login API the learner wrote, in any language. */
export function YourApiPage(): ReactNode {
  const [draft, updateDraft] = useYourApiDraft();
  const read = useMemo(() => (draft.description.trim() === '' ? undefined : readApiDescription(draft.description)), [draft.description]);

  return (
    <section className="your-api" aria-labelledby="your-api-heading">
      <h1 id="your-api-heading">Your API</h1>
      <p>
        Built your own login API, in any language? Run the same practice checks against it that the stages face. Each verdict comes with the requests behind it, and a failing
        check says what to change.
      </p>
      <p className="notice" role="note">
        <strong>Why the lesson server sends the requests: </strong>
        your API most likely sends no CORS headers, so this page could not read its answers, and no web page may read <code>Set-Cookie</code> or set <code>Cookie</code>. The
        page hands each request to the lesson server, which sends it on and returns the full answer. It sends only to addresses on this machine.
      </p>
      <p className="muted">Your description and URL stay in this browser (its localStorage), so they are here next time; nothing leaves this machine.</p>
      <DescriptionField text={draft.description} read={read} onChange={(description) => updateDraft({ description })} />
      <OwnRunPanel url={draft.url} onURLChange={(url) => updateDraft({ url })} description={read?.ok ? read.description : undefined} />
      <ReportImport />
    </section>
  );
}
