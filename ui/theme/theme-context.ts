import { createContext, useContext } from 'react';
import { resolveTheme, type Theme } from './theme.js';

export const ThemeContext = createContext<Theme>(resolveTheme({}));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
