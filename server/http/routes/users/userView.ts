import { z } from 'zod';
import type { EntityId } from '../../../store/ids.js';
import { ROLES, type Role } from '../../../store/models/user.js';
import { hexOrNull } from '../commonSchemas.js';

export const userViewSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    makerId: z.string().nullable(),
    disabled: z.boolean(),
    locale: z.enum(['ko', 'en']).nullable(),
    lastLoginAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'User' });

export type UserView = z.infer<typeof userViewSchema>;

interface StoredUser {
  _id: EntityId;
  email: string;
  name: string;
  role: string;
  makerId?: EntityId | null;
  disabled?: boolean | null;
  locale?: string | null;
  lastLoginAt?: Date | null;
  createdAt?: Date | null;
}

/** A user as the API shows it: never the password hash. */
export function toUserView(user: StoredUser): UserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    makerId: hexOrNull(user.makerId),
    disabled: user.disabled ?? false,
    locale: (user.locale as 'ko' | 'en' | null | undefined) ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt?.toISOString() ?? null,
  };
}
