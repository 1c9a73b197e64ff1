import { z } from 'zod';

// Kubernetes label syntax, exactly as k8s.io/apimachinery/pkg/util/validation checks it:
// IsQualifiedName for keys and IsValidLabelValue for values.

const NAME_MAX = 63;
const PREFIX_MAX = 253;
const VALUE_MAX = 63;
/** Maximum labels per cluster: a product limit (Kubernetes itself has none) to keep selectors cheap. */
export const MAX_LABELS = 64;

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const DNS_LABEL = new RegExp(`^(?=.{1,63}$)${DNS1123_LABEL}$`);

const RULES = '(Kubernetes label rules)';
const NAME_CHARS = "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

/** Quotes user input for an error message, shortening huge inputs so messages stay readable. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Every problem with a label key, as messages; empty when the key is valid. */
export function labelKeyProblems(key: string): string[] {
  const q = quote(key);
  if (key === '') return [`label key must not be empty ${RULES}`];
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      `label key ${q} must be a name with an optional DNS subdomain prefix and a single '/' ` +
        `(e.g. "example.com/my-name") ${RULES}`,
    ];
  }
  const problems: string[] = [];
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') {
      problems.push(`label key ${q} has an empty prefix before '/' ${RULES}`);
    } else {
      if (prefix.length > PREFIX_MAX) {
        problems.push(`label key ${q}: prefix must be at most ${PREFIX_MAX} characters (it has ${prefix.length}) ${RULES}`);
      }
      if (!DNS1123_SUBDOMAIN.test(prefix)) {
        problems.push(
          `label key ${q}: prefix ${quote(prefix)} must be a DNS subdomain: lowercase letters, digits, '-' and '.', ` +
            `each dot-separated part starting and ending with a letter or digit ${RULES}`,
        );
      }
    }
  }
  if (name === '') {
    problems.push(`label key ${q} has an empty name after '/' ${RULES}`);
    return problems;
  }
  // Name the part only when there is a prefix; otherwise the whole key is the name.
  const subject = parts.length === 2 ? `label key ${q}: name ${quote(name)}` : `label key ${q}`;
  if (name.length > NAME_MAX) {
    problems.push(`${subject} must be at most ${NAME_MAX} characters (it has ${name.length}) ${RULES}`);
  }
  if (!QUALIFIED_NAME.test(name)) problems.push(`${subject} must consist of ${NAME_CHARS} ${RULES}`);
  return problems;
}

/** Every problem with a label value, as messages; empty when the value is valid. */
export function labelValueProblems(value: string): string[] {
  if (value === '') return [];
  const problems: string[] = [];
  if (value.length > VALUE_MAX) {
    problems.push(`label value ${quote(value)} must be at most ${VALUE_MAX} characters (it has ${value.length}) ${RULES}`);
  }
  if (!QUALIFIED_NAME.test(value)) {
    problems.push(`label value ${quote(value)} must be empty or consist of ${NAME_CHARS} ${RULES}`);
  }
  return problems;
}

/** A Kubernetes label key: optional DNS-subdomain prefix and '/', then a 1-63 character name. */
export const labelKeySchema = z.string({ error: 'label key must be a string' }).superRefine((key, ctx) => {
  for (const message of labelKeyProblems(key)) ctx.addIssue({ code: 'custom', message });
});

/** A Kubernetes label value: empty, or 1-63 characters of the same alphabet as a key's name. */
export const labelValueSchema = z.string({ error: 'label value must be a string' }).superRefine((value, ctx) => {
  for (const message of labelValueProblems(value)) ctx.addIssue({ code: 'custom', message });
});

/** A set of Kubernetes labels (key to value), at most 64 of them; issues carry the offending key in their path. */
export const labelsSchema = z
  .record(labelKeySchema, labelValueSchema, {
    // zod wraps key failures in a generic "Invalid key in record" issue at path [key]; surface our messages.
    error: (issue) => {
      if (issue.code === 'invalid_key') return issue.issues.map((i) => i.message).join('; ');
      if (issue.code === 'invalid_type') return 'labels must be an object mapping label keys to string values';
      return undefined;
    },
  })
  .superRefine((labels, ctx) => {
    const count = Object.keys(labels).length;
    if (count > MAX_LABELS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LABELS} labels are allowed (got ${count})` });
    }
  });

/** Labels as stored on a cluster: label key to label value. */
export type Labels = z.output<typeof labelsSchema>;

/** A cluster name: a lowercase RFC 1123 DNS label of 1-63 characters. */
export const dnsLabelSchema = z.string().regex(DNS_LABEL, {
  error:
    "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
});
