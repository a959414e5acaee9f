/**
 * Who may heal (SPEC §5): Slack entry points need `heal.allowed_users` or membership of one of
 * `heal.allowed_usergroups` (members cached briefly; a failed lookup is not cached). The CLI runs with
 * the operator's own cloud credentials and auto-heal is the bot itself.
 */
import type { Config } from '../config.js';
import type { Chat, Clock } from '../ports.js';
import { errText } from '../util/error-text.js';
import type { HealSource } from './ports.js';
import type { HealDenial } from './types.js';

export type Permission = { ok: true } | { ok: false; denial: HealDenial };

/** The denial as the heal log records it (plain text; the views render the mentions). */
export function denialReason(d: HealDenial): string {
  const why = d.failures.length ? `: could not check user group membership (${d.failures.join('; ')})` : '';
  const who = [...d.users, ...d.groups.map((g) => `user group ${g}`)];
  const allowed = who.length
    ? `Only ${who.join(', ')} can heal.`
    : 'Nobody is allowed to heal from Slack yet: set heal.allowed_users or heal.allowed_usergroups in the config.';
  return `${d.user} is not allowed to heal${why}. ${allowed}`;
}

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
    return { ok: false, denial: { user, users, groups, failures } };
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
