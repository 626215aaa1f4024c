import { z } from 'zod';
import { listSigningKeys } from '../../../signing/rangeSigner.js';
import { noQuerySchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

const signingKeyViewSchema = z
  .object({
    keyId: z.string(),
    algorithm: z.literal('Ed25519'),
    publicKeyPem: z.string(),
    validFrom: z.iso.datetime(),
    validUntil: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SigningKey' });

export const signingKeyRoutes = [
  defineRoute({
    method: 'get',
    path: '/signing-keys',
    tag: 'signing-keys',
    summary:
      "The range's public signing keys, newest first, with their validity: what `npx sortie-verify --key` checks reports against. Old keys stay after a rotation.",
    access: 'signed-in',
    query: noQuerySchema,
    response: z.object({ signingKeys: z.array(signingKeyViewSchema) }),
    async handle({ deps }) {
      const keys = await listSigningKeys(deps.connection);
      return {
        signingKeys: keys.map((key) => ({
          keyId: key.keyId,
          algorithm: 'Ed25519' as const,
          publicKeyPem: key.publicKeyPem,
          validFrom: key.validFrom.toISOString(),
          validUntil: key.validUntil ? key.validUntil.toISOString() : null,
        })),
      };
    },
  }),
];
