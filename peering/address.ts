// One address syntax for both ends of an SLR link:
//   "unix:/abs/path.sock"  a unix domain socket (Mininet hosts share the filesystem
//                          with the controller but not its network namespace);
//   "host:port"            TCP, e.g. "127.0.0.1:50051" or "[::1]:50051".
export type ListenAddress =
  | { kind: 'unix'; path: string }
  | { kind: 'tcp'; host: string; port: number };

export function parseAddress(text: string): ListenAddress {
  if (text.startsWith('unix:')) {
    const p = text.slice('unix:'.length).replace(/^\/\/(?=\/)/, '');
    if (!p.startsWith('/')) throw new Error(`address '${text}': unix socket path must be absolute`);
    return { kind: 'unix', path: p };
  }
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  if (!m) throw new Error(`address '${text}': expected unix:/path or host:port`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`address '${text}': port out of range`);
  return { kind: 'tcp', host: m[1] ?? m[2], port };
}

/** The target string grpc-js understands for a client channel. */
export function grpcTarget(addr: ListenAddress): string {
  if (addr.kind === 'unix') return `unix:${addr.path}`;
  return addr.host.includes(':') ? `[${addr.host}]:${addr.port}` : `${addr.host}:${addr.port}`;
}

export function formatAddress(addr: ListenAddress): string {
  return grpcTarget(addr);
}
