// Public surface of the controller-side peering services (registration between SLR
// levels and with server agents), for the process wiring and the agent. Everything else
// in this folder is an implementation detail.
export { startRegistrationServer } from './registration-server';
export type { RegistrationServer, RegistrationServerOptions } from './registration-server';
export { createRegistrationClient } from './registration-client';
export type { RegistrationApi, RegistrationClientOptions } from './registration-client';
export { fanOutSink } from './registration-sink';
export type { RegisteredPeer, RegistrationSink, ReleaseOutcome, ShortcutOutcome, SubnetLoadEvent } from './registration-sink';
export { agentsSectionSchema, AGENTS_SECTION_DEFAULTS, upstreamSectionSchema } from './config-schema';
export type { AgentsSection, AgentsTlsFiles, UpstreamSection } from './config-schema';
export { Registrant } from './registrant';
export type { RegistrantState } from './registrant';
export { staticDirectory } from './directory';
export type { AllowedPeer, PeerDirectory, TargetKindName } from './directory';
export type { PeeringCounters, RefusalReason } from './refusals';
export type { LivePeerView } from './registry';
export type { Log } from './log';
export { startNeighbourServer } from './neighbours-server';
export type { NeighbourServer } from './neighbours-server';
export { createNeighbourClient } from './neighbours-client';
export type { NeighbourApi } from './neighbours-client';
export { neighboursSectionSchema, NEIGHBOURS_DEFAULTS } from './neighbours-config';
export type { NeighbourPeer, NeighboursSection } from './neighbours-config';
export type { NeighbourServiceCounters } from './neighbours-service';
export type { WhoHasReplyMsg, WhoHasRequestMsg } from './wire-types';
