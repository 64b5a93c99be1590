/** The console's colour scheme: `auto` follows the system; the choice is kept in this browser. */
export type ThemeChoice = 'auto' | 'light' | 'dark';

const storageKey = 'parley-console-theme';

export function savedTheme(): ThemeChoice {
  try {
    const saved = window.localStorage.getItem(storageKey);
    return saved === 'light' || saved === 'dark' ? saved : 'auto';
  } catch {
    return 'auto';
  }
}

export function saveTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'auto') window.localStorage.removeItem(storageKey);
    else window.localStorage.setItem(storageKey, choice);
  } catch {
    // Storage refused (private mode): the choice lasts until the page is left.
  }
}
