// Flow expiry by statistics polling, for apps whose flows carry no idle timeout.
export { FlowExpiry, sliceCookie, type ExpiryHost, type FlowExpiryOptions, type SweepReport } from './flow-expiry';
export { defaultFlowKey, IdleTracker, type FlowKeyOf } from './idle-tracker';
