/**
 * A fake of Slack's Socket Mode WebSocket endpoint on 127.0.0.1 (the URL `apps.connections.open` hands
 * out; answer that call from the Web API fake with `url`). On each connection it sends `hello`; `send`
 * delivers an envelope (`slash_commands`, `interactive`, `events_api`) and resolves with the client's ack
 * (`{envelope_id, payload?}`), as Slack waits for it.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** `ws://127.0.0.1:PORT/link?ticket=…`, what `apps.connections.open` returns. */
  url: string;
  /** Resolves once a client is connected and has been sent `hello`. */
  connected(): Promise<void>;
  /** Every ack received, in order. */
  acks: Ack[];
  send(type: EnvelopeType, payload: Record<string, unknown>, envelopeId?: string): Promise<Ack>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  let socket: WebSocket | undefined;
  let onConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const acks: Ack[] = [];
  const waiting = new Map<string, (ack: Ack) => void>();

  server.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(data.toString()) as Ack;
      acks.push(ack);
      waiting.get(ack.envelope_id)?.(ack);
      waiting.delete(ack.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0TESTAPP' },
      }),
    );
    onConnected();
  });

  return {
    url: `ws://127.0.0.1:${port}/link?ticket=${randomUUID()}&app_id=A0TESTAPP`,
    connected: () => connected,
    acks,
    send(type, payload, envelopeId = randomUUID()) {
      if (!socket) return Promise.reject(new Error('no Socket Mode client connected'));
      const ack = new Promise<Ack>((resolve) => waiting.set(envelopeId, resolve));
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload,
          type,
          accepts_response_payload: type !== 'events_api',
          retry_attempt: 0,
          retry_reason: '',
        }),
      );
      return ack;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
