/** MAVLink decode core: framing, normalising, .tlog reading and writing. */
export type { MavlinkFrame } from './frame.js';
export { FrameScanner } from './frameScanner.js';
export { Normaliser, type VehicleInfo } from './normaliser.js';
export { modeName } from './modeNames.js';
export { encodeFrame, type FrameToEncode } from './encodeFrame.js';
export { crcExtraOf, payloadLengthOf, messageNameOf, isKnownMessage } from './messageRegistry.js';
export {
  decodeTlog,
  decodeTlogBatches,
  type DecodedBatch,
  type DecodedTlog,
} from './decodeTlog.js';
export { readTlog } from '../tlog/readTlog.js';
export { TlogRecordSplitter } from '../tlog/tlogRecordSplitter.js';
export { TlogWriter } from '../tlog/tlogWriter.js';
export { encodeTlogRecord, type TlogRecord } from '../tlog/tlogRecord.js';
