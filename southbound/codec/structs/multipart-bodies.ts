// Which body layout each multipart type (OFPMP_*, spec 7.3.5) has in a request and in a
// reply. A missing entry means the codec does not model that direction.

import type { MultipartRequest } from '../types';
import type { BodyCodec } from './list';
import {
  descBody, emptyBody, experimenterBody, groupStatsRequestBody, meterRequestBody, portDescReplyBody, portStatsReplyBody, portStatsRequestBody,
  queueStatsReplyBody, queueStatsRequestBody, tableStatsBody,
} from './stats';
import { aggregateReplyBody, flowStatsReplyBody, flowStatsRequestBody } from './flow-stats';
import { groupDescReplyBody, groupFeaturesReplyBody, groupStatsReplyBody } from './group-stats';
import { meterConfigReplyBody, meterFeaturesReplyBody, meterStatsReplyBody } from './meter-stats';
import { tableFeaturesBody } from './table-features';

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
  { code: 6, name: 'GROUP', request: groupStatsRequestBody, reply: groupStatsReplyBody },
  { code: 7, name: 'GROUP_DESC', request: emptyBody, reply: groupDescReplyBody },
  { code: 8, name: 'GROUP_FEATURES', request: emptyBody, reply: groupFeaturesReplyBody },
  { code: 9, name: 'METER', request: meterRequestBody, reply: meterStatsReplyBody },
  { code: 10, name: 'METER_CONFIG', request: meterRequestBody, reply: meterConfigReplyBody },
  { code: 11, name: 'METER_FEATURES', request: emptyBody, reply: meterFeaturesReplyBody },
  { code: 12, name: 'TABLE_FEATURES', request: tableFeaturesBody, reply: tableFeaturesBody },
  { code: 13, name: 'PORT_DESC', request: emptyBody, reply: portDescReplyBody },
  { code: 0xffff, name: 'EXPERIMENTER', request: experimenterBody, reply: experimenterBody },
];
