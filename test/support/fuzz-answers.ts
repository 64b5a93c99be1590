/**
 * What the fuzz accepts as an error answer: the contract's shape with the code that matches its
 * status, or, on the OpenAI-compatible routes, OpenAI's shape with the contract's code.
 */
import { statusOfCode } from './error-codes.js';

export function assertErrorShape(status: number, text: string, where: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${where}: error answer ${status} is not JSON: ${text.slice(0, 200)}`);
  }
  const body = parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
  const error = body.error;
  const shapeIsRight =
    keys.length === 1 &&
    keys[0] === 'error' &&
    typeof error === 'object' &&
    error !== null &&
    Object.keys(error).sort().join(',') === 'code,details,message' &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    typeof error.details === 'object' &&
    error.details !== null &&
    !Array.isArray(error.details);
  if (!shapeIsRight)
    throw new Error(`${where}: error answer ${status} has the wrong shape: ${text.slice(0, 300)}`);
  const code = error?.code as string;
  if (statusOfCode[code] !== status)
    throw new Error(`${where}: code ${code} does not match status ${status}`);
}

/** The OpenAI-compatible routes answer OpenAI's error shape, with the contract's code (other methods: no route). */
export function isOpenAiRoute(method: string, pathname: string): boolean {
  if (method === 'POST') return /^\/v1\/chat\/completions\/?$/.test(pathname);
  return (method === 'GET' || method === 'HEAD') && /^\/v1\/models(\/[^/]+)?\/?$/.test(pathname);
}

export function assertOpenAiErrorShape(status: number, text: string, where: string): void {
  const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
  const error = parsed.error ?? {};
  const shapeIsRight =
    Object.keys(parsed).join(',') === 'error' &&
    Object.keys(error).sort().join(',') === 'code,message,param,type' &&
    typeof error.message === 'string' &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string');
  if (!shapeIsRight)
    throw new Error(`${where}: error answer ${status} has the wrong shape: ${text.slice(0, 300)}`);
  if (statusOfCode[error.code as string] !== status)
    throw new Error(`${where}: code ${String(error.code)} does not match status ${status}`);
}
