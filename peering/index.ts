// Public surface of the controller-side peering services, for the controller core and
// the service-routing app. Everything else in this folder is an implementation detail.
export { startAgentServer } from './agent-server';
export type { AgentServer, AgentServerOptions } from './agent-server';
export { fanOutSink } from './agent-events';
export type { AgentEventSink, RegisteredAgent, SubnetLoadEvent } from './agent-events';
export { agentsSectionSchema, AGENTS_SECTION_DEFAULTS } from './config-schema';
export type { AgentsSection, AgentsTlsFiles } from './config-schema';
export { staticServerDirectory } from './server-directory';
export type { AllowedServer, ServerDirectory } from './server-directory';
export type { PeeringCounters, RefusalReason } from './refusals';
export type { Log } from './log';
export type { Clock } from './clock';
