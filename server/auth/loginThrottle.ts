import type { Connection } from 'mongoose';
import { Schema, type Model } from 'mongoose';
import { HttpError } from '../http/httpError.js';

/** Failed logins allowed per account, and per client address, in one window. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 20;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Counters of failed logins in fixed windows, kept in MongoDB so every server instance
 * counts the same failures. `_id` names the subject and the window, so counting is one
 * atomic upsert on the `_id` index; windows past their end are swept lazily.
 */
const loginFailureSchema = new Schema({
  _id: { type: String, required: true },
  count: { type: Number, required: true },
  windowEndsAt: { type: Date, required: true },
});

interface LoginFailureDoc {
  _id: string;
  count: number;
  windowEndsAt: Date;
}

const cache = new WeakMap<Connection, Model<LoginFailureDoc>>();

function loginFailureModel(connection: Connection): Model<LoginFailureDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model<LoginFailureDoc>('LoginFailure', loginFailureSchema, 'loginFailures');
    cache.set(connection, model);
  }
  return model;
}

function windowOf(nowMs: number): { index: number; endsAt: Date } {
  const index = Math.floor(nowMs / LOGIN_WINDOW_MS);
  return { index, endsAt: new Date((index + 1) * LOGIN_WINDOW_MS) };
}

function subjects(email: string, address: string, windowIndex: number) {
  return [
    { id: `account:${email}:${windowIndex}`, limit: LOGIN_FAILURES_PER_ACCOUNT },
    { id: `address:${address}:${windowIndex}`, limit: LOGIN_FAILURES_PER_ADDRESS },
  ];
}

/** Throws 429 when the account or the address has failed too often in this window. */
export async function assertLoginAllowed(
  connection: Connection,
  email: string,
  address: string,
  nowMs = Date.now(),
): Promise<void> {
  const { index, endsAt } = windowOf(nowMs);
  const checks = subjects(email, address, index);
  // One `_id` lookup each: FerretDB scans the collection for `$in`.
  const counters = await Promise.all(
    checks.map((check) => loginFailureModel(connection).findById(check.id).lean()),
  );
  const exhausted = checks.some((check, index) => (counters[index]?.count ?? 0) >= check.limit);
  if (exhausted) {
    const waitS = Math.ceil((endsAt.getTime() - nowMs) / 1000);
    throw new HttpError(
      429,
      'too_many_attempts',
      `Too many failed logins; try again in ${Math.ceil(waitS / 60)} minutes.`,
      { retryAfterS: waitS },
    );
  }
}

export async function recordLoginFailure(
  connection: Connection,
  email: string,
  address: string,
  nowMs = Date.now(),
): Promise<void> {
  const Failure = loginFailureModel(connection);
  const { index, endsAt } = windowOf(nowMs);
  await Failure.deleteMany({ windowEndsAt: { $lte: new Date(nowMs) } });
  for (const subject of subjects(email, address, index)) {
    await Failure.updateOne(
      { _id: subject.id },
      { $inc: { count: 1 }, $setOnInsert: { windowEndsAt: endsAt } },
      { upsert: true },
    );
  }
}

/** A successful login forgives the account's failures (not the address's). */
export async function clearAccountFailures(
  connection: Connection,
  email: string,
  nowMs = Date.now(),
): Promise<void> {
  const { index } = windowOf(nowMs);
  await loginFailureModel(connection).deleteOne({ _id: `account:${email}:${index}` });
}
