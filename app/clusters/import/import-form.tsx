'use client';

import { useState } from 'react';
import { callApi, type FieldProblem } from '../../components/api-client';

interface Context {
  context: string;
  server: string | null;
  current: boolean;
  suggestedName: string;
  problems: string[];
  warnings: string[];
}

interface Choice {
  selected: boolean;
  name: string;
  prometheusUrl: string;
}

/** Upload a kubeconfig, see its contexts (dry run), pick some and give each its Prometheus. */
export function ImportForm() {
  const [kubeconfig, setKubeconfig] = useState('');
  const [contexts, setContexts] = useState<Context[]>();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [issues, setIssues] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function preview() {
    setBusy(true);
    setError(undefined);
    setIssues([]);
    const result = await callApi<{ contexts: Context[] }>('POST', '/api/v1/clusters/import-kubeconfig', { kubeconfig, dryRun: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.issues.map((i) => i.message).join('; ') || result.message);
      return;
    }
    setContexts(result.data.contexts);
    setChoices(
      Object.fromEntries(
        result.data.contexts.map((c) => [c.context, { selected: c.problems.length === 0, name: c.suggestedName, prometheusUrl: '' }]),
      ),
    );
  }

  async function submit() {
    const chosen = contexts!.filter((c) => choices[c.context]?.selected);
    setBusy(true);
    const result = await callApi('POST', '/api/v1/clusters/import-kubeconfig', {
      kubeconfig,
      clusters: chosen.map((c) => ({ context: c.context, name: choices[c.context]!.name, prometheus: { url: choices[c.context]!.prometheusUrl } })),
    });
    setBusy(false);
    if (result.ok) window.location.assign('/clusters');
    else {
      setIssues(result.issues);
      setError(result.message);
    }
  }

  const update = (context: string, change: Partial<Choice>) => setChoices((all) => ({ ...all, [context]: { ...all[context]!, ...change } }));
  // Map "clusters.<i>...." issues back to the i-th chosen context.
  const chosenOrder = contexts?.filter((c) => choices[c.context]?.selected).map((c) => c.context) ?? [];
  const problemsFor = (context: string) =>
    issues.filter((i) => i.path.startsWith(`clusters.${chosenOrder.indexOf(context)}.`)).map((i) => `${i.path.split('.').slice(2).join('.')}: ${i.message}`);

  return (
    <div className="form cluster-form">
      <label htmlFor="kubeconfig-file">Kubeconfig file</label>
      <input
        id="kubeconfig-file"
        type="file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) setKubeconfig(await file.text());
        }}
      />
      <label htmlFor="kubeconfig">…or paste it</label>
      <textarea id="kubeconfig" rows={8} value={kubeconfig} onChange={(e) => setKubeconfig(e.target.value)} placeholder="apiVersion: v1&#10;kind: Config&#10;clusters: …" />
      <span className="hint">Credentials must be inline: <code>kubectl config view --raw --flatten --minify</code>. Exec plugins (aws, gke-gcloud-auth-plugin) cannot run on the server: use a service-account token.</span>
      <div className="actions">
        <button className="button secondary" type="button" onClick={preview} disabled={busy || !kubeconfig.trim()}>
          Read contexts
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {contexts && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Contexts in the kubeconfig">
<table>
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Context</th>
              <th scope="col">Cluster name</th>
              <th scope="col">Prometheus URL</th>
            </tr>
          </thead>
          <tbody>
            {contexts.map((c) => {
              const choice = choices[c.context]!;
              const usable = c.problems.length === 0;
              const rowProblems = problemsFor(c.context);
              return (
                <tr key={c.context}>
                  <td>
                    <input type="checkbox" aria-label={`Import ${c.context}`} checked={choice.selected} disabled={!usable} onChange={(e) => update(c.context, { selected: e.target.checked })} />
                  </td>
                  <td>
                    <strong>{c.context}</strong> {c.current && <span className="hint">(current)</span>}
                    <div className="hint">{c.server ?? 'no usable server'}</div>
                    {c.problems.map((p) => <div key={p} className="error">{p}</div>)}
                    {c.warnings.map((w) => <div key={w} className="hint">⚠ {w}</div>)}
                  </td>
                  <td>
                    <input aria-label={`Name for ${c.context}`} value={choice.name} disabled={!usable} onChange={(e) => update(c.context, { name: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`Prometheus URL for ${c.context}`} type="url" placeholder="http://prometheus:9090" value={choice.prometheusUrl} disabled={!usable} onChange={(e) => update(c.context, { prometheusUrl: e.target.value })} />
                    {rowProblems.map((p) => <div key={p} className="error">{p}</div>)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
</div>
      )}
      {contexts && (
        <div className="actions">
          <button className="button" type="button" onClick={submit} disabled={busy || chosenOrder.length === 0}>
            Import {chosenOrder.length} cluster{chosenOrder.length === 1 ? '' : 's'}
          </button>
        </div>
      )}
    </div>
  );
}
