/**
 * The shape a namespace's Bahasa Indonesia messages must have, derived from its English ones, so the
 * compiler refuses a catalogue with a missing or extra key. Indonesian has no singular form
 * (Intl.PluralRules('id') knows only "other"), so the `_one`/`_zero` plural variants English needs
 * are optional there.
 */
type PluralOnly = `${string}_one` | `${string}_zero` | `${string}_two` | `${string}_few` | `${string}_many`;

export type Messages<T> = {
  [K in keyof T as K extends PluralOnly ? never : K]: T[K] extends string ? string : Messages<T[K]>;
} & {
  [K in keyof T as K extends PluralOnly ? K : never]?: string;
};

/** A namespace as it is registered: English, then Bahasa Indonesia checked against it. */
export interface Namespace<T> {
  en: T;
  id: Messages<T>;
}
