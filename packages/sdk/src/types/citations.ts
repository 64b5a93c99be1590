export type { AppliedDefinition, Citation, DefinitionType } from '@parley/contract';
