/** Runs an app on a real HTTP server (the CLI's `serve`, the demo, and browser tests). */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { App } from './app.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

export function startServer(app: App, opts: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info: AddressInfo) => {
      const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        server,
        close: () =>
          new Promise<void>((res, rej) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((err) => (err ? rej(err) : res()));
          }),
      });
    });
    server.once('error', reject);
  });
}
