/**
 * Start-up failures as one line naming the cause and the fix (exit 2), never a stack trace: a port in
 * use, a data folder that cannot be created, a bad config. Anything unforeseen still gets one line.
 */
import { ConfigError } from './config.js';

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

export function describeStartupError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  const e = (err instanceof Error ? err : new Error(String(err))) as SystemError;
  switch (e.code) {
    case 'EADDRINUSE':
      return `port ${e.port ?? '?'} on ${e.address ?? 'this host'} is already in use: stop the other process or set PORT to a free port.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${e.address ?? 'HOST'}: it is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0).`;
    case 'EACCES':
    case 'EPERM':
      return e.syscall === 'listen'
        ? `not allowed to listen on port ${e.port ?? '?'}: set PORT to 1024 or above.`
        : `permission denied on ${e.path ?? 'a file'}: set DATA_DIR to a folder this user can write.`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${e.path ?? 'DATA_DIR'} cannot be used as a folder (a file is in the way): set DATA_DIR to a folder path.`;
    case 'ENOSPC':
      return `no space left on the device for ${e.path ?? 'DATA_DIR'}: free some space or set DATA_DIR elsewhere.`;
    default:
      return `could not start: ${e.message.split('\n')[0]} (LOG_LEVEL=debug logs more).`;
  }
}
