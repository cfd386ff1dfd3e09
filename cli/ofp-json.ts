// JSON for people and scripts reading `slr ofp print`: bigint as a decimal string
// (JSON numbers lose precision above 2^53) and bytes as a hex string.

export function toPrintableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    // JSON.stringify has already turned a Buffer into {type:'Buffer', data:[...]}.
    if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer'
      && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  });
}
