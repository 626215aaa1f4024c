import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../auth/passwords.js';
import { ROLES } from '../../../store/models/user.js';
import { nameSchema, nullableObjectIdSchema } from '../commonSchemas.js';

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

export const emailSchema = z.email('must be an e-mail address').max(254).toLowerCase();

export const createUserBodySchema = z
  .strictObject({
    email: emailSchema,
    name: nameSchema,
    role: z.enum(ROLES),
    makerId: nullableObjectIdSchema.optional(),
    password: passwordSchema,
    locale: z.enum(['ko', 'en']).nullable().optional(),
  })
  .meta({ id: 'UserInput' });

export const updateUserBodySchema = z
  .strictObject({
    name: nameSchema.optional(),
    role: z.enum(ROLES).optional(),
    makerId: nullableObjectIdSchema.optional(),
    password: passwordSchema.optional(),
    disabled: z.boolean().optional(),
    locale: z.enum(['ko', 'en']).nullable().optional(),
  })
  .meta({ id: 'UserUpdate' });
