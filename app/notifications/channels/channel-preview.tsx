'use client';

// What the channel would send for a sample alert, from the unsaved form: target, headers (secrets
// masked by the server) and body (pretty JSON for HTTP channels; subject, text and the HTML part
// in a sandboxed iframe for email). Nothing is sent.
import { useState } from 'react';

export interface RenderedRequest {
  target: string;
  headers: Record<string, string>;
  body: unknown;
}
export interface PreviewResult {
  type: string;
  requests: RenderedRequest[];
}

interface EmailBody {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
}

const isEmailBody = (body: unknown): body is EmailBody =>
  typeof body === 'object' && body !== null && typeof (body as EmailBody).subject === 'string' && typeof (body as EmailBody).html === 'string';

function RequestView({ request, index, total }: { request: RenderedRequest; index: number; total: number }) {
  const headers = Object.entries(request.headers);
  const body = request.body;
  return (
    <section className="preview-request" aria-label={total > 1 ? `Request ${index + 1} of ${total}` : 'Request'}>
      {total > 1 && <h4>Request {index + 1} of {total}</h4>}
      <p className="preview-target">
        <span className="field-label">Target</span> <code data-testid="preview-target">{request.target}</code>
      </p>
      {headers.length > 0 && (
        <details>
          <summary>Headers ({headers.length})</summary>
          <dl className="summary preview-headers">
            {headers.map(([k, v]) => (
              <div key={k} className="contents">
                <dt>{k}</dt>
                <dd>
                  <code>{v}</code>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {isEmailBody(body) ? (
        <div className="preview-email">
          <dl className="summary">
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{body.subject}</dd>
            <dt>From</dt>
            <dd>{body.from}</dd>
            <dt>To</dt>
            <dd>{body.to.join(', ')}</dd>
            {body.cc && body.cc.length > 0 && (
              <>
                <dt>Cc</dt>
                <dd>{body.cc.join(', ')}</dd>
              </>
            )}
          </dl>
          <details>
            <summary>Plain-text part</summary>
            <pre className="preview-body">{body.text}</pre>
          </details>
          <p className="field-label">HTML part</p>
          {/* sandbox without permissions: no scripts, no forms, no navigation of this page */}
          <iframe className="preview-html" sandbox="" srcDoc={body.html} title="HTML part of the email" />
        </div>
      ) : (
        <>
          <p className="field-label">Body</p>
          <pre className="preview-body" data-testid="preview-body" tabIndex={0}>
            {typeof body === 'string' ? body : JSON.stringify(body, null, 2)}
          </pre>
        </>
      )}
    </section>
  );
}

export function ChannelPreview({ load, disabledReason }: { load: (status: 'firing' | 'resolved') => Promise<{ ok: true; data: PreviewResult } | { ok: false; message: string }>; disabledReason?: string }) {
  const [status, setStatus] = useState<'firing' | 'resolved'>('firing');
  const [result, setResult] = useState<PreviewResult>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function run(next = status) {
    setBusy(true);
    const outcome = await load(next);
    setBusy(false);
    if (outcome.ok) {
      setResult(outcome.data);
      setProblem(undefined);
    } else {
      setResult(undefined);
      setProblem(outcome.message);
    }
  }

  return (
    <section className="card channel-preview" aria-labelledby="preview-title">
      <div className="backtest-head">
        <h2 id="preview-title">Preview</h2>
        <div className="mode-toggle" role="radiogroup" aria-label="Notification to preview">
          {(['firing', 'resolved'] as const).map((s) => (
            <label key={s} className={status === s ? 'selected' : ''}>
              <input
                type="radio"
                name="preview-status"
                value={s}
                checked={status === s}
                onChange={() => {
                  setStatus(s);
                  if (result || problem) void run(s);
                }}
              />
              {s}
            </label>
          ))}
        </div>
        <button type="button" className="button secondary small" onClick={() => run()} disabled={busy || !!disabledReason}>
          {busy ? 'Rendering…' : result ? 'Refresh preview' : 'Preview'}
        </button>
      </div>
      <p className="hint">What this channel would send for a sample alert, with the settings as they are in the form (not saved). Nothing is sent; secrets are masked.</p>
      {disabledReason && <p className="hint">{disabledReason}</p>}
      <div aria-live="polite">
        {problem && (
          <p className="error" role="alert">
            Preview failed: {problem}
          </p>
        )}
        {result &&
          (result.requests.length === 0 ? (
            <p className="hint">Nothing would be sent: “Send resolved notifications” is off and this notification has only resolved alerts.</p>
          ) : (
            result.requests.map((request, i) => <RequestView key={i} request={request} index={i} total={result.requests.length} />)
          ))}
      </div>
    </section>
  );
}
