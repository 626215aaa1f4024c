import type { Connection } from 'mongoose';
import { Schema, type Model } from 'mongoose';
import { HttpError } from '../http/httpError.js';

/** Password attempts allowed per account, and per client address, in one window. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Password attempts in fixed windows, kept in the database so every server instance counts the
 * same ones. Each attempt claims a numbered slot, one document whose `_id` names the subject
 * (account or address), the window and the slot number: `account:a@x.kr:1966080:3`. A slot is
 * claimed by inserting it, and the unique `_id` lets exactly one insert win, on MongoDB and on
 * FerretDB alike. A counter updated with `$inc` would not do: FerretDB v1 applies an update as
 * read, modify, write, so 30 parallel `$inc`s of one document can leave it at 1. Windows past
 * their end are swept lazily.
 */
const attemptSlotSchema = new Schema({
  _id: { type: String, required: true },
  windowEndsAt: { type: Date, required: true },
});

interface AttemptSlotDoc {
  _id: string;
  windowEndsAt: Date;
}

const cache = new WeakMap<Connection, Model<AttemptSlotDoc>>();

function attemptSlotModel(connection: Connection): Model<AttemptSlotDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model<AttemptSlotDoc>(
      'LoginAttemptSlot',
      attemptSlotSchema,
      'loginFailures',
    );
    cache.set(connection, model);
  }
  return model;
}

function windowOf(nowMs: number): { index: number; endsAt: Date } {
  const index = Math.floor(nowMs / LOGIN_WINDOW_MS);
  return { index, endsAt: new Date((index + 1) * LOGIN_WINDOW_MS) };
}

interface Subject {
  /** `account:<email>:<window>` or `address:<ip>:<window>`; slots append `:<n>`. */
  id: string;
  limit: number;
}

/** An attempt that was let through, holding its slots until it is forgiven or the window ends. */
export interface LoginAttempt {
  account: Subject;
  accountSlotId: string;
  addressSlotId: string;
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * The id of the slot claimed, or null when every slot of the subject is taken. The last slot
 * is looked at first, so a subject past its limit costs one read per refused attempt.
 */
async function claimSlot(
  Slot: Model<AttemptSlotDoc>,
  subject: Subject,
  windowEndsAt: Date,
): Promise<string | null> {
  if (await Slot.exists({ _id: `${subject.id}:${subject.limit}` })) return null;
  for (let n = 1; n <= subject.limit; n += 1) {
    const _id = `${subject.id}:${n}`;
    try {
      await Slot.create({ _id, windowEndsAt });
      return _id;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return null;
}

/**
 * Counts a password attempt against the account and the client address before the password is
 * verified, so parallel attempts (on any server instance) cannot all pass the check before any
 * of them is recorded. Throws 429 when either is out of attempts; a refused attempt gives back
 * what it claimed. An attempt let through stays counted, as a failure, unless
 * `forgiveLoginAttempt` is called because the password was right.
 */
export async function countLoginAttempt(
  connection: Connection,
  email: string,
  address: string,
  nowMs = Date.now(),
): Promise<LoginAttempt> {
  const Slot = attemptSlotModel(connection);
  const { index, endsAt } = windowOf(nowMs);
  await Slot.deleteMany({ windowEndsAt: { $lte: new Date(nowMs) } });
  const account = { id: `account:${email}:${index}`, limit: LOGIN_FAILURES_PER_ACCOUNT };
  const byAddress = { id: `address:${address}:${index}`, limit: LOGIN_FAILURES_PER_ADDRESS };
  const [accountSlotId, addressSlotId] = await Promise.all([
    claimSlot(Slot, account, endsAt),
    claimSlot(Slot, byAddress, endsAt),
  ]);
  if (accountSlotId && addressSlotId) return { account, accountSlotId, addressSlotId };
  await Promise.all(
    [accountSlotId, addressSlotId].map((_id) => (_id ? Slot.deleteOne({ _id }) : null)),
  );
  const waitS = Math.ceil((endsAt.getTime() - nowMs) / 1000);
  throw new HttpError(
    429,
    'too_many_attempts',
    `Too many failed password attempts; try again in ${Math.ceil(waitS / 60)} minutes.`,
    { retryAfterS: waitS },
  );
}

/**
 * The password was right: the account's failures are forgiven, and this attempt no longer
 * counts against the address (its earlier failures still do).
 */
export async function forgiveLoginAttempt(
  connection: Connection,
  attempt: LoginAttempt,
): Promise<void> {
  const Slot = attemptSlotModel(connection);
  const { account } = attempt;
  await Promise.all([
    // One `_id` delete each: FerretDB reads the whole collection for `$in`.
    ...Array.from({ length: account.limit }, (_, k) =>
      Slot.deleteOne({ _id: `${account.id}:${k + 1}` }),
    ),
    Slot.deleteOne({ _id: attempt.addressSlotId }),
  ]);
}
