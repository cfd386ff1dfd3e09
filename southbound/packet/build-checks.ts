// Input checks shared by the builders. Builders are fed by code and configuration, so a
// value that cannot be encoded is a programming error: they throw RangeError rather
// than silently truncating it into the wrong bits.

export function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} ${value} not in 0..${max}`);
}
