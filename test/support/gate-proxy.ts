/**
 * An HTTP proxy on 127.0.0.1 that forwards everything to `target`, except that requests matching `hold`
 * wait at a closed gate until the test opens it. Lets a test catch a process in the middle of some work
 * (e.g. a tick writing its check history) without timing assumptions.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GateProxy {
  url: string;
  /** Resolves once a matching request is waiting at the gate. */
  held(): Promise<void>;
  /** Lets every waiting and future request through. */
  open(): void;
  close(): Promise<void>;
}

export async function startGateProxy(target: string, hold: (method: string, path: string) => boolean) {
  const upstream = new URL(target);
  let opened = false;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let onHeld: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (onHeld = resolve));

  const server = createServer((req, res) => {
    const forward = () => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (opened || !hold(req.method ?? 'GET', req.url ?? '/')) return forward();
    req.pause();
    onHeld();
    void gate.then(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => firstHeld,
    open() {
      opened = true;
      release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies GateProxy;
}
