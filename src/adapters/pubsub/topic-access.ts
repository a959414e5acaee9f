/**
 * The doctor's look at a `pubsub` heal's topic: `exists()`, then `testIamPermissions` for
 * `pubsub.topics.publish` (it needs no permission of its own). The emulator implements no IAM: its
 * UNIMPLEMENTED answer is "not checked", never a failure. Nothing is published.
 */
import type { PubSub } from '@google-cloud/pubsub';
import type { TopicAccess } from '../../doctor/types.js';
import { GRPC_NOT_FOUND, grpcCode } from '../scheduler/client.js';

/** Why this permission: the only one a `pubsub` heal uses (roles/pubsub.publisher grants it). */
const PUBLISH = 'pubsub.topics.publish';

/** Why 7: gRPC PERMISSION_DENIED, what `exists()` throws for an account that may publish but not read. */
const PERMISSION_DENIED = 7;
/** Why 12: gRPC UNIMPLEMENTED, what the Pub/Sub emulator answers to every IAM call. */
const UNIMPLEMENTED = 12;

export async function topicAccess(pubsub: PubSub, name: string): Promise<TopicAccess> {
  const topic = pubsub.topic(name);
  try {
    const [exists] = await topic.exists();
    if (!exists) return { state: 'missing' };
  } catch (err) {
    // A publisher-only account may not read the topic; testIamPermissions below still tells.
    if (grpcCode(err) !== PERMISSION_DENIED) throw err;
  }
  try {
    const [granted] = await topic.iam.testPermissions([PUBLISH]);
    return { state: 'found', publish: granted[PUBLISH] === true };
  } catch (err) {
    const code = grpcCode(err);
    if (code === GRPC_NOT_FOUND) return { state: 'missing' };
    if (code === UNIMPLEMENTED)
      return {
        state: 'found',
        publish: 'unchecked',
        reason: 'this Pub/Sub (the emulator?) does not implement testIamPermissions',
      };
    throw err;
  }
}
