// Throw helpers for the decoder: one place that turns "this structure is malformed" into
// the OfDecodeError code and the OpenFlow error (spec 7.4.4) the peer should receive.
// Rule used throughout: the DecodeErrorCode names the structure that is broken (match,
// action, instruction) or, for everything else, how it is broken (TRUNCATED when the
// bytes end before a fixed part, BAD_LENGTH when a length field is wrong).

import { OfDecodeError, OFPET_BAD_ACTION, OFPET_BAD_INSTRUCTION, OFPET_BAD_MATCH, OFPET_BAD_REQUEST } from './errors';
import { OFPBAC_BAD_LEN, OFPBIC_BAD_LEN, OFPBMC_BAD_LEN, OFPBRC_BAD_LEN } from './error-codes';

/** A length field of a message or of a non-match/action/instruction structure is wrong. */
export function failLength(what: string, offset: number): never {
  throw new OfDecodeError('BAD_LENGTH', `bad length: ${what}`, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, offset);
}

/** The bytes end before the fixed part of a structure. */
export function failTruncated(what: string, offset: number): never {
  throw new OfDecodeError('TRUNCATED', `truncated: ${what}`, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, offset);
}

export function failMatch(what: string, offset: number, ofCode: number = OFPBMC_BAD_LEN): never {
  throw new OfDecodeError('BAD_MATCH', `bad match: ${what}`, OFPET_BAD_MATCH, ofCode, offset);
}

export function failAction(what: string, offset: number, ofCode: number = OFPBAC_BAD_LEN): never {
  throw new OfDecodeError('BAD_ACTION', `bad action: ${what}`, OFPET_BAD_ACTION, ofCode, offset);
}

export function failInstruction(what: string, offset: number, ofCode: number = OFPBIC_BAD_LEN): never {
  throw new OfDecodeError('BAD_INSTRUCTION', `bad instruction: ${what}`, OFPET_BAD_INSTRUCTION, ofCode, offset);
}
