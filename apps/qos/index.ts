// Public entry of the qos app.
export { qosModule, createQosApp } from './module';
export { QosApp, QosChangeError, type QosCounters, type QosPort } from './qos-app';
export { QOS_SECTION_SCHEMA, SERVICE_QOS_PROPERTIES, qosConfigFrom, type QosConfig } from './config-schema';
export { checkQosState, checkServiceQos, enforcementFor, grantShares, MeterIdAllocator, type QosProblem, type ServiceDirectory } from './shares';
export type * from './types';
