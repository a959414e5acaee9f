import type { RespondFn } from '@slack/bolt';

/** A short reply only the clicking user sees, leaving the alert message itself untouched. */
export async function ephemeral(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}
