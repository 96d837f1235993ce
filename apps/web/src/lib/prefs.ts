/** The board's view preferences, remembered in localStorage: card density and grouping by project. */
export type Density = 'comfortable' | 'compact';

const densityKey = 'ao-density';
const groupKey = 'ao-group-by-project';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy settings): the defaults apply, nothing is remembered
  }
}

export function readDensity(): Density {
  return storage()?.getItem(densityKey) === 'compact' ? 'compact' : 'comfortable';
}

export function writeDensity(d: Density): void {
  storage()?.setItem(densityKey, d);
}

export function readGroupByProject(): boolean {
  return storage()?.getItem(groupKey) === '1';
}

export function writeGroupByProject(on: boolean): void {
  if (on) storage()?.setItem(groupKey, '1');
  else storage()?.removeItem(groupKey);
}
