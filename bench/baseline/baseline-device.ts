/**
 * The hand-written baseline knows one device per user (protocol v1 semantics):
 * it fills the v2 device fields with this constant so that it speaks the same
 * frame format, and its frames cost what the kit's do on the wire.
 */
export const BASELINE_DEVICE = 'baseline-device';
