// The OfDecodeError a call throws; anything else (or nothing) fails the test.
import { OfDecodeError } from '../../../../southbound/codec/errors';

export function decodeError(fn: () => unknown): OfDecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OfDecodeError) return err;
    throw err;
  }
  throw new Error('expected an OfDecodeError');
}
