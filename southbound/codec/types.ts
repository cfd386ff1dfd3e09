// Typed OpenFlow 1.3.5 messages: the contract between the codec and everything above it.
// Field names follow the spec's struct members in camelCase; `type` strings are the
// OFPT_* names without the prefix. 64-bit counters, cookies, datapath ids and
// metadata are bigint; addresses are strings (MAC "aa:bb:cc:dd:ee:ff", dotted IPv4,
// RFC 5952 IPv6); opaque bodies are Buffers (views into the frame when decoded).

// ---------------------------------------------------------------- OXM (spec 7.2.3)
export type OxmFieldName =
  | 'in_port' | 'in_phy_port' | 'metadata'
  | 'eth_dst' | 'eth_src' | 'eth_type'
  | 'vlan_vid' | 'vlan_pcp' | 'ip_dscp' | 'ip_ecn' | 'ip_proto'
  | 'ipv4_src' | 'ipv4_dst'
  | 'tcp_src' | 'tcp_dst' | 'udp_src' | 'udp_dst' | 'sctp_src' | 'sctp_dst'
  | 'icmpv4_type' | 'icmpv4_code'
  | 'arp_op' | 'arp_spa' | 'arp_tpa' | 'arp_sha' | 'arp_tha'
  | 'ipv6_src' | 'ipv6_dst' | 'ipv6_flabel' | 'icmpv6_type' | 'icmpv6_code'
  | 'ipv6_nd_target' | 'ipv6_nd_sll' | 'ipv6_nd_tll'
  | 'mpls_label' | 'mpls_tc' | 'mpls_bos'
  | 'pbb_isid' | 'tunnel_id' | 'ipv6_exthdr';

/** Value of an OXM field: number for fields up to 32 bits, bigint for 64-bit fields
 * (metadata, tunnel_id), string for MAC/IPv4/IPv6 addresses. */
export type OxmValue = number | bigint | string;

/** One OXM TLV of class OPENFLOW_BASIC. `mask` present means the HASMASK bit is set. */
export interface OxmBasicField {
  field: OxmFieldName;
  value: OxmValue;
  mask?: OxmValue;
}

/** Any OXM TLV the codec does not model (other classes, experimenter, unknown basic
 * field numbers): kept as raw bytes so it round-trips. `raw` is the whole TLV
 * including its 4-byte header. */
export interface OxmRawField {
  field: 'raw';
  oxmClass: number;
  oxmField: number;
  hasMask: boolean;
  raw: Buffer;
}

export type OxmField = OxmBasicField | OxmRawField;

/** An ofp_match of type OFPMT_OXM: the ordered list of its TLVs (order is kept so a
 * decoded match re-encodes to the same bytes). */
export type Match = OxmField[];

// ---------------------------------------------------------------- actions (spec 7.2.5)
export type Action =
  | { type: 'OUTPUT'; port: number; maxLen: number }
  | { type: 'COPY_TTL_OUT' } | { type: 'COPY_TTL_IN' }
  | { type: 'SET_MPLS_TTL'; mplsTtl: number } | { type: 'DEC_MPLS_TTL' }
  | { type: 'PUSH_VLAN'; ethertype: number } | { type: 'POP_VLAN' }
  | { type: 'PUSH_MPLS'; ethertype: number } | { type: 'POP_MPLS'; ethertype: number }
  | { type: 'SET_QUEUE'; queueId: number }
  | { type: 'GROUP'; groupId: number }
  | { type: 'SET_NW_TTL'; nwTtl: number } | { type: 'DEC_NW_TTL' }
  | { type: 'SET_FIELD'; field: OxmField }
  | { type: 'PUSH_PBB'; ethertype: number } | { type: 'POP_PBB' }
  /** `data` is everything after the 8-byte experimenter action header. Nicira
   * extensions (learn, ...) will get their own variants beside this one. */
  | { type: 'EXPERIMENTER'; experimenter: number; data: Buffer }
  /** An action type the codec does not know, kept whole (header included). */
  | { type: 'RAW'; actionType: number; raw: Buffer };

// ---------------------------------------------------------------- instructions (7.2.4)
export type Instruction =
  | { type: 'GOTO_TABLE'; tableId: number }
  | { type: 'WRITE_METADATA'; metadata: bigint; metadataMask: bigint }
  | { type: 'WRITE_ACTIONS'; actions: Action[] }
  | { type: 'APPLY_ACTIONS'; actions: Action[] }
  | { type: 'CLEAR_ACTIONS' }
  | { type: 'METER'; meterId: number }
  | { type: 'EXPERIMENTER'; experimenter: number; data: Buffer }
  | { type: 'RAW'; instructionType: number; raw: Buffer };

// ---------------------------------------------------------------- common structures
export interface Port {
  portNo: number;
  hwAddr: string;
  name: string;
  config: number;
  state: number;
  curr: number;
  advertised: number;
  supported: number;
  peer: number;
  currSpeed: number;
  maxSpeed: number;
}

export interface Bucket {
  weight: number;
  watchPort: number;
  watchGroup: number;
  actions: Action[];
}

export type MeterBand =
  | { type: 'DROP'; rate: number; burstSize: number }
  | { type: 'DSCP_REMARK'; rate: number; burstSize: number; precLevel: number }
  | { type: 'EXPERIMENTER'; rate: number; burstSize: number; experimenter: number; data: Buffer }
  | { type: 'RAW'; bandType: number; raw: Buffer };

/** Queue properties (spec 7.2.2): min/max rate, or kept raw. */
export type QueueProperty =
  | { type: 'MIN_RATE'; rate: number }
  | { type: 'MAX_RATE'; rate: number }
  | { type: 'EXPERIMENTER'; experimenter: number; data: Buffer }
  | { type: 'RAW'; propertyType: number; raw: Buffer };

export interface PacketQueue {
  queueId: number;
  port: number;
  properties: QueueProperty[];
}

export type HelloElement =
  | { type: 'VERSIONBITMAP'; bitmaps: number[] }
  | { type: 'RAW'; elementType: number; raw: Buffer };

// ---------------------------------------------------------------- messages
interface Base { xid: number }

/** `version` is set only when the header's version is not 4 (a peer's HELLO during
 * version negotiation, spec 6.3.1); the encoder writes it back (default 4). */
export interface Hello extends Base { type: 'HELLO'; elements: HelloElement[]; version?: number }
/** errType/errCode per spec 7.4.4. For errType 0xffff (EXPERIMENTER) `errCode` is
 * the exp_type and `experimenter` is set. `data` is usually the offending request. */
export interface ErrorMsg extends Base {
  type: 'ERROR'; errType: number; errCode: number; experimenter?: number; data: Buffer;
}
export interface EchoRequest extends Base { type: 'ECHO_REQUEST'; data: Buffer }
export interface EchoReply extends Base { type: 'ECHO_REPLY'; data: Buffer }
export interface Experimenter extends Base {
  type: 'EXPERIMENTER'; experimenter: number; expType: number; data: Buffer;
}
export interface FeaturesRequest extends Base { type: 'FEATURES_REQUEST' }
export interface FeaturesReply extends Base {
  type: 'FEATURES_REPLY'; datapathId: bigint; nBuffers: number; nTables: number;
  auxiliaryId: number; capabilities: number; reserved: number;
}
export interface GetConfigRequest extends Base { type: 'GET_CONFIG_REQUEST' }
export interface GetConfigReply extends Base { type: 'GET_CONFIG_REPLY'; flags: number; missSendLen: number }
export interface SetConfig extends Base { type: 'SET_CONFIG'; flags: number; missSendLen: number }
export interface PacketIn extends Base {
  type: 'PACKET_IN'; bufferId: number; totalLen: number; reason: number; tableId: number;
  cookie: bigint; match: Match; data: Buffer;
}
export interface FlowRemoved extends Base {
  type: 'FLOW_REMOVED'; cookie: bigint; priority: number; reason: number; tableId: number;
  durationSec: number; durationNsec: number; idleTimeout: number; hardTimeout: number;
  packetCount: bigint; byteCount: bigint; match: Match;
}
export interface PortStatus extends Base { type: 'PORT_STATUS'; reason: number; desc: Port }
export interface PacketOut extends Base {
  type: 'PACKET_OUT'; bufferId: number; inPort: number; actions: Action[]; data: Buffer;
}
export interface FlowMod extends Base {
  type: 'FLOW_MOD'; cookie: bigint; cookieMask: bigint; tableId: number; command: number;
  idleTimeout: number; hardTimeout: number; priority: number; bufferId: number;
  outPort: number; outGroup: number; flags: number; match: Match; instructions: Instruction[];
}
export interface GroupMod extends Base {
  type: 'GROUP_MOD'; command: number; groupType: number; groupId: number; buckets: Bucket[];
}
export interface PortMod extends Base {
  type: 'PORT_MOD'; portNo: number; hwAddr: string; config: number; mask: number; advertise: number;
}
export interface TableMod extends Base { type: 'TABLE_MOD'; tableId: number; config: number }
export interface MeterMod extends Base {
  type: 'METER_MOD'; command: number; flags: number; meterId: number; bands: MeterBand[];
}
export interface BarrierRequest extends Base { type: 'BARRIER_REQUEST' }
export interface BarrierReply extends Base { type: 'BARRIER_REPLY' }
export interface QueueGetConfigRequest extends Base { type: 'QUEUE_GET_CONFIG_REQUEST'; port: number }
export interface QueueGetConfigReply extends Base {
  type: 'QUEUE_GET_CONFIG_REPLY'; port: number; queues: PacketQueue[];
}
export interface RoleRequest extends Base { type: 'ROLE_REQUEST'; role: number; generationId: bigint }
export interface RoleReply extends Base { type: 'ROLE_REPLY'; role: number; generationId: bigint }
/** Async config masks (spec 7.3.10): index 0 is master/equal, index 1 is slave. */
export interface AsyncConfig {
  packetInMask: [number, number]; portStatusMask: [number, number]; flowRemovedMask: [number, number];
}
export interface GetAsyncRequest extends Base { type: 'GET_ASYNC_REQUEST' }
export interface GetAsyncReply extends Base, AsyncConfig { type: 'GET_ASYNC_REPLY' }
export interface SetAsync extends Base, AsyncConfig { type: 'SET_ASYNC' }

// ---------------------------------------------------------------- multipart (7.3.5)
export interface FlowStatsRequestBody {
  tableId: number; outPort: number; outGroup: number; cookie: bigint; cookieMask: bigint; match: Match;
}
export interface FlowStats {
  tableId: number; durationSec: number; durationNsec: number; priority: number;
  idleTimeout: number; hardTimeout: number; flags: number; cookie: bigint;
  packetCount: bigint; byteCount: bigint; match: Match; instructions: Instruction[];
}
export interface Desc { mfrDesc: string; hwDesc: string; swDesc: string; serialNum: string; dpDesc: string }
export interface AggregateStats { packetCount: bigint; byteCount: bigint; flowCount: number }
export interface TableStats { tableId: number; activeCount: number; lookupCount: bigint; matchedCount: bigint }
export interface PortStats {
  portNo: number; rxPackets: bigint; txPackets: bigint; rxBytes: bigint; txBytes: bigint;
  rxDropped: bigint; txDropped: bigint; rxErrors: bigint; txErrors: bigint; rxFrameErr: bigint;
  rxOverErr: bigint; rxCrcErr: bigint; collisions: bigint; durationSec: number; durationNsec: number;
}
export interface QueueStats {
  portNo: number; queueId: number; txBytes: bigint; txPackets: bigint; txErrors: bigint;
  durationSec: number; durationNsec: number;
}
export interface BucketCounter { packetCount: bigint; byteCount: bigint }
export interface GroupStats {
  groupId: number; refCount: number; packetCount: bigint; byteCount: bigint;
  durationSec: number; durationNsec: number; bucketStats: BucketCounter[];
}
export interface GroupDesc { groupType: number; groupId: number; buckets: Bucket[] }
export interface GroupFeatures {
  types: number; capabilities: number; maxGroups: [number, number, number, number];
  actions: [number, number, number, number];
}
export interface MeterBandStats { packetBandCount: bigint; byteBandCount: bigint }
export interface MeterStats {
  meterId: number; flowCount: number; packetInCount: bigint; byteInCount: bigint;
  durationSec: number; durationNsec: number; bandStats: MeterBandStats[];
}
export interface MeterConfig { flags: number; meterId: number; bands: MeterBand[] }
export interface MeterFeatures { maxMeter: number; bandTypes: number; capabilities: number; maxBands: number; maxColor: number }

/** Table feature properties (spec 7.3.5.5.2). Lists of ids keep their order;
 * OXM-id lists are [class<<16 | field<<9 | hasmask<<8 | length] header words,
 * experimenter ids kept as raw 4- or 8-byte entries. */
export type TableFeatureProp =
  | { type: 'INSTRUCTIONS' | 'INSTRUCTIONS_MISS'; ids: number[] }
  | { type: 'NEXT_TABLES' | 'NEXT_TABLES_MISS'; tableIds: number[] }
  | { type: 'WRITE_ACTIONS' | 'WRITE_ACTIONS_MISS' | 'APPLY_ACTIONS' | 'APPLY_ACTIONS_MISS'; ids: number[] }
  | { type: 'MATCH' | 'WILDCARDS' | 'WRITE_SETFIELD' | 'WRITE_SETFIELD_MISS' | 'APPLY_SETFIELD' | 'APPLY_SETFIELD_MISS'; oxmIds: Buffer }
  | { type: 'EXPERIMENTER' | 'EXPERIMENTER_MISS'; experimenter: number; expType: number; data: Buffer }
  | { type: 'RAW'; propertyType: number; raw: Buffer };
export interface TableFeatures {
  tableId: number; name: string; metadataMatch: bigint; metadataWrite: bigint; config: number;
  maxEntries: number; properties: TableFeatureProp[];
}
export interface PortStatsRequestBody { portNo: number }
export interface QueueStatsRequestBody { portNo: number; queueId: number }
export interface GroupStatsRequestBody { groupId: number }
export interface MeterRequestBody { meterId: number }
export interface ExperimenterMultipart { experimenter: number; expType: number; data: Buffer }

/** Multipart request bodies, discriminated by mpType (the OFPMP_* name). */
export type MultipartRequestBody =
  | { mpType: 'DESC' } | { mpType: 'TABLE' } | { mpType: 'GROUP_DESC' } | { mpType: 'GROUP_FEATURES' }
  | { mpType: 'METER_FEATURES' } | { mpType: 'PORT_DESC' }
  | { mpType: 'FLOW'; body: FlowStatsRequestBody }
  | { mpType: 'AGGREGATE'; body: FlowStatsRequestBody }
  | { mpType: 'PORT_STATS'; body: PortStatsRequestBody }
  | { mpType: 'QUEUE'; body: QueueStatsRequestBody }
  | { mpType: 'GROUP'; body: GroupStatsRequestBody }
  | { mpType: 'METER'; body: MeterRequestBody }
  | { mpType: 'METER_CONFIG'; body: MeterRequestBody }
  /** Empty list = ask for the current features; a list = set them. */
  | { mpType: 'TABLE_FEATURES'; body: TableFeatures[] }
  | { mpType: 'EXPERIMENTER'; body: ExperimenterMultipart };

export type MultipartReplyBody =
  | { mpType: 'DESC'; body: Desc }
  | { mpType: 'FLOW'; body: FlowStats[] }
  | { mpType: 'AGGREGATE'; body: AggregateStats }
  | { mpType: 'TABLE'; body: TableStats[] }
  | { mpType: 'PORT_STATS'; body: PortStats[] }
  | { mpType: 'QUEUE'; body: QueueStats[] }
  | { mpType: 'GROUP'; body: GroupStats[] }
  | { mpType: 'GROUP_DESC'; body: GroupDesc[] }
  | { mpType: 'GROUP_FEATURES'; body: GroupFeatures }
  | { mpType: 'METER'; body: MeterStats[] }
  | { mpType: 'METER_CONFIG'; body: MeterConfig[] }
  | { mpType: 'METER_FEATURES'; body: MeterFeatures }
  | { mpType: 'TABLE_FEATURES'; body: TableFeatures[] }
  | { mpType: 'PORT_DESC'; body: Port[] }
  | { mpType: 'EXPERIMENTER'; body: ExperimenterMultipart };

/** flags: OFPMPF_REQ_MORE / OFPMPF_REPLY_MORE (bit 0). */
export type MultipartRequest = Base & { type: 'MULTIPART_REQUEST'; flags: number } & MultipartRequestBody;
export type MultipartReply = Base & { type: 'MULTIPART_REPLY'; flags: number } & MultipartReplyBody;

export type OfMessage =
  | Hello | ErrorMsg | EchoRequest | EchoReply | Experimenter
  | FeaturesRequest | FeaturesReply | GetConfigRequest | GetConfigReply | SetConfig
  | PacketIn | FlowRemoved | PortStatus | PacketOut | FlowMod | GroupMod | PortMod | TableMod
  | MultipartRequest | MultipartReply | BarrierRequest | BarrierReply
  | QueueGetConfigRequest | QueueGetConfigReply | RoleRequest | RoleReply
  | GetAsyncRequest | GetAsyncReply | SetAsync | MeterMod;

export type OfMessageType = OfMessage['type'];
