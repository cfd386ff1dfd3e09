// Original file: proto/slr/v1/registration.proto


export interface GoodbyeReply {
}

export interface GoodbyeReply__Output {
}
