import { fromChannelError, isSlrError, ofErrorFor, SlrError } from '../../../controller/errors';
import { ChannelError } from '../../../southbound/channel/errors';

describe('controller errors', () => {
  it('keep a stable code and the cause', () => {
    const cause = new Error('disk');
    const e = new SlrError('CONFIG_READ', 'config: cannot read x', { cause });
    expect(e.code).toBe('CONFIG_READ');
    expect(e.cause).toBe(cause);
    expect(isSlrError(e, 'CONFIG_READ')).toBe(true);
    expect(isSlrError(e, 'INTERNAL')).toBe(false);
    expect(isSlrError(new Error('x'))).toBe(false);
  });

  it('wrap channel errors by kind', () => {
    expect(fromChannelError(new ChannelError('TIMEOUT', 't'), 'barrier').code).toBe('SWITCH_TIMEOUT');
    expect(fromChannelError(new ChannelError('CLOSED', 'c'), 'x').code).toBe('SWITCH_CLOSED');
    expect(fromChannelError(new ChannelError('OVERLOAD', 'o'), 'x').code).toBe('SWITCH_OVERLOADED');
    const rejected = fromChannelError(new ChannelError('OF_ERROR', 'bad', 5, 6), 'flow mod');
    expect(rejected.code).toBe('SWITCH_REJECTED');
    expect(rejected.message).toBe('flow mod: bad');
    expect(fromChannelError('weird', 'x').code).toBe('INTERNAL');
  });

  it('map to OpenFlow errors in one place (spec 7.4.4)', () => {
    expect(ofErrorFor(new SlrError('COOKIE_OUT_OF_RANGE', 'x'))).toEqual({ errType: 5, errCode: 6 });
    expect(ofErrorFor(new SlrError('BAD_REQUEST', 'x'))).toEqual({ errType: 1, errCode: 6 });
    expect(ofErrorFor(new SlrError('UNKNOWN_DATAPATH', 'x'))).toEqual({ errType: 1, errCode: 5 });
    // A switch's own error is passed on unchanged.
    expect(ofErrorFor(fromChannelError(new ChannelError('OF_ERROR', 'bad', 4, 3), 'x'))).toEqual({ errType: 4, errCode: 3 });
    expect(ofErrorFor(new SlrError('INTERNAL', 'x'))).toEqual({ errType: 5, errCode: 0 });
  });
});
