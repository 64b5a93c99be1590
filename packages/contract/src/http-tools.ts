/** The names of the tools Parley runs itself; an HTTP tool may not take them. */
export const builtInToolNames = ['search_knowledge', 'escalate_to_human'] as const;

/** The methods an agent's HTTP tool may call its URL with. */
export const httpToolMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type HttpToolMethod = (typeof httpToolMethods)[number];
