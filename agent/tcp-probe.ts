// The health check's probe: can a TCP connection to host:port be opened within the
// timeout? Opened and closed at once; nothing is sent (the check is the service port
// accepting, as a load balancer's TCP check is).
import { connect } from 'node:net';
import type { Probe } from './health-check';

export const tcpProbe: Probe = (host, port, timeoutMs) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
