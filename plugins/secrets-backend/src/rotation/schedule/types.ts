/** One `secrets.rotation.schedules[]` entry, or a key's `rotate-every` annotation, read. */
export interface RotationSchedule {
  /** `<mount>/<path>` pattern; absent for an annotation (it names its own key). */
  path?: string;
  everyMs: number;
  /** As written (`30d`), for the rotation's reason. */
  every: string;
}
