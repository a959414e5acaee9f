/**
 * Who may heal (SPEC §5): Slack entry points need `heal.allowed_users` or membership of one of
 * `heal.allowed_usergroups` (members cached briefly; a failed lookup is not cached). The CLI runs with
 * the operator's own cloud credentials and auto-heal is the bot itself.
 */
import type { Config } from '../config.js';
import type { Chat, Clock } from '../ports.js';
import { errText } from '../util/error-text.js';
import { mention } from '../util/mrkdwn.js';
import type { HealSource } from './ports.js';

export type Permission = { ok: true } | { ok: false; reason: string };

/** Why 60 s: a user added to a group can heal within a minute without a lookup per click. */
const GROUP_CACHE_MS = 60_000;

export class HealPermission {
  private readonly groups = new Map<string, { at: number; members: Promise<Set<string>> }>();

  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly chat?: Pick<Chat, 'usergroupMembers'>,
    private readonly cacheMs = GROUP_CACHE_MS,
  ) {}

  async check(source: HealSource, user: string): Promise<Permission> {
    if (source === 'cli' || source === 'auto') return { ok: true };
    const { allowed_users: users, allowed_usergroups: groups } = this.config.heal;
    if (users.includes(user)) return { ok: true };
    const who = [...users.map((u) => mention(u)), ...groups.map((g) => `<!subteam^${g}>`)];
    const allowedText = who.length
      ? `Only ${who.join(', ')} can heal.`
      : 'Nobody is allowed to heal from Slack yet: set heal.allowed_users or heal.allowed_usergroups in the config.';
    const failures: string[] = [];
    if (groups.length && this.chat) {
      for (const g of groups) {
        try {
          if ((await this.members(g)).has(user)) return { ok: true };
        } catch (err) {
          failures.push(`${g}: ${errText(err)}`);
        }
      }
    }
    const why = failures.length ? `: could not check user group membership (${failures.join('; ')})` : '';
    return { ok: false, reason: `${mention(user)} is not allowed to heal${why}. ${allowedText}` };
  }

  private members(group: string): Promise<Set<string>> {
    const nowMs = this.clock.now().getTime();
    const hit = this.groups.get(group);
    if (hit && nowMs - hit.at < this.cacheMs) return hit.members;
    const members = this.chat!.usergroupMembers(group).then((m) => new Set(m));
    this.groups.set(group, { at: nowMs, members });
    // A failed lookup is not cached.
    members.catch(() => {
      if (this.groups.get(group)?.members === members) this.groups.delete(group);
    });
    return members;
  }
}
