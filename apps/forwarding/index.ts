// Public surface of the forwarding app.
export { ForwardingApp } from './forwarding-app';
export {
  DEFAULT_FORWARDING_CONFIG,
  FORWARDING_CONFIG_SCHEMA,
  type ForwardingConfig,
  forwardingConfigFrom,
} from './config';
export { LEARNED_COOKIE, TABLE_MISS_COOKIE } from './flows';
export { forwardingModule } from './module';
