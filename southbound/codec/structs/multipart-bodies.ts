// Which body layout each multipart type (OFPMP_*, spec 7.3.5) has in a request and in a
// reply. A missing entry means the codec does not model that direction.

import type { MultipartRequest } from '../types';
import type { BodyCodec } from './list';
import {
  descBody, emptyBody, experimenterBody, portDescReplyBody, portStatsReplyBody, portStatsRequestBody,
  queueStatsReplyBody, queueStatsRequestBody, tableStatsBody,
} from './stats';
import { aggregateReplyBody, flowStatsReplyBody, flowStatsRequestBody } from './flow-stats';

export interface MultipartBodies {
  code: number;
  name: MultipartRequest['mpType'];
  request?: BodyCodec<unknown>;
  reply?: BodyCodec<unknown>;
}

export const MULTIPART_TYPES: readonly MultipartBodies[] = [
  { code: 0, name: 'DESC', request: emptyBody, reply: descBody },
  { code: 1, name: 'FLOW', request: flowStatsRequestBody, reply: flowStatsReplyBody },
  { code: 2, name: 'AGGREGATE', request: flowStatsRequestBody, reply: aggregateReplyBody },
  { code: 3, name: 'TABLE', request: emptyBody, reply: tableStatsBody },
  { code: 4, name: 'PORT_STATS', request: portStatsRequestBody, reply: portStatsReplyBody },
  { code: 5, name: 'QUEUE', request: queueStatsRequestBody, reply: queueStatsReplyBody },
  { code: 13, name: 'PORT_DESC', request: emptyBody, reply: portDescReplyBody },
  { code: 0xffff, name: 'EXPERIMENTER', request: experimenterBody, reply: experimenterBody },
];
