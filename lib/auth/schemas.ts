import { z } from 'zod';
import { ROLES } from './roles';

/** The first admin, created from the setup page. */
export const firstAdminSchema = z
  .object({
    email: z.email({ error: 'expected an email address' }).max(254),
    name: z.string().trim().min(1, { error: 'required' }).max(100),
    password: z.string().min(12, { error: 'must be at least 12 characters' }).max(256),
  })
  .strict();

/** A user created by an admin. */
export const newUserSchema = firstAdminSchema.extend({ role: z.enum(ROLES) });

/** A personal API token to create; its role may not exceed its owner's. */
export const newApiTokenSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'required' }).max(100),
    role: z.enum(ROLES).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
