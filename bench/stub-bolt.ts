/**
 * The burst benchmark's baseline: a Bolt app (Bolt's own HTTP receiver) whose listeners only ack.
 * Run as `node dist/bench/stub-bolt.js PORT SECRET`; prints `ready` once listening.
 */
import { App } from '@slack/bolt';

const [port, signingSecret] = process.argv.slice(2);
// authorize, as the bot does: no auth.test round trip per request.
const app = new App({
  signingSecret: signingSecret!,
  authorize: async () => ({ botToken: 'xoxb-stub', botId: 'B0STUB', botUserId: 'U0STUB' }),
});
app.command(/.*/, async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
await app.start({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
