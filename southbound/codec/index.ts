// Public surface of the OpenFlow 1.3.5 wire codec: pure functions, no I/O.

export * from './types';
export * from './constants'; // includes the error-codes table and its lookups
export { OfDecodeError, OfEncodeError } from './errors';
export type { DecodeErrorCode } from './errors';
export { decodeMessage } from './decode';
export { encodeMessage, encodeMessageInto, encodedLength } from './encode';
export { readHeader, type OfHeader } from './header';
export { OfFramer } from './framer';
export { oxm, output, setField, applyActions, writeActionsInstruction, gotoTable } from './builders';
export { versionsInBitmap, bitmapForVersions } from './messages/hello';
export { formatMac, formatIpv4, formatIpv6, writeMac, writeIpv4, writeIpv6 } from './address';
export { OXM_FIELD_DEFS, type OxmFieldDef } from './oxm-fields';
export { ofptOf, ofptName } from './registry';
export * from './onf-bundle'; // ONF EXT-230 bundles in 1.3
