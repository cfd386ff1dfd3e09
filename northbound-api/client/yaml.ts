// `slr ctl -o yaml`: JSON values (what the API returns) as block-style YAML. Strings are
// plain only when no YAML reader could take them for anything else (a bare word of
// letters, digits, "_", ".", "/", "-" that is not true/false/null/yes/no/on/off); every
// other string is double-quoted with JSON's escapes, which YAML's double-quoted style
// reads the same way (YAML 1.2, 7.3.1). So "00:00:00:01", "10.0.0.1" and timestamps stay
// strings, whatever YAML version the reader implements.

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function str(s: string): string {
  return PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  return str(String(v));
}

function isBlock(v: unknown): v is unknown[] | Record<string, unknown> {
  if (Array.isArray(v)) return v.length > 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
}

const pad = (n: number): string => ' '.repeat(n);

/**
 * v as YAML whose first line continues the current one (after "key:" or "- ") and whose
 * further lines are indented by `level`.
 */
function render(v: unknown, level: number): string {
  if (!isBlock(v)) return scalar(v);
  if (Array.isArray(v)) return v.map((item) => `- ${render(item, level + 2)}`).join(`\n${pad(level)}`);
  return Object.entries(v)
    .map(([k, val]) => {
      if (!isBlock(val)) return `${str(k)}: ${scalar(val)}`;
      // A sequence may sit at its key's indentation; a mapping goes one level in.
      const inner = Array.isArray(val) ? level : level + 2;
      return `${str(k)}:\n${pad(inner)}${render(val, inner)}`;
    })
    .join(`\n${pad(level)}`);
}

export function toYaml(value: unknown): string {
  return `${render(value, 0)}\n`;
}
