// Original file: proto/slr/v1/registration.proto


export interface AnswerReply {
}

export interface AnswerReply__Output {
}
