/** Light/dark theme: follows prefers-color-scheme unless the user picked one (kept in localStorage). */
export type ThemeChoice = 'system' | 'light' | 'dark';

const key = 'ao-theme';

export function readTheme(): ThemeChoice {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(key);
  else localStorage.setItem(key, choice);
  const dark =
    choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'dark' : choice === 'dark' ? 'light' : 'system';
}

/** Runs before first paint (inline in <head>) so the page never flashes the wrong theme. */
export const themeBootScript = `(function(){try{var c=localStorage.getItem('${key}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);document.documentElement.style.colorScheme=d?'dark':'light';}catch(e){}})();`;
