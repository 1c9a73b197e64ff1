import type { FieldIssue } from '@/lib/http/errors';

/** Every problem of a refused request, each with the field it is about. */
export function IssueList({ issues }: { issues: readonly FieldIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul>
      {issues.map((issue) => (
        <li key={issue.path + issue.message}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}
