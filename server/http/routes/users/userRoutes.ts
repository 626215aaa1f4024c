import { z } from 'zod';
import { hashPassword } from '../../../auth/passwords.js';
import { deleteSessionsOfUser } from '../../../auth/sessions.js';
import { getModels } from '../../../store/models/models.js';
import { conflict, notFound, unprocessable } from '../../httpError.js';
import { assertReferencesExist } from '../catalogReferences.js';
import { idParamsSchema, toObjectId, toObjectIdOrNull } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { createUserBodySchema, updateUserBodySchema } from './schemas.js';
import { toUserView, userViewSchema } from './userView.js';

/** A maker user belongs to exactly one maker; nobody else belongs to one. */
function assertRoleMatchesMaker(role: string, makerId: string | null): void {
  if (role === 'maker' && makerId === null) {
    throw unprocessable('A maker user needs makerId: the maker organisation it belongs to.', {
      path: ['makerId'],
    });
  }
  if (role !== 'maker' && makerId !== null) {
    throw unprocessable(`A ${role} belongs to no maker; leave makerId out or null.`, {
      path: ['makerId'],
    });
  }
}

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: 'Every user (admin).',
    access: { permission: 'users:manage' },
    response: z.object({ users: z.array(userViewSchema) }),
    async handle({ deps }) {
      const users = await getModels(deps.connection).User.find().sort({ email: 1 }).lean();
      return { users: users.map(toUserView) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/users/:id',
    tag: 'users',
    summary: 'One user (admin).',
    access: { permission: 'users:manage' },
    params: idParamsSchema,
    response: userViewSchema,
    async handle({ params, deps }) {
      const user = await getModels(deps.connection).User.findById(params.id).lean();
      if (!user) throw notFound(`No user ${params.id}.`);
      return toUserView(user);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users',
    tag: 'users',
    summary: 'Create a user with a password (admin). A maker user names its maker.',
    access: { permission: 'users:manage' },
    body: createUserBodySchema,
    successStatus: 201,
    response: userViewSchema,
    async handle({ body, deps }) {
      const makerId = body.makerId ?? null;
      assertRoleMatchesMaker(body.role, makerId);
      await assertReferencesExist(deps.connection, { makerId });
      const { User } = getModels(deps.connection);
      if (await User.exists({ email: body.email })) {
        throw conflict(`A user with e-mail ${body.email} already exists.`);
      }
      const { password, ...rest } = body;
      const user = await User.create({
        ...rest,
        makerId: toObjectIdOrNull(makerId),
        passwordHash: await hashPassword(password),
      });
      deps.logger.info({ userId: user._id.toHexString(), role: user.role }, 'user created');
      return toUserView(user.toObject());
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/users/:id',
    tag: 'users',
    summary: 'Change a user (admin). A new password, role, maker or disabling ends their sessions.',
    access: { permission: 'users:manage' },
    params: idParamsSchema,
    body: updateUserBodySchema,
    response: userViewSchema,
    async handle({ params, body, user: caller, deps }) {
      const { User } = getModels(deps.connection);
      const current = await User.findById(params.id).lean();
      if (!current) throw notFound(`No user ${params.id}.`);
      const role = body.role ?? current.role;
      const makerId =
        body.makerId !== undefined
          ? body.makerId
          : body.role !== undefined && body.role !== 'maker'
            ? null
            : (current.makerId?.toHexString() ?? null);
      assertRoleMatchesMaker(role, makerId);
      await assertReferencesExist(deps.connection, { makerId });
      if (
        params.id === caller.id &&
        (body.disabled === true || (body.role && body.role !== 'admin'))
      ) {
        throw conflict('You cannot disable yourself or take away your own admin role.');
      }
      const { password, ...rest } = body;
      const set: Record<string, unknown> = { ...rest, role, makerId: toObjectIdOrNull(makerId) };
      if (password !== undefined) set.passwordHash = await hashPassword(password);
      // updateOne, not findByIdAndUpdate: FerretDB's findAndModify refuses the projection
      // mongoose adds to hide passwordHash.
      await User.updateOne({ _id: current._id }, { $set: set }, { runValidators: true });
      const updated = await User.findById(current._id).lean();
      if (!updated) throw notFound(`No user ${params.id}.`);
      const credentialsChanged =
        password !== undefined ||
        body.disabled === true ||
        role !== current.role ||
        makerId !== (current.makerId?.toHexString() ?? null);
      if (credentialsChanged) await deleteSessionsOfUser(deps.connection, params.id);
      return toUserView(updated);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/users/:id',
    tag: 'users',
    summary: 'Delete a user and end their sessions (admin); not yourself.',
    access: { permission: 'users:manage' },
    params: idParamsSchema,
    successStatus: 204,
    async handle({ params, user: caller, deps }) {
      if (params.id === caller.id) throw conflict('You cannot delete your own account.');
      const { User } = getModels(deps.connection);
      const { deletedCount } = await User.deleteOne({ _id: toObjectId(params.id) });
      if (deletedCount === 0) throw notFound(`No user ${params.id}.`);
      await deleteSessionsOfUser(deps.connection, params.id);
      return undefined;
    },
  }),
];
