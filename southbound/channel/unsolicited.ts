// What the controller does with each message a switch may send on its own, i.e. one
// that answers no outstanding request of ours. The audit behind issue 14, by message
// type (OpenFlow 1.3.5 sections in brackets):
//
// | received                      | we answer        | why                                                      |
// |-------------------------------|------------------|----------------------------------------------------------|
// | PACKET_IN, FLOW_REMOVED,      | nothing; handed  | asynchronous messages, sent "without a controller        |
// | PORT_STATUS                   | to the core      | soliciting them" [6.1.2, 7.4.1-7.4.3]                    |
// | ERROR (well-formed or not)    | nothing, ever;   | an error reports a problem with a message [7.4.4]; it is |
// |                               | logged, counted  | not itself a request, and answering one with another is  |
// |                               |                  | how two peers loop. A malformed ERROR body is logged and |
// |                               |                  | counted too, and the connection stays up                 |
// | ECHO_REQUEST                  | ECHO_REPLY, same | "must return an echo reply" with the request's data      |
// |                               | xid and data     | [6.3.2, 7.5.2, 7.5.3]                                     |
// | ECHO_REPLY                    | nothing          | proves liveness (any input does) [6.3.2]                 |
// | HELLO after the first         | nothing          | HELLO is exchanged once, at connection setup [6.3.1]     |
// | EXPERIMENTER                  | nothing; handed  | symmetric message [7.5.4]; the BAD_EXPERIMENTER answer   |
// |                               | to the core      | there is asked of switches for their own extensions     |
// | a reply type (FEATURES_REPLY, | nothing; dropped | a late reply to a request that timed out is normal       |
// | MULTIPART_REPLY, BARRIER_...) |                  | [6.2]: nothing is wrong with the message itself          |
// | a controller-to-switch type   | ERROR BAD_REQUEST| these are "initiated by the controller" [6.1.1]; a       |
// | (FLOW_MOD, PACKET_OUT, ...)   | / BAD_TYPE, the  | controller supports none of them, and 7.4.4 names        |
// |                               | first 64 bytes   | OFPBRC_BAD_TYPE for "ofp_header.type not supported".     |
// |                               | as data; stays up| The answer is an ERROR, which the peer must not answer   |
// | an unknown type, or any       | ERROR (the       | 7.4.4 (BAD_TYPE, BAD_LEN, BAD_MATCH ...), then close:    |
// | malformed non-ERROR message   | codec's code),   | a peer sending garbage is not trusted with the channel   |
// |                               | then close       |                                                          |
import type { OfMessageType } from '../codec/types';

export type UnsolicitedAction = 'deliver' | 'echo' | 'ignore' | 'bad-type';

/** Types only a controller may initiate [6.1.1]; coming from a switch they are refused. */
const CONTROLLER_TO_SWITCH: ReadonlySet<OfMessageType> = new Set<OfMessageType>([
  'FEATURES_REQUEST', 'GET_CONFIG_REQUEST', 'SET_CONFIG', 'PACKET_OUT', 'FLOW_MOD', 'GROUP_MOD', 'PORT_MOD',
  'TABLE_MOD', 'MULTIPART_REQUEST', 'BARRIER_REQUEST', 'QUEUE_GET_CONFIG_REQUEST', 'ROLE_REQUEST',
  'GET_ASYNC_REQUEST', 'SET_ASYNC', 'METER_MOD',
]);

/** The action for a message that matched no request (ERROR is handled apart: it is
 * delivered, never answered). */
export function unsolicitedAction(type: OfMessageType): UnsolicitedAction {
  switch (type) {
    case 'PACKET_IN':
    case 'FLOW_REMOVED':
    case 'PORT_STATUS':
    case 'EXPERIMENTER':
    case 'ERROR':
      return 'deliver';
    case 'ECHO_REQUEST':
      return 'echo';
    default:
      return CONTROLLER_TO_SWITCH.has(type) ? 'bad-type' : 'ignore';
  }
}
