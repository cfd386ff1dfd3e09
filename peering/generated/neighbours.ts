import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AnswerReply as _slr_v1_AnswerReply, AnswerReply__Output as _slr_v1_AnswerReply__Output } from './slr/v1/AnswerReply';
import type { Attachment as _slr_v1_Attachment, Attachment__Output as _slr_v1_Attachment__Output } from './slr/v1/Attachment';
import type { ExplainAnswer as _slr_v1_ExplainAnswer, ExplainAnswer__Output as _slr_v1_ExplainAnswer__Output } from './slr/v1/ExplainAnswer';
import type { ExplainQuery as _slr_v1_ExplainQuery, ExplainQuery__Output as _slr_v1_ExplainQuery__Output } from './slr/v1/ExplainQuery';
import type { FlowClassifier as _slr_v1_FlowClassifier, FlowClassifier__Output as _slr_v1_FlowClassifier__Output } from './slr/v1/FlowClassifier';
import type { GoodbyeReply as _slr_v1_GoodbyeReply, GoodbyeReply__Output as _slr_v1_GoodbyeReply__Output } from './slr/v1/GoodbyeReply';
import type { GoodbyeRequest as _slr_v1_GoodbyeRequest, GoodbyeRequest__Output as _slr_v1_GoodbyeRequest__Output } from './slr/v1/GoodbyeRequest';
import type { HelloReply as _slr_v1_HelloReply, HelloReply__Output as _slr_v1_HelloReply__Output } from './slr/v1/HelloReply';
import type { HelloRequest as _slr_v1_HelloRequest, HelloRequest__Output as _slr_v1_HelloRequest__Output } from './slr/v1/HelloRequest';
import type { ListenRequest as _slr_v1_ListenRequest, ListenRequest__Output as _slr_v1_ListenRequest__Output } from './slr/v1/ListenRequest';
import type { LoadReport as _slr_v1_LoadReport, LoadReport__Output as _slr_v1_LoadReport__Output } from './slr/v1/LoadReport';
import type { NeighboursClient as _slr_v1_NeighboursClient, NeighboursDefinition as _slr_v1_NeighboursDefinition } from './slr/v1/Neighbours';
import type { RegistrationClient as _slr_v1_RegistrationClient, RegistrationDefinition as _slr_v1_RegistrationDefinition } from './slr/v1/Registration';
import type { ReleaseReply as _slr_v1_ReleaseReply, ReleaseReply__Output as _slr_v1_ReleaseReply__Output } from './slr/v1/ReleaseReply';
import type { ReleaseRequest as _slr_v1_ReleaseRequest, ReleaseRequest__Output as _slr_v1_ReleaseRequest__Output } from './slr/v1/ReleaseRequest';
import type { ReportReply as _slr_v1_ReportReply, ReportReply__Output as _slr_v1_ReportReply__Output } from './slr/v1/ReportReply';
import type { ServedSubnet as _slr_v1_ServedSubnet, ServedSubnet__Output as _slr_v1_ServedSubnet__Output } from './slr/v1/ServedSubnet';
import type { ShortcutEntry as _slr_v1_ShortcutEntry, ShortcutEntry__Output as _slr_v1_ShortcutEntry__Output } from './slr/v1/ShortcutEntry';
import type { ShortcutReply as _slr_v1_ShortcutReply, ShortcutReply__Output as _slr_v1_ShortcutReply__Output } from './slr/v1/ShortcutReply';
import type { ShortcutRequest as _slr_v1_ShortcutRequest, ShortcutRequest__Output as _slr_v1_ShortcutRequest__Output } from './slr/v1/ShortcutRequest';
import type { ShortcutResult as _slr_v1_ShortcutResult, ShortcutResult__Output as _slr_v1_ShortcutResult__Output } from './slr/v1/ShortcutResult';
import type { SubnetLoad as _slr_v1_SubnetLoad, SubnetLoad__Output as _slr_v1_SubnetLoad__Output } from './slr/v1/SubnetLoad';
import type { WhoHasReply as _slr_v1_WhoHasReply, WhoHasReply__Output as _slr_v1_WhoHasReply__Output } from './slr/v1/WhoHasReply';
import type { WhoHasRequest as _slr_v1_WhoHasRequest, WhoHasRequest__Output as _slr_v1_WhoHasRequest__Output } from './slr/v1/WhoHasRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  slr: {
    v1: {
      AnswerReply: MessageTypeDefinition<_slr_v1_AnswerReply, _slr_v1_AnswerReply__Output>
      Attachment: MessageTypeDefinition<_slr_v1_Attachment, _slr_v1_Attachment__Output>
      ExplainAnswer: MessageTypeDefinition<_slr_v1_ExplainAnswer, _slr_v1_ExplainAnswer__Output>
      ExplainQuery: MessageTypeDefinition<_slr_v1_ExplainQuery, _slr_v1_ExplainQuery__Output>
      FlowClassifier: MessageTypeDefinition<_slr_v1_FlowClassifier, _slr_v1_FlowClassifier__Output>
      GoodbyeReply: MessageTypeDefinition<_slr_v1_GoodbyeReply, _slr_v1_GoodbyeReply__Output>
      GoodbyeRequest: MessageTypeDefinition<_slr_v1_GoodbyeRequest, _slr_v1_GoodbyeRequest__Output>
      HelloReply: MessageTypeDefinition<_slr_v1_HelloReply, _slr_v1_HelloReply__Output>
      HelloRequest: MessageTypeDefinition<_slr_v1_HelloRequest, _slr_v1_HelloRequest__Output>
      ListenRequest: MessageTypeDefinition<_slr_v1_ListenRequest, _slr_v1_ListenRequest__Output>
      LoadReport: MessageTypeDefinition<_slr_v1_LoadReport, _slr_v1_LoadReport__Output>
      Neighbours: SubtypeConstructor<typeof grpc.Client, _slr_v1_NeighboursClient> & { service: _slr_v1_NeighboursDefinition }
      Registration: SubtypeConstructor<typeof grpc.Client, _slr_v1_RegistrationClient> & { service: _slr_v1_RegistrationDefinition }
      ReleaseReply: MessageTypeDefinition<_slr_v1_ReleaseReply, _slr_v1_ReleaseReply__Output>
      ReleaseRequest: MessageTypeDefinition<_slr_v1_ReleaseRequest, _slr_v1_ReleaseRequest__Output>
      ReportReply: MessageTypeDefinition<_slr_v1_ReportReply, _slr_v1_ReportReply__Output>
      ServedSubnet: MessageTypeDefinition<_slr_v1_ServedSubnet, _slr_v1_ServedSubnet__Output>
      ShortcutEntry: MessageTypeDefinition<_slr_v1_ShortcutEntry, _slr_v1_ShortcutEntry__Output>
      ShortcutReply: MessageTypeDefinition<_slr_v1_ShortcutReply, _slr_v1_ShortcutReply__Output>
      ShortcutRequest: MessageTypeDefinition<_slr_v1_ShortcutRequest, _slr_v1_ShortcutRequest__Output>
      ShortcutResult: MessageTypeDefinition<_slr_v1_ShortcutResult, _slr_v1_ShortcutResult__Output>
      SubnetLoad: MessageTypeDefinition<_slr_v1_SubnetLoad, _slr_v1_SubnetLoad__Output>
      WhoHasReply: MessageTypeDefinition<_slr_v1_WhoHasReply, _slr_v1_WhoHasReply__Output>
      WhoHasRequest: MessageTypeDefinition<_slr_v1_WhoHasRequest, _slr_v1_WhoHasRequest__Output>
    }
  }
}

