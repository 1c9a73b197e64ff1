// SLO names as identifiers for tools with stricter rules than label values (Kubernetes object
// names for Pyrra, Sloth's service and SLO ids): lowercase, runs of anything else as "-".

const MAX_LENGTH = 63;

/** "API availability / EU" → "api-availability-eu"; a valid DNS label (RFC 1123). */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
  if (slug === '') throw new Error(`"${name}" has no letters or digits to make a name from`);
  return slug;
}
