// Traffic helpers built on the driver's host commands: HTTP servers and fetches.
import type { MininetDriver } from './mininet-driver';

/** Start a static HTTP server in a host (Debian's Python, bound to the host's IP). */
export async function startHttpServer(net: MininetDriver, host: string, port = 8080): Promise<{ pid: number; url: string }> {
  const ip = net.hostIp(host);
  const { pid } = await net.bg(host, `exec /usr/bin/python3 -m http.server ${port} --bind ${ip}`);
  return { pid, url: `http://${ip}:${port}/` };
}

/**
 * Fetch url from a host with curl, retrying while the server starts; resolves with
 * the last HTTP status ("000" when nothing answered).
 */
export async function httpStatus(net: MininetDriver, host: string, url: string, attempts = 50): Promise<string> {
  const script = `code=000; for i in $(seq 1 ${attempts}); do ` +
    `code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 '${url}'); ` +
    `[ "$code" = 200 ] && break; sleep 0.2; done; printf '%s' "$code"`;
  const res = await net.cmd(host, script, attempts * 3);
  return res.output.trim();
}
