import { useRunTempRoot } from './temp-root'

/** vitest's global setup: the run's temp folder (temp-root.ts); its teardown removes it. */
export default function setup(): () => void {
  return useRunTempRoot('vitest-run-')
}
