// OpenFlow 1.3.5 error types and codes (spec 7.4.4), as named constants and as a
// lookup table (type, code) -> names for logs and the CLI. Messages keep the numbers.

import { OFPET_HELLO_FAILED, OFPET_BAD_REQUEST, OFPET_BAD_ACTION, OFPET_BAD_INSTRUCTION, OFPET_BAD_MATCH } from './errors';

export { OFPET_HELLO_FAILED, OFPET_BAD_REQUEST, OFPET_BAD_ACTION, OFPET_BAD_INSTRUCTION, OFPET_BAD_MATCH };
export const OFPET_FLOW_MOD_FAILED = 5;
export const OFPET_GROUP_MOD_FAILED = 6;
export const OFPET_PORT_MOD_FAILED = 7;
export const OFPET_TABLE_MOD_FAILED = 8;
export const OFPET_QUEUE_OP_FAILED = 9;
export const OFPET_SWITCH_CONFIG_FAILED = 10;
export const OFPET_ROLE_REQUEST_FAILED = 11;
export const OFPET_METER_MOD_FAILED = 12;
export const OFPET_TABLE_FEATURES_FAILED = 13;
export const OFPET_EXPERIMENTER = 0xffff;

// ofp_hello_failed_code
export const OFPHFC_INCOMPATIBLE = 0;
export const OFPHFC_EPERM = 1;

// ofp_bad_request_code
export const OFPBRC_BAD_VERSION = 0;
export const OFPBRC_BAD_TYPE = 1;
export const OFPBRC_BAD_MULTIPART = 2;
export const OFPBRC_BAD_EXPERIMENTER = 3;
export const OFPBRC_BAD_EXP_TYPE = 4;
export const OFPBRC_EPERM = 5;
export const OFPBRC_BAD_LEN = 6;
export const OFPBRC_BUFFER_EMPTY = 7;
export const OFPBRC_BUFFER_UNKNOWN = 8;
export const OFPBRC_BAD_TABLE_ID = 9;
export const OFPBRC_IS_SLAVE = 10;
export const OFPBRC_BAD_PORT = 11;
export const OFPBRC_BAD_PACKET = 12;
export const OFPBRC_MULTIPART_BUFFER_OVERFLOW = 13;

// ofp_bad_action_code
export const OFPBAC_BAD_TYPE = 0;
export const OFPBAC_BAD_LEN = 1;
export const OFPBAC_BAD_EXPERIMENTER = 2;
export const OFPBAC_BAD_EXP_TYPE = 3;
export const OFPBAC_BAD_OUT_PORT = 4;
export const OFPBAC_BAD_ARGUMENT = 5;
export const OFPBAC_EPERM = 6;
export const OFPBAC_TOO_MANY = 7;
export const OFPBAC_BAD_QUEUE = 8;
export const OFPBAC_BAD_OUT_GROUP = 9;
export const OFPBAC_MATCH_INCONSISTENT = 10;
export const OFPBAC_UNSUPPORTED_ORDER = 11;
export const OFPBAC_BAD_TAG = 12;
export const OFPBAC_BAD_SET_TYPE = 13;
export const OFPBAC_BAD_SET_LEN = 14;
export const OFPBAC_BAD_SET_ARGUMENT = 15;

// ofp_bad_instruction_code
export const OFPBIC_UNKNOWN_INST = 0;
export const OFPBIC_UNSUP_INST = 1;
export const OFPBIC_BAD_TABLE_ID = 2;
export const OFPBIC_UNSUP_METADATA = 3;
export const OFPBIC_UNSUP_METADATA_MASK = 4;
export const OFPBIC_BAD_EXPERIMENTER = 5;
export const OFPBIC_BAD_EXP_TYPE = 6;
export const OFPBIC_BAD_LEN = 7;
export const OFPBIC_EPERM = 8;

// ofp_bad_match_code
export const OFPBMC_BAD_TYPE = 0;
export const OFPBMC_BAD_LEN = 1;
export const OFPBMC_BAD_TAG = 2;
export const OFPBMC_BAD_DL_ADDR_MASK = 3;
export const OFPBMC_BAD_NW_ADDR_MASK = 4;
export const OFPBMC_BAD_WILDCARDS = 5;
export const OFPBMC_BAD_FIELD = 6;
export const OFPBMC_BAD_VALUE = 7;
export const OFPBMC_BAD_MASK = 8;
export const OFPBMC_BAD_PREREQ = 9;
export const OFPBMC_DUP_FIELD = 10;
export const OFPBMC_EPERM = 11;

// ofp_flow_mod_failed_code
export const OFPFMFC_UNKNOWN = 0;
export const OFPFMFC_TABLE_FULL = 1;
export const OFPFMFC_BAD_TABLE_ID = 2;
export const OFPFMFC_OVERLAP = 3;
export const OFPFMFC_EPERM = 4;
export const OFPFMFC_BAD_TIMEOUT = 5;
export const OFPFMFC_BAD_COMMAND = 6;
export const OFPFMFC_BAD_FLAGS = 7;

// ofp_group_mod_failed_code
export const OFPGMFC_GROUP_EXISTS = 0;
export const OFPGMFC_INVALID_GROUP = 1;
export const OFPGMFC_WEIGHT_UNSUPPORTED = 2;
export const OFPGMFC_OUT_OF_GROUPS = 3;
export const OFPGMFC_OUT_OF_BUCKETS = 4;
export const OFPGMFC_CHAINING_UNSUPPORTED = 5;
export const OFPGMFC_WATCH_UNSUPPORTED = 6;
export const OFPGMFC_LOOP = 7;
export const OFPGMFC_UNKNOWN_GROUP = 8;
export const OFPGMFC_CHAINED_GROUP = 9;
export const OFPGMFC_BAD_TYPE = 10;
export const OFPGMFC_BAD_COMMAND = 11;
export const OFPGMFC_BAD_BUCKET = 12;
export const OFPGMFC_BAD_WATCH = 13;
export const OFPGMFC_EPERM = 14;

// ofp_port_mod_failed_code
export const OFPPMFC_BAD_PORT = 0;
export const OFPPMFC_BAD_HW_ADDR = 1;
export const OFPPMFC_BAD_CONFIG = 2;
export const OFPPMFC_BAD_ADVERTISE = 3;
export const OFPPMFC_EPERM = 4;

// ofp_table_mod_failed_code
export const OFPTMFC_BAD_TABLE = 0;
export const OFPTMFC_BAD_CONFIG = 1;
export const OFPTMFC_EPERM = 2;

// ofp_queue_op_failed_code
export const OFPQOFC_BAD_PORT = 0;
export const OFPQOFC_BAD_QUEUE = 1;
export const OFPQOFC_EPERM = 2;

// ofp_switch_config_failed_code
export const OFPSCFC_BAD_FLAGS = 0;
export const OFPSCFC_BAD_LEN = 1;
export const OFPSCFC_EPERM = 2;

// ofp_role_request_failed_code
export const OFPRRFC_STALE = 0;
export const OFPRRFC_UNSUP = 1;
export const OFPRRFC_BAD_ROLE = 2;

// ofp_meter_mod_failed_code
export const OFPMMFC_UNKNOWN = 0;
export const OFPMMFC_METER_EXISTS = 1;
export const OFPMMFC_INVALID_METER = 2;
export const OFPMMFC_UNKNOWN_METER = 3;
export const OFPMMFC_BAD_COMMAND = 4;
export const OFPMMFC_BAD_FLAGS = 5;
export const OFPMMFC_BAD_RATE = 6;
export const OFPMMFC_BAD_BURST = 7;
export const OFPMMFC_BAD_BAND = 8;
export const OFPMMFC_BAD_BAND_VALUE = 9;
export const OFPMMFC_OUT_OF_METERS = 10;
export const OFPMMFC_OUT_OF_BANDS = 11;

// ofp_table_features_failed_code
export const OFPTFFC_BAD_TABLE = 0;
export const OFPTFFC_BAD_METADATA = 1;
export const OFPTFFC_BAD_TYPE = 2;
export const OFPTFFC_BAD_LEN = 3;
export const OFPTFFC_BAD_ARGUMENT = 4;
export const OFPTFFC_EPERM = 5;

interface ErrorTypeEntry { name: string; codePrefix: string; codes: readonly string[] }

/** Per error type: its name and its code names, indexed by code value. */
const ERROR_TABLE: ReadonlyMap<number, ErrorTypeEntry> = new Map<number, ErrorTypeEntry>([
  [OFPET_HELLO_FAILED, { name: 'OFPET_HELLO_FAILED', codePrefix: 'OFPHFC_', codes: ['INCOMPATIBLE', 'EPERM'] }],
  [OFPET_BAD_REQUEST, { name: 'OFPET_BAD_REQUEST', codePrefix: 'OFPBRC_', codes: [
    'BAD_VERSION', 'BAD_TYPE', 'BAD_MULTIPART', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'EPERM', 'BAD_LEN',
    'BUFFER_EMPTY', 'BUFFER_UNKNOWN', 'BAD_TABLE_ID', 'IS_SLAVE', 'BAD_PORT', 'BAD_PACKET',
    'MULTIPART_BUFFER_OVERFLOW'] }],
  [OFPET_BAD_ACTION, { name: 'OFPET_BAD_ACTION', codePrefix: 'OFPBAC_', codes: [
    'BAD_TYPE', 'BAD_LEN', 'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'BAD_OUT_PORT', 'BAD_ARGUMENT', 'EPERM',
    'TOO_MANY', 'BAD_QUEUE', 'BAD_OUT_GROUP', 'MATCH_INCONSISTENT', 'UNSUPPORTED_ORDER', 'BAD_TAG',
    'BAD_SET_TYPE', 'BAD_SET_LEN', 'BAD_SET_ARGUMENT'] }],
  [OFPET_BAD_INSTRUCTION, { name: 'OFPET_BAD_INSTRUCTION', codePrefix: 'OFPBIC_', codes: [
    'UNKNOWN_INST', 'UNSUP_INST', 'BAD_TABLE_ID', 'UNSUP_METADATA', 'UNSUP_METADATA_MASK',
    'BAD_EXPERIMENTER', 'BAD_EXP_TYPE', 'BAD_LEN', 'EPERM'] }],
  [OFPET_BAD_MATCH, { name: 'OFPET_BAD_MATCH', codePrefix: 'OFPBMC_', codes: [
    'BAD_TYPE', 'BAD_LEN', 'BAD_TAG', 'BAD_DL_ADDR_MASK', 'BAD_NW_ADDR_MASK', 'BAD_WILDCARDS',
    'BAD_FIELD', 'BAD_VALUE', 'BAD_MASK', 'BAD_PREREQ', 'DUP_FIELD', 'EPERM'] }],
  [OFPET_FLOW_MOD_FAILED, { name: 'OFPET_FLOW_MOD_FAILED', codePrefix: 'OFPFMFC_', codes: [
    'UNKNOWN', 'TABLE_FULL', 'BAD_TABLE_ID', 'OVERLAP', 'EPERM', 'BAD_TIMEOUT', 'BAD_COMMAND', 'BAD_FLAGS'] }],
  [OFPET_GROUP_MOD_FAILED, { name: 'OFPET_GROUP_MOD_FAILED', codePrefix: 'OFPGMFC_', codes: [
    'GROUP_EXISTS', 'INVALID_GROUP', 'WEIGHT_UNSUPPORTED', 'OUT_OF_GROUPS', 'OUT_OF_BUCKETS',
    'CHAINING_UNSUPPORTED', 'WATCH_UNSUPPORTED', 'LOOP', 'UNKNOWN_GROUP', 'CHAINED_GROUP', 'BAD_TYPE',
    'BAD_COMMAND', 'BAD_BUCKET', 'BAD_WATCH', 'EPERM'] }],
  [OFPET_PORT_MOD_FAILED, { name: 'OFPET_PORT_MOD_FAILED', codePrefix: 'OFPPMFC_', codes: [
    'BAD_PORT', 'BAD_HW_ADDR', 'BAD_CONFIG', 'BAD_ADVERTISE', 'EPERM'] }],
  [OFPET_TABLE_MOD_FAILED, { name: 'OFPET_TABLE_MOD_FAILED', codePrefix: 'OFPTMFC_', codes: ['BAD_TABLE', 'BAD_CONFIG', 'EPERM'] }],
  [OFPET_QUEUE_OP_FAILED, { name: 'OFPET_QUEUE_OP_FAILED', codePrefix: 'OFPQOFC_', codes: ['BAD_PORT', 'BAD_QUEUE', 'EPERM'] }],
  [OFPET_SWITCH_CONFIG_FAILED, { name: 'OFPET_SWITCH_CONFIG_FAILED', codePrefix: 'OFPSCFC_', codes: ['BAD_FLAGS', 'BAD_LEN', 'EPERM'] }],
  [OFPET_ROLE_REQUEST_FAILED, { name: 'OFPET_ROLE_REQUEST_FAILED', codePrefix: 'OFPRRFC_', codes: ['STALE', 'UNSUP', 'BAD_ROLE'] }],
  [OFPET_METER_MOD_FAILED, { name: 'OFPET_METER_MOD_FAILED', codePrefix: 'OFPMMFC_', codes: [
    'UNKNOWN', 'METER_EXISTS', 'INVALID_METER', 'UNKNOWN_METER', 'BAD_COMMAND', 'BAD_FLAGS', 'BAD_RATE',
    'BAD_BURST', 'BAD_BAND', 'BAD_BAND_VALUE', 'OUT_OF_METERS', 'OUT_OF_BANDS'] }],
  [OFPET_TABLE_FEATURES_FAILED, { name: 'OFPET_TABLE_FEATURES_FAILED', codePrefix: 'OFPTFFC_', codes: [
    'BAD_TABLE', 'BAD_METADATA', 'BAD_TYPE', 'BAD_LEN', 'BAD_ARGUMENT', 'EPERM'] }],
  [OFPET_EXPERIMENTER, { name: 'OFPET_EXPERIMENTER', codePrefix: '', codes: [] }],
]);

/** Name of an error type, e.g. 'OFPET_BAD_REQUEST'; undefined when unknown. */
export function ofErrorTypeName(errType: number): string | undefined {
  return ERROR_TABLE.get(errType)?.name;
}

/** Name of an error code within its type, e.g. 'OFPBRC_BAD_LEN'; undefined when unknown
 * (experimenter codes are the experimenter's own and have no name here). */
export function ofErrorCodeName(errType: number, errCode: number): string | undefined {
  const entry = ERROR_TABLE.get(errType);
  const code = entry?.codes[errCode];
  return entry && code !== undefined ? entry.codePrefix + code : undefined;
}

/** Both names, falling back to the numbers so a log line is never empty. */
export function describeOfError(errType: number, errCode: number): { type: string; code: string } {
  return {
    type: ofErrorTypeName(errType) ?? `type ${errType}`,
    code: ofErrorCodeName(errType, errCode) ?? `code ${errCode}`,
  };
}

/** All known (type, code) pairs with their names: lets tools list or check them. */
export function listOfErrors(): Array<{ errType: number; errCode: number; type: string; code: string }> {
  const out: Array<{ errType: number; errCode: number; type: string; code: string }> = [];
  for (const [errType, entry] of ERROR_TABLE) {
    entry.codes.forEach((code, errCode) => out.push({ errType, errCode, type: entry.name, code: entry.codePrefix + code }));
  }
  return out;
}
