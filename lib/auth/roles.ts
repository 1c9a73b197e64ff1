/** The three roles: admin (everything, incl. users), editor (clusters, rules, channels, silences), viewer (read). */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs; each route declares exactly one. */
export type Permission = 'read' | 'write' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const NEEDS: Record<Permission, Role> = { read: 'viewer', write: 'editor', admin: 'admin' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what `permission` guards. */
export function allows(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[NEEDS[permission]];
}

/** The weaker of two roles: a token never grants more than its owner has. */
export function weakerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
