/** 1-D windows as 2-D ones with a leading axis of size 1, so one shader serves both. */
export function as2d(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0] as number] : [values[0] as number, values[1] as number];
}
