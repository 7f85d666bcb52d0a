/**
 * Human-readable durations exactly as apimachinery pkg/util/duration prints them (HumanDuration
 * for AGE / LAST SEEN columns, ShortHumanDuration where kubectl uses it). One implementation
 * serves the simulated apiserver's Table printers and kubectl's client-side printers.
 */

export {
  humanDuration,
  shortHumanDuration,
  translateTimestampSince,
} from '../../sim/apiserver/table/duration';
