/**
 * The Pub/Sub client, loaded lazily (cold start, local mode). With `PUBSUB_EMULATOR_HOST` (passed in
 * from config, never read here) it talks plain-text gRPC to that `host:port` and uses no credentials.
 */
import type { PubSub } from '@google-cloud/pubsub';

export interface PubSubOptions {
  projectId: string;
  emulatorHost?: string;
}

export async function createPubSub(opts: PubSubOptions): Promise<PubSub> {
  const { PubSub } = await import('@google-cloud/pubsub');
  return new PubSub({
    projectId: opts.projectId,
    ...(opts.emulatorHost ? { apiEndpoint: opts.emulatorHost, emulatorMode: true } : {}),
  });
}

/** `projects/{project}/subscriptions/{name}` for a short name; a full name is kept as it is. */
export function fullName(projectId: string, kind: 'topics' | 'subscriptions', name: string): string {
  return name.startsWith('projects/') ? name : `projects/${projectId}/${kind}/${name}`;
}

/** The short name of a full resource name (what config and records carry). */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
