// Label values for OpenFlow numbers: names operators can read in a dashboard, and a
// closed set (unknown numbers fall back to their decimal text, still bounded by 8 bits
// or 16 bits of the wire format).
import { ofptName } from '../../southbound/codec';

const PACKET_IN_REASONS = ['no_match', 'action', 'invalid_ttl', 'action_set', 'group', 'packet_out'];

const ERROR_TYPES: Record<number, string> = {
  0: 'hello_failed', 1: 'bad_request', 2: 'bad_action', 3: 'bad_instruction', 4: 'bad_match',
  5: 'flow_mod_failed', 6: 'group_mod_failed', 7: 'port_mod_failed', 8: 'table_mod_failed',
  9: 'queue_op_failed', 10: 'switch_config_failed', 11: 'role_request_failed', 12: 'meter_mod_failed',
  13: 'table_features_failed', 0xffff: 'experimenter',
};

export function messageTypeLabel(ofpt: number): string {
  return ofptName(ofpt) ?? String(ofpt);
}

export function packetInReasonLabel(reason: number): string {
  return PACKET_IN_REASONS[reason] ?? String(reason);
}

export function errorTypeLabel(errType: number): string {
  return ERROR_TYPES[errType] ?? String(errType);
}
