// Original file: proto/slr/v1/neighbours.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { WhoHasReply as _slr_v1_WhoHasReply, WhoHasReply__Output as _slr_v1_WhoHasReply__Output } from '../../slr/v1/WhoHasReply';
import type { WhoHasRequest as _slr_v1_WhoHasRequest, WhoHasRequest__Output as _slr_v1_WhoHasRequest__Output } from '../../slr/v1/WhoHasRequest';

export interface NeighboursClient extends grpc.Client {
  WhoHas(argument: _slr_v1_WhoHasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  WhoHas(argument: _slr_v1_WhoHasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  WhoHas(argument: _slr_v1_WhoHasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  WhoHas(argument: _slr_v1_WhoHasRequest, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  whoHas(argument: _slr_v1_WhoHasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  whoHas(argument: _slr_v1_WhoHasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  whoHas(argument: _slr_v1_WhoHasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  whoHas(argument: _slr_v1_WhoHasRequest, callback: grpc.requestCallback<_slr_v1_WhoHasReply__Output>): grpc.ClientUnaryCall;
  
}

export interface NeighboursHandlers extends grpc.UntypedServiceImplementation {
  WhoHas: grpc.handleUnaryCall<_slr_v1_WhoHasRequest__Output, _slr_v1_WhoHasReply>;
  
}

export interface NeighboursDefinition extends grpc.ServiceDefinition {
  WhoHas: MethodDefinition<_slr_v1_WhoHasRequest, _slr_v1_WhoHasReply, _slr_v1_WhoHasRequest__Output, _slr_v1_WhoHasReply__Output>
}
