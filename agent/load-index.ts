// One load figure per virtual subnet, from real measurements on the server:
//
//   load = (wConn * connections / connectionsAtFullLoad + wCpu * cpu) / (wConn + wCpu)
//
// - connections: ESTABLISHED TCP sockets on the subnet's service ports;
// - cpu: server-wide CPU utilisation over the last interval, 0..1;
// - connectionsAtFullLoad: the connection count the operator considers "full";
// - weights are relative (only their ratio matters); both 0 is rejected by config.
// 0 means idle and 1 means full; the connection term is not capped, so an overloaded
// server reports more than 1 and policies keep preferring less loaded servers.

export interface LoadWeights {
  connectionWeight: number;
  cpuWeight: number;
  connectionsAtFullLoad: number;
}

export const DEFAULT_LOAD_WEIGHTS: LoadWeights = { connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 100 };

export function loadIndex(connections: number, cpu: number, w: LoadWeights): number {
  const total = w.connectionWeight + w.cpuWeight;
  if (total <= 0) return 0;
  const connTerm = w.connectionsAtFullLoad > 0 ? connections / w.connectionsAtFullLoad : 0;
  const value = (w.connectionWeight * connTerm + w.cpuWeight * cpu) / total;
  // Rounded so reports stay readable in logs; 1e-6 is far below any decision margin.
  return Math.round(value * 1e6) / 1e6;
}
