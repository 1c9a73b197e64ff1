import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now (it can be taken before you bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts something on a free port, trying again on another one when the port was taken between
 * the probe and the bind ("address already in use"); `port` pins it (one attempt).
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, options: { port?: number; attempts?: number } = {}): Promise<T> {
  const attempts = options.port === undefined ? (options.attempts ?? 3) : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await start(options.port ?? (await freePort()));
    } catch (error) {
      lastError = error;
      if (!(error instanceof Error) || !/address already in use/.test(error.message)) break;
    }
  }
  throw lastError;
}
