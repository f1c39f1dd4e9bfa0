import { join } from 'node:path';
import type { StationConfig } from '../station/config/station-config.js';

export interface SocketPaths {
  readonly operator: string;
  readonly technician: string;
}

/**
 * Where the two console sockets are: station.json's `sockets`, else `CETAK_SOCKET_DIR` (the service
 * sets it to /run/cetak, with one setgid folder per socket so each gets its group), else the data
 * folder. Station and consoles use this one rule, so they always meet.
 */
export function socketPaths(home: string, config: Pick<StationConfig, 'sockets'>, env: NodeJS.ProcessEnv = process.env): SocketPaths {
  const dir = env['CETAK_SOCKET_DIR'];
  const fallback = dir
    ? { operator: join(dir, 'operator', 'operator.sock'), technician: join(dir, 'technician', 'technician.sock') }
    : { operator: join(home, 'operator.sock'), technician: join(home, 'technician.sock') };
  return { operator: config.sockets.operator ?? fallback.operator, technician: config.sockets.technician ?? fallback.technician };
}
