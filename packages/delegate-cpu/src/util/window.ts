/**
 * For one spatial axis: the range of output positions [lo, hi) whose input position
 * `o·stride − padBegin + offset` falls inside [0, inSize). Used to split interior from border.
 */
export function validOutputRange(
  inSize: number,
  outSize: number,
  stride: number,
  padBegin: number,
  offset: number,
): [number, number] {
  const lo = Math.min(outSize, Math.max(0, Math.ceil((padBegin - offset) / stride)));
  const hi = Math.max(lo, Math.min(outSize, Math.floor((inSize - 1 + padBegin - offset) / stride) + 1));
  return [lo, hi];
}
