import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import { put, type WriteOperation } from '../store/store.js';
import type { JsonObject, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { mergeMetadata } from '../util/merge.js';

/** The most a session's merged metadata may hold, as JSON (a request adds at most 16 KiB). */
export const sessionMetadataLimitBytes = 65_536;

function sizeOf(serialized: string): number {
  return Buffer.byteLength(serialized, 'utf8');
}

function tooLarge(size: number): ParleyError {
  return new ParleyError(
    'invalid_request',
    `metadata: the session's merged metadata would be ${size} bytes of JSON, over the limit of ${sessionMetadataLimitBytes}; send fewer or smaller keys, or set keys it has (null clears a value)`,
    {
      field: 'metadata',
      problem: `merged session metadata over ${sessionMetadataLimitBytes} bytes`,
      size_bytes: size,
      limit_bytes: sessionMetadataLimitBytes,
    },
  );
}

/** Throws invalid_request (`metadata`) when metadata is over the session limit. */
export function checkSessionMetadata(metadata: JsonObject): void {
  const size = sizeOf(JSON.stringify(metadata));
  if (size > sessionMetadataLimitBytes) throw tooLarge(size);
}

/** A session's `sessionMeta.metadata`: its own record, or inside the session for sessions stored before. */
export async function readSessionMetadata(
  context: EngineContext,
  session: SessionRecord,
): Promise<JsonObject> {
  const record = await context.store.get('session_metadata', session.id);
  return record?.metadata ?? session.metadata ?? {};
}

/** The operation that stores a session's metadata in its own record. */
export function putSessionMetadata(
  session: SessionRecord,
  metadata: JsonObject,
  now: number,
): WriteOperation {
  return put('session_metadata', {
    id: session.id,
    app_id: session.app_id,
    metadata,
    updated_at: toIso(now),
  });
}

/**
 * `patch` merged into the session's metadata: `changed` is false when the merge leaves it as it was
 * (the same metadata sent again, as the widget and chat connectors do every turn). Throws
 * invalid_request (`metadata`) when the result would be over the limit and larger than before (a
 * session that grew past it before the limit existed may still shrink or stay), so nothing is written.
 */
export function mergeSessionMetadata(
  current: JsonObject,
  patch: JsonObject,
): { metadata: JsonObject; changed: boolean } {
  const merged = mergeMetadata(current, patch);
  const serialized = JSON.stringify(merged);
  const before = JSON.stringify(current);
  const size = sizeOf(serialized);
  if (size > sessionMetadataLimitBytes && size > sizeOf(before)) throw tooLarge(size);
  // Merging keeps the order of the keys it had, so equal metadata serializes equally.
  const changed = serialized !== before;
  return { metadata: changed ? merged : current, changed };
}

/** The session as stored from now on: without metadata, which lives in its own record. */
export function withoutInlineMetadata(session: SessionRecord): SessionRecord {
  if (session.metadata === undefined) return session;
  const { metadata: _moved, ...rest } = session;
  return rest;
}
