// What every route module gets.
import type { NorthboundServices } from '../services';
import type { StateRepository } from '../state/repository';

export interface RouteContext {
  services: NorthboundServices;
  repo: StateRepository;
}
