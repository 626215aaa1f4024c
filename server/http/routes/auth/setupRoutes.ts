import { z } from 'zod';
import { hashPassword } from '../../../auth/passwords.js';
import {
  claimSetupToken,
  deleteAllSetupTokens,
  restoreSetupToken,
} from '../../../admin/setupTokens.js';
import { getModels } from '../../../store/models/models.js';
import { HttpError, conflict } from '../../httpError.js';
import { nameSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { emailSchema, passwordSchema } from '../users/schemas.js';
import { toUserView, userViewSchema } from '../users/userView.js';
import { SETUP_SCRIPT, setupPageHtml } from './setupPage.js';

const tokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from the setup link');

export const setupRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/setup',
    tag: 'auth',
    summary: 'The page the one-time setup link opens (only useful before the first admin exists).',
    access: 'public',
    query: z.strictObject({ token: z.string().max(100).optional() }),
    produces: 'text/html',
    async handle({ deps, res }) {
      const adminExists =
        (await getModels(deps.connection).User.exists({ role: 'admin' })) !== null;
      res.type('html').send(setupPageHtml(adminExists));
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/setup.js',
    tag: 'auth',
    summary: "The setup page's script.",
    access: 'public',
    produces: 'text/javascript',
    async handle({ res }) {
      res.type('text/javascript').send(SETUP_SCRIPT);
      return undefined;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/setup',
    tag: 'auth',
    summary:
      'Create the first admin with the token of the one-time setup link printed at first start.',
    access: 'public',
    body: z
      .strictObject({
        token: tokenSchema,
        email: emailSchema,
        name: nameSchema,
        password: passwordSchema,
      })
      .meta({ id: 'SetupRequest' }),
    successStatus: 201,
    response: userViewSchema,
    async handle({ body, deps }) {
      const { User } = getModels(deps.connection);
      if (await User.exists({ role: 'admin' })) {
        throw conflict('Sortie already has an administrator; log in instead.');
      }
      if (!(await claimSetupToken(deps.connection, body.token))) {
        throw new HttpError(
          401,
          'invalid_setup_token',
          'This setup link is unknown, used or expired; restart the server for a new one.',
        );
      }
      try {
        const admin = await User.create({
          email: body.email,
          name: body.name,
          role: 'admin',
          passwordHash: await hashPassword(body.password),
        });
        await deleteAllSetupTokens(deps.connection);
        deps.logger.info(
          { userId: admin._id.toHexString() },
          'first admin created through the setup link',
        );
        return toUserView(admin.toObject());
      } catch (error) {
        await restoreSetupToken(deps.connection, body.token);
        throw error;
      }
    },
  }),
];
