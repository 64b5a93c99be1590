import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { put, remove, removeWhere, type WriteOperation } from '../store/store.js';
import type { DatastoreRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { listAll } from './list-all.js';

export interface DatastoreInput {
  name: string;
  description?: string;
  public?: boolean;
}

export async function presentDatastore(context: EngineContext, datastore: DatastoreRecord) {
  return {
    id: datastore.id,
    name: datastore.name,
    description: datastore.description,
    public: datastore.public ?? false,
    document_count: await context.store.count('documents', { datastore_id: datastore.id }),
    created_at: datastore.created_at,
    updated_at: datastore.updated_at,
  };
}

export async function getDatastoreRecord(
  context: EngineContext,
  datastoreId: string,
): Promise<DatastoreRecord> {
  const datastore = await context.store.get('datastores', datastoreId);
  if (!datastore) throw notFound('Datastore', 'datastore_id', datastoreId);
  return datastore;
}

export async function createDatastore(context: EngineContext, input: DatastoreInput) {
  const now = toIso(context.clock.now());
  const datastore: DatastoreRecord = {
    id: newId('ds'),
    name: input.name,
    description: input.description ?? '',
    public: input.public ?? false,
    created_at: now,
    updated_at: now,
  };
  await context.store.write([put('datastores', datastore)]);
  return presentDatastore(context, datastore);
}

export async function listDatastores(context: EngineContext, parameters: ListParameters) {
  const page = await context.store.list('datastores', { ...parameters, order: 'desc' });
  const presented = await Promise.all(page.items.map((item) => presentDatastore(context, item)));
  return toListResponse({ items: presented, nextCursor: page.nextCursor }, (item) => item);
}

export async function getDatastore(context: EngineContext, datastoreId: string) {
  return presentDatastore(context, await getDatastoreRecord(context, datastoreId));
}

export async function updateDatastore(
  context: EngineContext,
  datastoreId: string,
  patch: Partial<DatastoreInput>,
) {
  const datastore = await getDatastoreRecord(context, datastoreId);
  const updated: DatastoreRecord = {
    ...datastore,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.public !== undefined ? { public: patch.public } : {}),
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('datastores', updated)]);
  return presentDatastore(context, updated);
}

/** Deletes the datastore with its documents and passages, and disconnects it from every agent. */
export async function deleteDatastore(context: EngineContext, datastoreId: string) {
  await getDatastoreRecord(context, datastoreId);
  const documents = await listAll(context, 'documents', { datastore_id: datastoreId });
  const now = toIso(context.clock.now());
  const operations: WriteOperation[] = [];
  for (const agent of await listAll(context, 'agents')) {
    if (agent.datastores.includes(datastoreId)) {
      operations.push(
        put('agents', {
          ...agent,
          datastores: agent.datastores.filter((id) => id !== datastoreId),
          updated_at: now,
        }),
      );
    }
  }
  operations.push(
    removeWhere('chunks', { datastore_id: datastoreId }),
    removeWhere('documents', { datastore_id: datastoreId }),
    removeWhere('document_files', { datastore_id: datastoreId }),
    remove('datastores', datastoreId),
  );
  await context.store.write(operations);
  for (const document of documents) await context.knowledge?.index.removeDocument(document.id);
  return { id: datastoreId, deleted: true };
}
