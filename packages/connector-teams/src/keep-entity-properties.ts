import { createRequire } from 'node:module';

interface EntityMapper {
  type: { additionalProperties?: unknown };
}

/**
 * Lets Teams' AI label and citations reach Teams. `botbuilder` 4.23 serializes outgoing
 * activities with `@azure/core-client`, which (since 1.9.2) serializes each element of
 * `activity.entities` with the connector's `Entity` mapper looked up by class name; that
 * mapper declares only `type`, `text` and `mentioned`, so every other property of an
 * entity is silently dropped. Declaring that entities carry more properties keeps them.
 * The SDK is archived, so this internal path is frozen; the connector's tests check the
 * entities that arrive.
 */
export function keepEntityProperties(): void {
  const require = createRequire(import.meta.url);
  const mappers = require('botframework-connector/lib/connectorApi/models/mappers') as {
    Entity?: EntityMapper;
  };
  if (mappers.Entity && !mappers.Entity.type.additionalProperties)
    mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
}
