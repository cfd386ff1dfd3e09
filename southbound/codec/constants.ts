// Numeric constants of OpenFlow 1.3.5 (names as in the spec's openflow.h, values from
// the spec sections cited). Messages keep numbers; these names are for code and logs.

export * from './error-codes';

/** Wire protocol version of OpenFlow 1.3 (spec 7.1). */
export const OFP_VERSION = 4;
export const OFP_HEADER_LEN = 8;
/** The length field is 16 bits, so no message can be longer than this. */
export const OFP_MAX_MESSAGE_LEN = 0xffff;

// ofp_type (spec 7.1)
export const OFPT_HELLO = 0;
export const OFPT_ERROR = 1;
export const OFPT_ECHO_REQUEST = 2;
export const OFPT_ECHO_REPLY = 3;
export const OFPT_EXPERIMENTER = 4;
export const OFPT_FEATURES_REQUEST = 5;
export const OFPT_FEATURES_REPLY = 6;
export const OFPT_GET_CONFIG_REQUEST = 7;
export const OFPT_GET_CONFIG_REPLY = 8;
export const OFPT_SET_CONFIG = 9;
export const OFPT_PACKET_IN = 10;
export const OFPT_FLOW_REMOVED = 11;
export const OFPT_PORT_STATUS = 12;
export const OFPT_PACKET_OUT = 13;
export const OFPT_FLOW_MOD = 14;
export const OFPT_GROUP_MOD = 15;
export const OFPT_PORT_MOD = 16;
export const OFPT_TABLE_MOD = 17;
export const OFPT_MULTIPART_REQUEST = 18;
export const OFPT_MULTIPART_REPLY = 19;
export const OFPT_BARRIER_REQUEST = 20;
export const OFPT_BARRIER_REPLY = 21;
export const OFPT_QUEUE_GET_CONFIG_REQUEST = 22;
export const OFPT_QUEUE_GET_CONFIG_REPLY = 23;
export const OFPT_ROLE_REQUEST = 24;
export const OFPT_ROLE_REPLY = 25;
export const OFPT_GET_ASYNC_REQUEST = 26;
export const OFPT_GET_ASYNC_REPLY = 27;
export const OFPT_SET_ASYNC = 28;
export const OFPT_METER_MOD = 29;

// Reserved ports, ofp_port_no (spec 7.2.1)
export const OFPP_MAX = 0xffffff00;
export const OFPP_IN_PORT = 0xfffffff8;
export const OFPP_TABLE = 0xfffffff9;
export const OFPP_NORMAL = 0xfffffffa;
export const OFPP_FLOOD = 0xfffffffb;
export const OFPP_ALL = 0xfffffffc;
export const OFPP_CONTROLLER = 0xfffffffd;
export const OFPP_LOCAL = 0xfffffffe;
export const OFPP_ANY = 0xffffffff;

// ofp_port_config (spec 7.2.1)
export const OFPPC_PORT_DOWN = 1 << 0;
export const OFPPC_NO_RECV = 1 << 2;
export const OFPPC_NO_FWD = 1 << 5;
export const OFPPC_NO_PACKET_IN = 1 << 6;
// ofp_port_state
export const OFPPS_LINK_DOWN = 1 << 0;
export const OFPPS_BLOCKED = 1 << 1;
export const OFPPS_LIVE = 1 << 2;
// ofp_port_features
export const OFPPF_10MB_HD = 1 << 0;
export const OFPPF_10MB_FD = 1 << 1;
export const OFPPF_100MB_HD = 1 << 2;
export const OFPPF_100MB_FD = 1 << 3;
export const OFPPF_1GB_HD = 1 << 4;
export const OFPPF_1GB_FD = 1 << 5;
export const OFPPF_10GB_FD = 1 << 6;
export const OFPPF_40GB_FD = 1 << 7;
export const OFPPF_100GB_FD = 1 << 8;
export const OFPPF_1TB_FD = 1 << 9;
export const OFPPF_OTHER = 1 << 10;
export const OFPPF_COPPER = 1 << 11;
export const OFPPF_FIBER = 1 << 12;
export const OFPPF_AUTONEG = 1 << 13;
export const OFPPF_PAUSE = 1 << 14;
export const OFPPF_PAUSE_ASYM = 1 << 15;

// Buffers and miss_send_len (spec 7.2.5, 7.3.2)
export const OFP_NO_BUFFER = 0xffffffff;
export const OFPCML_MAX = 0xffe5;
export const OFPCML_NO_BUFFER = 0xffff;

// ofp_flow_mod_command and flags (spec 7.3.4.2)
export const OFPFC_ADD = 0;
export const OFPFC_MODIFY = 1;
export const OFPFC_MODIFY_STRICT = 2;
export const OFPFC_DELETE = 3;
export const OFPFC_DELETE_STRICT = 4;
export const OFPFF_SEND_FLOW_REM = 1 << 0;
export const OFPFF_CHECK_OVERLAP = 1 << 1;
export const OFPFF_RESET_COUNTS = 1 << 2;
export const OFPFF_NO_PKT_COUNTS = 1 << 3;
export const OFPFF_NO_BYT_COUNTS = 1 << 4;

// Tables (spec 7.2.4, 7.3.3)
export const OFPTT_MAX = 0xfe;
export const OFPTT_ALL = 0xff;
export const OFPTC_DEPRECATED_MASK = 3;

// ofp_packet_in_reason (spec 7.4.1)
export const OFPR_NO_MATCH = 0;
export const OFPR_ACTION = 1;
export const OFPR_INVALID_TTL = 2;
// ofp_flow_removed_reason (spec 7.4.2)
export const OFPRR_IDLE_TIMEOUT = 0;
export const OFPRR_HARD_TIMEOUT = 1;
export const OFPRR_DELETE = 2;
export const OFPRR_GROUP_DELETE = 3;
// ofp_port_reason (spec 7.4.3)
export const OFPPR_ADD = 0;
export const OFPPR_DELETE = 1;
export const OFPPR_MODIFY = 2;

// ofp_controller_role (spec 7.3.9)
export const OFPCR_ROLE_NOCHANGE = 0;
export const OFPCR_ROLE_EQUAL = 1;
export const OFPCR_ROLE_MASTER = 2;
export const OFPCR_ROLE_SLAVE = 3;

// Groups (spec 7.3.4.3)
export const OFPG_MAX = 0xffffff00;
export const OFPG_ALL = 0xfffffffc;
export const OFPG_ANY = 0xffffffff;
export const OFPGC_ADD = 0;
export const OFPGC_MODIFY = 1;
export const OFPGC_DELETE = 2;
export const OFPGT_ALL = 0;
export const OFPGT_SELECT = 1;
export const OFPGT_INDIRECT = 2;
export const OFPGT_FF = 3;
// ofp_group_capabilities (spec 7.3.5.13)
export const OFPGFC_SELECT_WEIGHT = 1 << 0;
export const OFPGFC_SELECT_LIVENESS = 1 << 1;
export const OFPGFC_CHAINING = 1 << 2;
export const OFPGFC_CHAINING_CHECKS = 1 << 3;

// Meters (spec 7.3.4.5)
export const OFPM_MAX = 0xffff0000;
export const OFPM_SLOWPATH = 0xfffffffd;
export const OFPM_CONTROLLER = 0xfffffffe;
export const OFPM_ALL = 0xffffffff;
export const OFPMC_ADD = 0;
export const OFPMC_MODIFY = 1;
export const OFPMC_DELETE = 2;
export const OFPMF_KBPS = 1 << 0;
export const OFPMF_PKTPS = 1 << 1;
export const OFPMF_BURST = 1 << 2;
export const OFPMF_STATS = 1 << 3;
export const OFPMBT_DROP = 1;
export const OFPMBT_DSCP_REMARK = 2;
export const OFPMBT_EXPERIMENTER = 0xffff;

// Multipart (spec 7.3.5)
export const OFPMP_DESC = 0;
export const OFPMP_FLOW = 1;
export const OFPMP_AGGREGATE = 2;
export const OFPMP_TABLE = 3;
export const OFPMP_PORT_STATS = 4;
export const OFPMP_QUEUE = 5;
export const OFPMP_GROUP = 6;
export const OFPMP_GROUP_DESC = 7;
export const OFPMP_GROUP_FEATURES = 8;
export const OFPMP_METER = 9;
export const OFPMP_METER_CONFIG = 10;
export const OFPMP_METER_FEATURES = 11;
export const OFPMP_TABLE_FEATURES = 12;
export const OFPMP_PORT_DESC = 13;
export const OFPMP_EXPERIMENTER = 0xffff;
export const OFPMPF_REQ_MORE = 1 << 0;
export const OFPMPF_REPLY_MORE = 1 << 0;

// Table feature property types (spec 7.3.5.5.2)
export const OFPTFPT_INSTRUCTIONS = 0;
export const OFPTFPT_INSTRUCTIONS_MISS = 1;
export const OFPTFPT_NEXT_TABLES = 2;
export const OFPTFPT_NEXT_TABLES_MISS = 3;
export const OFPTFPT_WRITE_ACTIONS = 4;
export const OFPTFPT_WRITE_ACTIONS_MISS = 5;
export const OFPTFPT_APPLY_ACTIONS = 6;
export const OFPTFPT_APPLY_ACTIONS_MISS = 7;
export const OFPTFPT_MATCH = 8;
export const OFPTFPT_WILDCARDS = 10;
export const OFPTFPT_WRITE_SETFIELD = 12;
export const OFPTFPT_WRITE_SETFIELD_MISS = 13;
export const OFPTFPT_APPLY_SETFIELD = 14;
export const OFPTFPT_APPLY_SETFIELD_MISS = 15;
export const OFPTFPT_EXPERIMENTER = 0xfffe;
export const OFPTFPT_EXPERIMENTER_MISS = 0xffff;

// Queues (spec 7.2.2, 7.3.5.6)
export const OFPQ_ALL = 0xffffffff;
export const OFPQT_MIN_RATE = 1;
export const OFPQT_MAX_RATE = 2;
export const OFPQT_EXPERIMENTER = 0xffff;

// ofp_capabilities (spec 7.3.1)
export const OFPC_FLOW_STATS = 1 << 0;
export const OFPC_TABLE_STATS = 1 << 1;
export const OFPC_PORT_STATS = 1 << 2;
export const OFPC_GROUP_STATS = 1 << 3;
export const OFPC_IP_REASM = 1 << 5;
export const OFPC_QUEUE_STATS = 1 << 6;
export const OFPC_PORT_BLOCKED = 1 << 8;
// ofp_config_flags (spec 7.3.2)
export const OFPC_FRAG_NORMAL = 0;
export const OFPC_FRAG_DROP = 1;
export const OFPC_FRAG_REASM = 2;
export const OFPC_FRAG_MASK = 3;

// Hello elements (spec 7.5.1)
export const OFPHET_VERSIONBITMAP = 1;

// Match (spec 7.2.3)
export const OFPMT_STANDARD = 0;
export const OFPMT_OXM = 1;
export const OFPXMC_NXM_0 = 0x0000;
export const OFPXMC_NXM_1 = 0x0001;
export const OFPXMC_OPENFLOW_BASIC = 0x8000;
export const OFPXMC_EXPERIMENTER = 0xffff;
/** VLAN id present bit of OXM_OF_VLAN_VID (spec 7.2.3.8). */
export const OFPVID_PRESENT = 0x1000;
export const OFPVID_NONE = 0x0000;
// IPv6 extension header pseudo-field bits (spec 7.2.3.9)
export const OFPIEH_NONEXT = 1 << 0;
export const OFPIEH_ESP = 1 << 1;
export const OFPIEH_AUTH = 1 << 2;
export const OFPIEH_DEST = 1 << 3;
export const OFPIEH_FRAG = 1 << 4;
export const OFPIEH_ROUTER = 1 << 5;
export const OFPIEH_HOP = 1 << 6;
export const OFPIEH_UNREP = 1 << 7;
export const OFPIEH_UNSEQ = 1 << 8;

// Instruction types (spec 7.2.4)
export const OFPIT_GOTO_TABLE = 1;
export const OFPIT_WRITE_METADATA = 2;
export const OFPIT_WRITE_ACTIONS = 3;
export const OFPIT_APPLY_ACTIONS = 4;
export const OFPIT_CLEAR_ACTIONS = 5;
export const OFPIT_METER = 6;
export const OFPIT_EXPERIMENTER = 0xffff;

// Action types (spec 7.2.5)
export const OFPAT_OUTPUT = 0;
export const OFPAT_COPY_TTL_OUT = 11;
export const OFPAT_COPY_TTL_IN = 12;
export const OFPAT_SET_MPLS_TTL = 15;
export const OFPAT_DEC_MPLS_TTL = 16;
export const OFPAT_PUSH_VLAN = 17;
export const OFPAT_POP_VLAN = 18;
export const OFPAT_PUSH_MPLS = 19;
export const OFPAT_POP_MPLS = 20;
export const OFPAT_SET_QUEUE = 21;
export const OFPAT_GROUP = 22;
export const OFPAT_SET_NW_TTL = 23;
export const OFPAT_DEC_NW_TTL = 24;
export const OFPAT_SET_FIELD = 25;
export const OFPAT_PUSH_PBB = 26;
export const OFPAT_POP_PBB = 27;
export const OFPAT_EXPERIMENTER = 0xffff;
