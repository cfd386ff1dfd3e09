// CurrEstab from /proc/net/snmp: the TCP connections of the network namespace that are
// ESTABLISHED or CLOSE_WAIT, kept by the kernel as a counter (RFC 1213 tcpCurrEstab).
// Reading it costs microseconds whatever the number of sockets, unlike walking the
// socket table. The file pairs a header line and a value line per protocol:
//   Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens ... CurrEstab InSegs ...
//   Tcp: 1 200 120000 -1 1078526 ... 0 16668674 ...

/** One counter of the Tcp: lines (e.g. "CurrEstab", "RetransSegs"), or undefined when the text has none. */
export function parseTcpCounter(text: string, name: string): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith('Tcp:'));
  if (lines.length < 2) return undefined;
  const names = lines[0].trim().split(/\s+/);
  const values = lines[1].trim().split(/\s+/);
  const i = names.indexOf(name);
  const v = i > 0 ? Number(values[i]) : NaN;
  return Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** The CurrEstab value, or undefined when the text has none. */
export function parseCurrEstab(text: string): number | undefined {
  return parseTcpCounter(text, 'CurrEstab');
}
