// Public API of the OpenFlow switch channel. The controller codes against these
// names only; nothing here imports from controller/ or apps/.
export type { ChannelConfig, ChannelLogger, ChannelRoleConfig, ChannelTlsConfig } from './config';
export { DEFAULT_CHANNEL_CONFIG, SILENT_LOGGER } from './config';
export { ChannelError, type ChannelErrorCode } from './errors';
export { type ChannelState, ROLE_NUMBER } from './handshake';
export { OfListener } from './listener';
export { SwitchConnection } from './switch-connection';
export { type ChannelStats, newChannelStats } from './stats';
export type { PacketInLimit } from './packet-in-limiter';
export { DatapathRegistry } from './datapath-registry';
export { mergeMultipartParts } from './multipart-merge';
