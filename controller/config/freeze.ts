// Config is read-only after start-up: deep-freezing turns an accidental write into a
// TypeError (strict mode) instead of a silent divergence between components.

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
