import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Definitions';

export const definitionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/definitions',
    operationId: 'createDefinition',
    summary: 'Create a definition (a rule or a term)',
    description:
      'When a question names a definition (its name or an alias), it is given to the model and listed in the ' +
      "answer's `applied_definitions`. Without `agent_ids` it applies to every agent.",
    tag,
    access: 'secret',
    body: schemas.createDefinitionBody,
    response: schemas.definition,
    successStatus: 201,
    handle: async ({ engine, body }) => engine.definitions.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/definitions',
    operationId: 'listDefinitions',
    summary: 'List definitions',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.definition),
    handle: async ({ engine, query }) => engine.definitions.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/definitions/:id',
    operationId: 'getDefinition',
    summary: 'Get a definition',
    tag,
    access: 'secret',
    params: schemas.definitionPath,
    response: schemas.definition,
    handle: async ({ engine, params }) => engine.definitions.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/definitions/:id',
    operationId: 'updateDefinition',
    summary: 'Update a definition',
    tag,
    access: 'secret',
    params: schemas.definitionPath,
    body: schemas.updateDefinitionBody,
    response: schemas.definition,
    handle: async ({ engine, params, body }) => engine.definitions.update(params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/definitions/:id',
    operationId: 'deleteDefinition',
    summary: 'Delete a definition',
    tag,
    access: 'secret',
    params: schemas.definitionPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.definitions.delete(params.id),
  }),
];
