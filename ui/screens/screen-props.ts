import type { StationSnapshot } from '../../src/api/views.js';
import type { Modal, Pending } from '../hooks/app-reducer.js';

/** What the app hands every signed-in screen; a screen takes the parts it needs. */
export interface ScreenProps {
  readonly snapshot: StationSnapshot;
  readonly width: number;
  readonly height: number;
  readonly nowMs: number;
  readonly pending: readonly Pending[];
  readonly modal: Modal | null;
}
