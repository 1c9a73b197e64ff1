'use client';

import { useState } from 'react';

/** A problem reported by the API, located by field path. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The outcome of an API call made from a page. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string; issues: FieldProblem[] };

/** Calls our own API with the session cookie; errors come back as values with their field issues. */
export async function callApi<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, message: 'The server did not answer. Is Kubewatch running?', issues: [] };
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const error = (json.error ?? {}) as { message?: string; issues?: FieldProblem[] };
  const message = error.message ?? (typeof json.message === 'string' ? json.message : `Request failed (HTTP ${response.status})`);
  return { ok: false, status: response.status, message, issues: error.issues ?? [] };
}

/** The messages for one field (and its sub-fields) from a result's issues. */
export function problemsAt(issues: FieldProblem[], path: string): string[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message);
}

/**
 * Problems of a form's last API call: field issues are shown next to their fields; a failure
 * without field issues becomes the form's message.
 */
export function useApiProblems() {
  const [issues, setIssues] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string>();
  return {
    issues,
    message,
    report(result: { message: string; issues: FieldProblem[] }) {
      setIssues(result.issues);
      setMessage(result.issues.length ? undefined : result.message);
    },
    show(text: string, fieldIssues: FieldProblem[] = []) {
      setIssues(fieldIssues);
      setMessage(text);
    },
    clear() {
      setIssues([]);
      setMessage(undefined);
    },
  };
}
