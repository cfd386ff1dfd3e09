// Original file: proto/slr/v1/registration.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AnswerReply as _slr_v1_AnswerReply, AnswerReply__Output as _slr_v1_AnswerReply__Output } from '../../slr/v1/AnswerReply';
import type { ExplainAnswer as _slr_v1_ExplainAnswer, ExplainAnswer__Output as _slr_v1_ExplainAnswer__Output } from '../../slr/v1/ExplainAnswer';
import type { ExplainQuery as _slr_v1_ExplainQuery, ExplainQuery__Output as _slr_v1_ExplainQuery__Output } from '../../slr/v1/ExplainQuery';
import type { GoodbyeReply as _slr_v1_GoodbyeReply, GoodbyeReply__Output as _slr_v1_GoodbyeReply__Output } from '../../slr/v1/GoodbyeReply';
import type { GoodbyeRequest as _slr_v1_GoodbyeRequest, GoodbyeRequest__Output as _slr_v1_GoodbyeRequest__Output } from '../../slr/v1/GoodbyeRequest';
import type { HelloReply as _slr_v1_HelloReply, HelloReply__Output as _slr_v1_HelloReply__Output } from '../../slr/v1/HelloReply';
import type { HelloRequest as _slr_v1_HelloRequest, HelloRequest__Output as _slr_v1_HelloRequest__Output } from '../../slr/v1/HelloRequest';
import type { ListenRequest as _slr_v1_ListenRequest, ListenRequest__Output as _slr_v1_ListenRequest__Output } from '../../slr/v1/ListenRequest';
import type { LoadReport as _slr_v1_LoadReport, LoadReport__Output as _slr_v1_LoadReport__Output } from '../../slr/v1/LoadReport';
import type { ReleaseReply as _slr_v1_ReleaseReply, ReleaseReply__Output as _slr_v1_ReleaseReply__Output } from '../../slr/v1/ReleaseReply';
import type { ReleaseRequest as _slr_v1_ReleaseRequest, ReleaseRequest__Output as _slr_v1_ReleaseRequest__Output } from '../../slr/v1/ReleaseRequest';
import type { ReportReply as _slr_v1_ReportReply, ReportReply__Output as _slr_v1_ReportReply__Output } from '../../slr/v1/ReportReply';
import type { ShortcutReply as _slr_v1_ShortcutReply, ShortcutReply__Output as _slr_v1_ShortcutReply__Output } from '../../slr/v1/ShortcutReply';
import type { ShortcutRequest as _slr_v1_ShortcutRequest, ShortcutRequest__Output as _slr_v1_ShortcutRequest__Output } from '../../slr/v1/ShortcutRequest';

export interface RegistrationClient extends grpc.Client {
  Answer(argument: _slr_v1_ExplainAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  Answer(argument: _slr_v1_ExplainAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  Answer(argument: _slr_v1_ExplainAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  Answer(argument: _slr_v1_ExplainAnswer, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  answer(argument: _slr_v1_ExplainAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  answer(argument: _slr_v1_ExplainAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  answer(argument: _slr_v1_ExplainAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  answer(argument: _slr_v1_ExplainAnswer, callback: grpc.requestCallback<_slr_v1_AnswerReply__Output>): grpc.ClientUnaryCall;
  
  Goodbye(argument: _slr_v1_GoodbyeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  Goodbye(argument: _slr_v1_GoodbyeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  Goodbye(argument: _slr_v1_GoodbyeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  Goodbye(argument: _slr_v1_GoodbyeRequest, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  goodbye(argument: _slr_v1_GoodbyeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  goodbye(argument: _slr_v1_GoodbyeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  goodbye(argument: _slr_v1_GoodbyeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  goodbye(argument: _slr_v1_GoodbyeRequest, callback: grpc.requestCallback<_slr_v1_GoodbyeReply__Output>): grpc.ClientUnaryCall;
  
  Hello(argument: _slr_v1_HelloRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _slr_v1_HelloRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _slr_v1_HelloRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _slr_v1_HelloRequest, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _slr_v1_HelloRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _slr_v1_HelloRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _slr_v1_HelloRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _slr_v1_HelloRequest, callback: grpc.requestCallback<_slr_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  
  Listen(argument: _slr_v1_ListenRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_slr_v1_ExplainQuery__Output>;
  Listen(argument: _slr_v1_ListenRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_slr_v1_ExplainQuery__Output>;
  listen(argument: _slr_v1_ListenRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_slr_v1_ExplainQuery__Output>;
  listen(argument: _slr_v1_ListenRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_slr_v1_ExplainQuery__Output>;
  
  Release(argument: _slr_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _slr_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _slr_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _slr_v1_ReleaseRequest, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _slr_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _slr_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _slr_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _slr_v1_ReleaseRequest, callback: grpc.requestCallback<_slr_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  
  Report(argument: _slr_v1_LoadReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _slr_v1_LoadReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _slr_v1_LoadReport, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  Report(argument: _slr_v1_LoadReport, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _slr_v1_LoadReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _slr_v1_LoadReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _slr_v1_LoadReport, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  report(argument: _slr_v1_LoadReport, callback: grpc.requestCallback<_slr_v1_ReportReply__Output>): grpc.ClientUnaryCall;
  
  Shortcut(argument: _slr_v1_ShortcutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  Shortcut(argument: _slr_v1_ShortcutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  Shortcut(argument: _slr_v1_ShortcutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  Shortcut(argument: _slr_v1_ShortcutRequest, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  shortcut(argument: _slr_v1_ShortcutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  shortcut(argument: _slr_v1_ShortcutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  shortcut(argument: _slr_v1_ShortcutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  shortcut(argument: _slr_v1_ShortcutRequest, callback: grpc.requestCallback<_slr_v1_ShortcutReply__Output>): grpc.ClientUnaryCall;
  
}

export interface RegistrationHandlers extends grpc.UntypedServiceImplementation {
  Answer: grpc.handleUnaryCall<_slr_v1_ExplainAnswer__Output, _slr_v1_AnswerReply>;
  
  Goodbye: grpc.handleUnaryCall<_slr_v1_GoodbyeRequest__Output, _slr_v1_GoodbyeReply>;
  
  Hello: grpc.handleUnaryCall<_slr_v1_HelloRequest__Output, _slr_v1_HelloReply>;
  
  Listen: grpc.handleServerStreamingCall<_slr_v1_ListenRequest__Output, _slr_v1_ExplainQuery>;
  
  Release: grpc.handleUnaryCall<_slr_v1_ReleaseRequest__Output, _slr_v1_ReleaseReply>;
  
  Report: grpc.handleUnaryCall<_slr_v1_LoadReport__Output, _slr_v1_ReportReply>;
  
  Shortcut: grpc.handleUnaryCall<_slr_v1_ShortcutRequest__Output, _slr_v1_ShortcutReply>;
  
}

export interface RegistrationDefinition extends grpc.ServiceDefinition {
  Answer: MethodDefinition<_slr_v1_ExplainAnswer, _slr_v1_AnswerReply, _slr_v1_ExplainAnswer__Output, _slr_v1_AnswerReply__Output>
  Goodbye: MethodDefinition<_slr_v1_GoodbyeRequest, _slr_v1_GoodbyeReply, _slr_v1_GoodbyeRequest__Output, _slr_v1_GoodbyeReply__Output>
  Hello: MethodDefinition<_slr_v1_HelloRequest, _slr_v1_HelloReply, _slr_v1_HelloRequest__Output, _slr_v1_HelloReply__Output>
  Listen: MethodDefinition<_slr_v1_ListenRequest, _slr_v1_ExplainQuery, _slr_v1_ListenRequest__Output, _slr_v1_ExplainQuery__Output>
  Release: MethodDefinition<_slr_v1_ReleaseRequest, _slr_v1_ReleaseReply, _slr_v1_ReleaseRequest__Output, _slr_v1_ReleaseReply__Output>
  Report: MethodDefinition<_slr_v1_LoadReport, _slr_v1_ReportReply, _slr_v1_LoadReport__Output, _slr_v1_ReportReply__Output>
  Shortcut: MethodDefinition<_slr_v1_ShortcutRequest, _slr_v1_ShortcutReply, _slr_v1_ShortcutRequest__Output, _slr_v1_ShortcutReply__Output>
}
