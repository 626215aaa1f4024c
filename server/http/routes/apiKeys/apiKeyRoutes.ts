import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../auth/apiKeys.js';
import { notFound } from '../../httpError.js';
import { assertReferencesExist } from '../catalogReferences.js';
import { idParamsSchema, nameSchema, nullableObjectIdSchema } from '../commonSchemas.js';
import { assertUnique } from '../assertUnique.js';
import { defineRoute } from '../defineRoute.js';
import { getModels } from '../../../store/models/models.js';

const apiKeyViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    rangeId: z.string().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyRoutes = [
  defineRoute({
    method: 'get',
    path: '/api-keys',
    tag: 'api-keys',
    summary: 'Ground-link API keys, without their secrets (admin).',
    access: { permission: 'apiKeys:manage' },
    response: z.object({ apiKeys: z.array(apiKeyViewSchema) }),
    async handle({ deps }) {
      return { apiKeys: await listApiKeys(deps.connection) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api-keys',
    tag: 'api-keys',
    summary:
      'Create a ground-link key (admin). The answer holds the key: the only time it is shown.',
    access: { permission: 'apiKeys:manage' },
    body: z
      .strictObject({ name: nameSchema, rangeId: nullableObjectIdSchema.default(null) })
      .meta({ id: 'ApiKeyInput' }),
    successStatus: 201,
    response: z.object({ key: z.string(), apiKey: apiKeyViewSchema }),
    async handle({ body, deps }) {
      await assertReferencesExist(deps.connection, { rangeId: body.rangeId });
      await assertUnique(getModels(deps.connection).ApiKey, 'key', 'name', body.name);
      const created = await createApiKey(deps.connection, body);
      deps.logger.info(
        { apiKeyId: created.apiKey.id, prefix: created.apiKey.prefix },
        'API key created',
      );
      return created;
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api-keys/:id',
    tag: 'api-keys',
    summary: 'Revoke a key (admin); it stays listed, marked revoked.',
    access: { permission: 'apiKeys:manage' },
    params: idParamsSchema,
    response: apiKeyViewSchema,
    async handle({ params, deps }) {
      const revoked = await revokeApiKey(deps.connection, params.id);
      if (!revoked) throw notFound(`No API key ${params.id}.`);
      deps.logger.info({ apiKeyId: revoked.id, prefix: revoked.prefix }, 'API key revoked');
      return revoked;
    },
  }),
];
