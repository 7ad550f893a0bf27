// Agora's documented character set for user ids and channel ids: ASCII letters and digits, the space, and
// ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , — at most 64 of them, and never the string "null".
// The kit accepts any 1–64 bytes of UTF-8; the facade keeps Agora's narrower rule so that an id Agora
// refused is refused here too, with the same error.
const AGORA_ID = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;

/** Whether `value` is a user or channel id the Agora RTM 1.x web SDK accepts. */
export function isAgoraId(value: unknown): value is string {
  return typeof value === 'string' && AGORA_ID.test(value) && value !== 'null';
}
