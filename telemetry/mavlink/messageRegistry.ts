import { ardupilotmega, common, minimal, standard } from 'mavlink-mappings';

/**
 * CRC_EXTRA and payload lengths of every message Sortie can frame, taken from mavlink-mappings'
 * registries (minimal, standard, common, ardupilotmega) so they never drift from the XML.
 *
 * Flat typed arrays indexed by message id: the framer looks them up for every frame, and the
 * largest id in these dialects is below 2^16.
 */
const ID_SPACE = 1 << 16;

interface RegisteredMessage {
  MSG_ID: number;
  MAGIC_NUMBER: number;
  PAYLOAD_LENGTH: number;
}

const crcExtraById = new Uint8Array(ID_SPACE);
const payloadLengthById = new Uint16Array(ID_SPACE); // 0 = unknown message
const messageNameById = new Map<number, string>();

const registries: readonly Record<number, RegisteredMessage & { MSG_NAME?: string }>[] = [
  minimal.REGISTRY,
  standard.REGISTRY,
  common.REGISTRY,
  ardupilotmega.REGISTRY,
];

for (const registry of registries) {
  for (const message of Object.values(registry)) {
    crcExtraById[message.MSG_ID] = message.MAGIC_NUMBER;
    payloadLengthById[message.MSG_ID] = message.PAYLOAD_LENGTH;
    if (message.MSG_NAME) messageNameById.set(message.MSG_ID, message.MSG_NAME);
  }
}

/** True when the message id is in one of the registries (so its CRC can be checked). */
export function isKnownMessage(msgId: number): boolean {
  return msgId < ID_SPACE && payloadLengthById[msgId] !== 0;
}

/** CRC_EXTRA seed of a message, or -1 when the message is unknown. */
export function crcExtraOf(msgId: number): number {
  return isKnownMessage(msgId) ? (crcExtraById[msgId] as number) : -1;
}

/** Full payload length [bytes] of a message including MAVLink 2 extensions, or 0 when unknown. */
export function payloadLengthOf(msgId: number): number {
  return msgId < ID_SPACE ? (payloadLengthById[msgId] as number) : 0;
}

/** Message name as the XML spells it (`GLOBAL_POSITION_INT`), or `MSG_<id>` when unknown. */
export function messageNameOf(msgId: number): string {
  return messageNameById.get(msgId) ?? `MSG_${msgId}`;
}
