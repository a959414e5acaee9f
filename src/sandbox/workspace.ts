/**
 * The sandbox's Slack workspace state: users, channels, messages (threads, edits, ephemeral replies only
 * one user sees), App Home views and the response_urls handed out with each payload. Every change is
 * announced to subscribers (the page's server-sent events and the file that keeps it across restarts).
 */
import { randomUUID } from 'node:crypto';

export interface SandboxUser {
  id: string;
  name: string;
  /** What the page's user switcher says about this user. */
  role: string;
}

export interface SandboxChannel {
  id: string;
  name: string;
  /** Direct messages between the bot and this user (visible to that user only). */
  dmWith?: string;
}

export interface SandboxMessage {
  channel: string;
  ts: string;
  /** The author: the bot's user id or a member's. */
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  edited?: boolean;
  /** Ephemeral: only this user sees it. */
  visibleTo?: string;
}

/** Where a response_url answer goes: the channel of the command or click, and the message clicked. */
export interface ResponseTarget {
  channel: string;
  user: string;
  messageTs?: string;
}

export type WorkspaceEvent =
  | { kind: 'message'; message: SandboxMessage }
  | { kind: 'delete'; channel: string; ts: string; visibleTo?: string }
  | { kind: 'home'; user: string; view: unknown }
  | { kind: 'channel'; channel: SandboxChannel }
  | { kind: 'modal'; user: string; view: SandboxView }
  | { kind: 'modal-closed'; user: string; viewId: string };

/** A modal open for one user (`views.open`), as the bot sent it plus the id Slack gives it. */
export interface SandboxView {
  id: string;
  user: string;
  view: Record<string, unknown>;
}

export interface WorkspaceInit {
  teamId: string;
  /** The bot's time zone: the page shows message times in it. */
  timezone: string;
  /** The bot's clock (message timestamps follow it, like the times inside the messages). */
  now: () => Date;
  teamName: string;
  botUserId: string;
  users: SandboxUser[];
  channels: SandboxChannel[];
  /** Members of each user group (`usergroups.users.list`). */
  usergroups: Record<string, string[]>;
}

/** What is kept across restarts (response_urls are not: Slack's expire too). */
export interface WorkspaceData {
  channels: SandboxChannel[];
  messages: SandboxMessage[];
  homes: Record<string, unknown>;
  seq: number;
}

/** Why: a week of the demo's alerts is far less; beyond this the oldest messages go, the page stays fast. */
export const MAX_MESSAGES = 1000;
/** Why: Slack's response_urls expire after 30 minutes; the sandbox keeps the newest ones only. */
const MAX_RESPONSE_URLS = 500;
/** Why: Slack's trigger_ids live 3 s; the sandbox allows 10 s so a loaded machine does not fail the open. */
export const TRIGGER_TTL_MS = 10_000;
/** Why: one open modal per user is what the page shows; a few stale ones are kept for late submissions. */
const MAX_VIEWS = 100;

export class Workspace {
  readonly users: SandboxUser[];
  private readonly channels = new Map<string, SandboxChannel>();
  private readonly messages: SandboxMessage[] = [];
  private readonly homes = new Map<string, unknown>();
  private readonly responses = new Map<string, ResponseTarget>();
  private readonly subscribers = new Set<(e: WorkspaceEvent) => void>();
  private readonly triggers = new Map<string, { user: string; expires: number }>();
  private readonly views = new Map<string, SandboxView>();
  private seq = 0;

  constructor(
    readonly init: WorkspaceInit,
    data?: WorkspaceData,
  ) {
    this.users = init.users;
    for (const c of [...init.channels, ...(data?.channels ?? [])]) {
      if (!this.channels.has(c.id)) this.channels.set(c.id, c);
    }
    this.messages.push(...(data?.messages ?? []));
    for (const [user, view] of Object.entries(data?.homes ?? {})) this.homes.set(user, view);
    this.seq = data?.seq ?? 0;
  }

  toData(): WorkspaceData {
    return {
      channels: [...this.channels.values()],
      // Ephemeral messages do not survive a restart, as in Slack they do not survive a reload.
      messages: this.messages.filter((m) => !m.visibleTo),
      homes: Object.fromEntries(this.homes),
      seq: this.seq,
    };
  }

  subscribe(fn: (e: WorkspaceEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  private emit(e: WorkspaceEvent): void {
    for (const fn of this.subscribers) fn(e);
  }

  /** The channel for an id; a user id is the bot's DM with that user; unknown ids are created. */
  channel(id: string): SandboxChannel {
    let c = this.channels.get(id);
    if (c) return c;
    const user = this.users.find((u) => u.id === id);
    c = user ? { id, name: user.name, dmWith: id } : { id, name: id.toLowerCase() };
    this.channels.set(id, c);
    this.emit({ kind: 'channel', channel: c });
    return c;
  }

  /** Slack-like ts: unix seconds and a sequence, unique and increasing. */
  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(this.init.now().getTime() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  post(m: Omit<SandboxMessage, 'ts'>): SandboxMessage {
    const message: SandboxMessage = { ...m, ts: this.nextTs() };
    this.channel(m.channel);
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
    this.emit({ kind: 'message', message });
    return message;
  }

  find(channel: string, ts: string, user?: string): SandboxMessage | undefined {
    return this.messages.find(
      (m) => m.channel === channel && m.ts === ts && (!m.visibleTo || m.visibleTo === user),
    );
  }

  update(channel: string, ts: string, fields: { text: string; blocks?: unknown[] }, user?: string) {
    const m = this.find(channel, ts, user);
    if (!m) return undefined;
    m.text = fields.text;
    m.blocks = fields.blocks;
    m.edited = true;
    this.emit({ kind: 'message', message: m });
    return m;
  }

  delete(channel: string, ts: string, user?: string): boolean {
    const m = this.find(channel, ts, user);
    if (!m) return false;
    this.messages.splice(this.messages.indexOf(m), 1);
    this.emit({ kind: 'delete', channel, ts, visibleTo: m.visibleTo });
    return true;
  }

  publishHome(user: string, view: unknown): void {
    this.homes.set(user, view);
    this.emit({ kind: 'home', user, view });
  }

  /** A fresh response_url id for a command or click. */
  responseUrlId(target: ResponseTarget): string {
    const id = randomUUID();
    this.responses.set(id, target);
    if (this.responses.size > MAX_RESPONSE_URLS) this.responses.delete(this.responses.keys().next().value!);
    return id;
  }

  responseTarget(id: string): ResponseTarget | undefined {
    return this.responses.get(id);
  }

  /** A trigger_id handed out with an interaction by `user`: single use, valid for TRIGGER_TTL_MS. */
  issueTrigger(user: string): string {
    const id = `${Date.now()}.${randomUUID().replace(/-/g, '')}`;
    this.triggers.set(id, { user, expires: Date.now() + TRIGGER_TTL_MS });
    for (const [old, t] of this.triggers) if (t.expires < Date.now()) this.triggers.delete(old);
    return id;
  }

  /** Uses up a trigger_id: the user it was issued to, or why it cannot be used (Slack's error names). */
  takeTrigger(id: string): { user: string } | { error: 'invalid_trigger_id' | 'expired_trigger_id' } {
    const t = this.triggers.get(id);
    if (!t) return { error: 'invalid_trigger_id' };
    this.triggers.delete(id);
    return t.expires < Date.now() ? { error: 'expired_trigger_id' } : { user: t.user };
  }

  /** Opens a modal for `user` (it replaces any the user had open, which the page then closes). */
  openView(user: string, view: Record<string, unknown>): SandboxView {
    const opened: SandboxView = {
      id: `V${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      user,
      view,
    };
    this.views.set(opened.id, opened);
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    this.emit({ kind: 'modal', user, view: opened });
    return opened;
  }

  /** An open modal of `user`'s (another user's modal is not theirs to submit or close). */
  view(id: string, user: string): SandboxView | undefined {
    const v = this.views.get(id);
    return v?.user === user ? v : undefined;
  }

  closeView(id: string): void {
    const v = this.views.get(id);
    if (!v) return;
    this.views.delete(id);
    this.emit({ kind: 'modal-closed', user: v.user, viewId: id });
  }

  usergroupMembers(id: string): string[] {
    return this.init.usergroups[id] ?? [];
  }

  /** Messages in a channel's history, newest first (as conversations.history). */
  history(channel: string): SandboxMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.visibleTo && !m.thread_ts).reverse();
  }

  /** Everything `user` can see: channels (their own DM only), messages (their own ephemerals), home. */
  snapshot(user: string) {
    const visible = (c: SandboxChannel) => !c.dmWith || c.dmWith === user;
    return {
      team: { id: this.init.teamId, name: this.init.teamName, timezone: this.init.timezone },
      botUserId: this.init.botUserId,
      users: this.users,
      channels: [...this.channels.values()].filter(visible),
      messages: this.messages.filter(
        (m) => (!m.visibleTo || m.visibleTo === user) && visible(this.channel(m.channel)),
      ),
      home: this.homes.get(user),
    };
  }

  /** Whether an event concerns `user` (ephemerals, DMs and home views are private). */
  visibleTo(e: WorkspaceEvent, user: string): boolean {
    if (e.kind === 'home' || e.kind === 'modal' || e.kind === 'modal-closed') return e.user === user;
    if (e.kind === 'channel') return !e.channel.dmWith || e.channel.dmWith === user;
    const channel = e.kind === 'message' ? e.message.channel : e.channel;
    const only = e.kind === 'message' ? e.message.visibleTo : e.visibleTo;
    const dm = this.channels.get(channel)?.dmWith;
    return (!only || only === user) && (!dm || dm === user);
  }
}
