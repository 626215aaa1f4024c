import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../../auth/passwords.js';
import { PERMISSIONS } from '../../../auth/permissions.js';
import { ROLES } from '../../../store/models/user.js';
import { passwordSchema } from '../users/schemas.js';

export const loginBodySchema = z
  .strictObject({
    email: z.string().trim().toLowerCase().max(254).min(3, 'must be an e-mail address'),
    password: z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH),
  })
  .meta({ id: 'LoginRequest' });

export const sessionUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    makerId: z.string().nullable(),
  })
  .meta({ id: 'SessionUser' });

export const meResponseSchema = z
  .object({ user: sessionUserSchema, permissions: z.array(z.enum(PERMISSIONS)) })
  .meta({ id: 'Me' });

export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH),
    newPassword: passwordSchema,
  })
  .refine((body) => body.newPassword !== body.currentPassword, {
    message: 'must differ from the current password',
    path: ['newPassword'],
  })
  .meta({ id: 'PasswordChange' });
