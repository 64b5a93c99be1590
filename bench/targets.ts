/** What every measurement against the running servers needs to know about them. */
export interface BenchTargets {
  /** Parley's origin, e.g. http://127.0.0.1:40123 */
  parleyUrl: string;
  /** The model server's origin (without `/v1`). */
  modelOrigin: string;
  adminKey: string;
  appId: string;
  /** What Parley sends the model for one execute of `executeMessage` in a new session (system + user). */
  modelRequestBody: Record<string, unknown>;
  parleyPid: number;
  modelPid: number;
}

/** Every execute sends this, with no `session_id`: each request opens a new session. */
export const executeMessage = 'Hello! What is your return policy?';

export const executeBody = JSON.stringify({ message: executeMessage });

export function executePath(targets: BenchTargets, stream = false): string {
  return `/v1/apps/${targets.appId}/execute${stream ? '/stream' : ''}`;
}

export function authorization(targets: BenchTargets): Record<string, string> {
  return { authorization: `Bearer ${targets.adminKey}` };
}

export const modelPath = '/v1/chat/completions';
